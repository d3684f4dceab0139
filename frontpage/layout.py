"""What the front page shows: its zones, each story at most once, in a fixed number
of queries whatever the number of zones, slots or stories.

1. The zones (lead, top stories, section blocks; defaults where editors made none).
2. The slots in force now whose stories readers may see: they are placed first, each
   story in the first zone that pins it, so a fill never takes an editor's choice.
3. The fill for the lead and top stories: the newest featured stories, then the newest.
4. and 5. The fill for the section blocks: each section's newest stories (a cut-off per
   section, then the stories since, as the archive's index serves them).
6. and 7. The chosen stories with what a teaser shows, through `published()` again.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from articles.models import Article, Section, published_teasers
from newsroom.prepared import EXAMPLE_TIME, prepared

from .models import Slot, Zone

# Every query here is prepared (newsroom/prepared.py): the front page runs the same
# shapes on every render. Those whose SQL holds a count keep one shape per count.

# The layout before editors change anything (and after a test empties the tables).
DEFAULT_TOP_SIZE = 3
SECTION_BLOCK_SIZE = 4


@dataclass
class Block:
    """One zone as the page shows it: its heading, link and stories in order."""

    zone: Zone
    section: Section | None = None
    ids: list = field(default_factory=list)
    articles: list = field(default_factory=list)

    @property
    def kind(self):
        return self.zone.kind

    @property
    def heading(self):
        if self.zone.title:
            return self.zone.title
        return self.section.name if self.section else self.zone.get_kind_display()

    @property
    def slug(self):
        return self.section.slug if self.section else self.zone.kind

    @property
    def size(self):
        return self.zone.size


@dataclass
class FrontPage:
    lead: Article | None
    top: Block
    sections: list

    @property
    def stories(self):
        shown = [self.lead] if self.lead else []
        return shown + self.top.articles + [a for b in self.sections for a in b.articles]


def _zones():
    """Lead, top and the explicit section zones, in page order (defaults filled in)."""
    zones = ZONES()
    kinds = {zone.kind for zone in zones}
    defaults = []
    if Zone.Kind.LEAD not in kinds:
        defaults.append(Zone(kind=Zone.Kind.LEAD, size=1, position=0))
    if Zone.Kind.TOP not in kinds:
        defaults.append(Zone(kind=Zone.Kind.TOP, size=DEFAULT_TOP_SIZE, position=0))
    return defaults + zones


ZONES = prepared(lambda: Zone.objects.select_related("section"))

PINNED = prepared(
    lambda now: Slot.objects.active(now)
    # A correlated check per slot: `article__in` would list every published story.
    .filter(Exists(Article.objects.published(now).filter(pk=OuterRef("article_id"))))
    .order_by("zone_id", "position", F("starts_at").desc(nulls_last=True), "-id")
    .values_list("zone_id", "position", "article_id"),
    EXAMPLE_TIME)


def _pinned(zones, now):
    """{zone: {position: article id}} from the slots in force, and the ids placed."""
    by_zone = {zone.pk: zone for zone in zones if zone.pk}
    rows = PINNED(now)
    wanted = {}
    for zone_id, position, article_id in rows:
        zone = by_zone.get(zone_id)
        if zone is not None and position <= zone.size:
            # The latest-starting slot of a position wins (a morning's, then an evening's).
            wanted.setdefault(zone_id, {}).setdefault(position, article_id)
    pinned, placed = {}, set()
    for zone in zones:  # page order: a story pinned twice shows in the first zone only
        for position, article_id in sorted(wanted.get(zone.pk, {}).items()):
            if article_id not in placed:
                pinned.setdefault(zone.pk or zone.kind, {})[position] = article_id
                placed.add(article_id)
    return pinned, placed


@lru_cache(maxsize=16)
def _top_query(count):
    def build(now):
        published = Article.objects.published(now)
        newest = published.order_by("-published_at", "-pk").values("pk")[:count]
        featured = (published.filter(featured=True).order_by("-published_at", "-pk")
                    .values("pk")[:count])
        # Both lists are published(now) already: filtering again walks every story.
        return (Article.objects.filter(Q(pk__in=featured) | Q(pk__in=newest))
                .values_list("pk", "featured", "published_at"))
    return prepared(build, EXAMPLE_TIME)


def _top_candidates(count, now):
    """Ids for the lead and top stories' fill: the newest featured, then the newest."""
    rows = _top_query(count)(now)
    ranked = sorted(rows, key=lambda row: (not row[1], -row[2].timestamp(), -row[0]))
    return [pk for pk, _, _ in ranked]


