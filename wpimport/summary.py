"""What an import did: created, updated and skipped by kind, with the reasons."""

from collections import Counter, defaultdict

EXAMPLES_KEPT = 25  # per reason: enough to act on, bounded however big the export


class Summary:
    OUTCOMES = ("created", "updated", "skipped")

    def __init__(self):
        self.counts = defaultdict(Counter)  # kind -> outcome -> n
        self.reasons = defaultdict(Counter)  # (kind, outcome or "note") -> reason -> n
        self.examples = defaultdict(list)  # (kind, reason) -> ["post 12 “Title”", ...]

    def count(self, kind, outcome, reason=None, example=None):
        self.counts[kind][outcome] += 1
        if reason:
            self._reason(kind, outcome, reason, example)

    def note(self, kind, reason, example=None):
        """Something the editors should know about an object that was imported."""
        self._reason(kind, "note", reason, example)

    def _reason(self, kind, outcome, reason, example):
        self.reasons[(kind, outcome)][reason] += 1
        kept = self.examples[(kind, reason)]
        if example and len(kept) < EXAMPLES_KEPT:
            kept.append(example)

    def total(self, outcome):
        return sum(c[outcome] for c in self.counts.values())

    def reasons_for(self, kind, outcome):
        return dict(self.reasons[(kind, outcome)])

    def table(self):
        """The summary as lines of text."""
        kinds = sorted(self.counts, key=KIND_ORDER.index)
        width = max([len(k) for k in kinds] + [len("kind")])
        lines = ["", f"{'kind':<{width}}  {'created':>8}  {'updated':>8}  {'skipped':>8}"]
        for kind in kinds:
            c = self.counts[kind]
            cells = "".join(f"  {c[outcome]:>8}" for outcome in self.OUTCOMES)
            lines.append(f"{kind:<{width}}{cells}")
        for title, outcome in (("Skipped", "skipped"), ("Notes", "note")):
            rows = [(kind, reason, n) for (kind, o), reasons in sorted(self.reasons.items())
                    if o == outcome for reason, n in sorted(reasons.items())]
            if not rows:
                continue
            lines += ["", f"{title}:"]
            for kind, reason, n in rows:
                lines.append(f"  {kind}: {reason} ({n})")
                examples = self.examples[(kind, reason)]
                lines += [f"      {e}" for e in examples]
                if n > len(examples) and examples:
                    lines.append(f"      … and {n - len(examples)} more")
        return lines


KIND_ORDER = ["author", "category", "tag", "term", "post", "page", "attachment",
              "featured image", "comment", "old address", "item"]