def _section_candidates(per_section, now):
    """(sections in menu order, {section id: [ids newest first]}) in two queries.

    First each section's cut-off: the publish time of its Nth newest story, found by
    walking the (section, status, published_at) index backwards; then the stories at or
    after each cut-off (a tie at a cut-off can bring an extra one; harmless here).
    """
    sections = _cutoffs_query(per_section)(now)
    if not sections:
        return sections, {}
    # The sections' ids, each followed by its cut-off if it has one (the query's shape
    # depends on which have one: a section with fewer stories has none).
    values = [now]
    for section in sections:
        values.append(section.pk)
        if section.cutoff is not None:
            values.append(section.cutoff)
    pattern = tuple(section.cutoff is not None for section in sections)
    rows = _recent_query(pattern)(*values)
    return sections, {sid: [pk for _, pk in group] for sid, group in groupby(rows, lambda r: r[0])}


@lru_cache(maxsize=16)
def _cutoffs_query(per_section):
    """Sections in menu order, each with the publish time of its Nth newest story."""
    def build(now):
        newest_times = (
            Article.objects.published(now).filter(section=OuterRef("pk"))
            .order_by("-published_at", "-pk")
            .values("published_at")[per_section - 1:per_section]
        )
        return (Section.objects.only("name", "slug", "position")
                .annotate(cutoff=Subquery(newest_times)))
    return prepared(build, EXAMPLE_TIME)


@lru_cache(maxsize=16)
def _recent_query(has_cutoff):
    """Each section's stories since its cut-off (all of them where it has none)."""
    def build(now, *values):
        values = iter(values)
        recent = Q()  # one condition, not a union of querysets: building those cost more
        for cut in has_cutoff:
            section = next(values)
            since = {"published_at__gte": next(values)} if cut else {}
            recent |= Q(section_id=section, **since)
        return (Article.objects.published(now).filter(recent)
                .order_by("section_id", "-published_at", "-pk").values_list("section_id", "pk"))
    examples = [EXAMPLE_TIME]
    for cut in has_cutoff:
        examples += [1, EXAMPLE_TIME] if cut else [1]
    return prepared(build, *examples)


def _fill(block, pinned, candidates, placed):
    """Put the pinned stories at their positions and fill the gaps from `candidates`."""
    candidates = (pk for pk in candidates if pk not in placed)
    for position in range(1, block.size + 1):
        pk = pinned.get(position)
        if pk is None:
            pk = next(candidates, None)
            if pk is None:
                continue
            placed.add(pk)
        block.ids.append(pk)


def front_page(now=None):
    """The front page's lead, top stories and section blocks, no story twice."""
    now = now or timezone.now()
    zones = _zones()
    pinned, placed = _pinned(zones, now)
    lead_zone = next(z for z in zones if z.kind == Zone.Kind.LEAD)
    top_zone = next(z for z in zones if z.kind == Zone.Kind.TOP)
    own_zones = {z.section_id: z for z in zones if z.kind == Zone.Kind.SECTION}

    lead, top = Block(lead_zone), Block(top_zone)
    top_count = lead_zone.size + top_zone.size
    top_ids = _top_candidates(top_count + len(placed), now)
    for block in (lead, top):
        _fill(block, pinned.get(block.zone.pk or block.zone.kind, {}), top_ids, placed)

    # The lead and top stories may take a section's newest; the blocks look further.
    largest = max([z.size for z in own_zones.values()] + [SECTION_BLOCK_SIZE])
    sections, section_ids = _section_candidates(largest + top_count + len(placed), now)
    explicit = {s.pk: Block(own_zones[s.pk], s) for s in sections if s.pk in own_zones}
    implicit = [Block(Zone(kind=Zone.Kind.SECTION, section=s, size=SECTION_BLOCK_SIZE), s)
                for s in sections if s.pk not in own_zones]
    blocks = [explicit[z.section_id] for z in zones if z.section_id in explicit] + implicit
    for block in blocks:
        _fill(block, pinned.get(block.zone.pk, {}), section_ids.get(block.section.pk, ()), placed)

    found = published_teasers([pk for block in (lead, top, *blocks) for pk in block.ids], now)
    for block in (lead, top, *blocks):
        block.articles = [found[pk] for pk in block.ids if pk in found]
    return FrontPage(
        lead=lead.articles[0] if lead.articles else None,
        top=top,
        sections=[block for block in blocks if block.articles],
    )
