"""Every rule that decides what happens to a new comment, each a named function.

Three kinds of rule, run in this order by `screen()` and `evaluate()`:

- gates refuse a post outright with a clear message and an HTTP status (comments
  closed, too fast, rate limited, duplicate); nothing is stored;
- findings hold a comment for a moderator or mark it as spam, and are recorded on
  the comment as its reasons (rule name and detail) for the moderation queue;
- approvals let a comment skip the queue (staff, or a known commenter when the
  setting allows) only when no finding objected.

Readers' comments otherwise always wait for a moderator.
"""

import ipaddress
import re
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from newsroom import ratelimit

LINK_PATTERN = re.compile(r"https?://|www\.", re.IGNORECASE)


@dataclass(frozen=True)
class Submission:
    name: str
    email: str
    website: str
    body: str
    honeypot: str = ""
    ip_address: str | None = None
    user_agent: str = ""
    article: object = None
    rendered_at: float | None = None
    # False when the form's time is when a cached page was made, not when this reader
    # got it (the form's script did not run): "too fast" cannot be judged.
    token_is_fresh: bool = True
    user: object = None


@dataclass(frozen=True)
class Finding:
    rule: str
    detail: str
    spam: bool = False


@dataclass
class Decision:
    status: str
    reasons: list = field(default_factory=list)
    approved_because: str = ""


class Refusal(Exception):
    """A post refused before anything is stored; carries what to tell the reader."""

    def __init__(self, rule, message, status=400, retry_after=None):
        super().__init__(message)
        self.rule, self.message, self.status, self.retry_after = rule, message, status, retry_after


# --- Gates ---------------------------------------------------------------------


def comments_are_open(article, now=None):
    """Open unless the editor closed them or the article is older than the setting allows."""
    if not article.comments_open:
        return False
    days = settings.COMMENT_CLOSE_AFTER_DAYS
    if days and article.published_at:
        return (now or timezone.now()) < article.published_at + timedelta(days=days)
    return True


def comments_closed(submission):
    if not comments_are_open(submission.article):
        raise Refusal("comments_closed", "Comments are closed on this article.", status=403)


def too_fast(submission):
    """People take a few seconds to write; a form posted at once is a script.

    Judged from when this reader got the form. A form from a cached page whose script
    did not fetch a token of its own (no JavaScript) cannot be judged: it is held for
    a moderator, never refused for that alone.
    """
    if submission.rendered_at is None:
        return None
    if not submission.token_is_fresh:
        return Finding("unchecked_speed", "Sent from a cached page without JavaScript: "
                       "how fast it was written could not be checked.")
    if time.time() - submission.rendered_at < settings.COMMENT_MIN_SECONDS:
        raise Refusal(
            "too_fast",
            "That was quicker than anyone can type. Please wait a few seconds and post again; "
            "your comment is still in the form.",
        )


def form_expired(submission):
    if submission.rendered_at is None:
        return
    if time.time() - submission.rendered_at > settings.COMMENT_FORM_MAX_AGE:
        raise Refusal(
            "form_expired",
            "This form has expired. Please copy your comment, reload the page and post again.",
        )


def rate_limited(submission):
    """Per IP and per email. A broken cache holds the comment instead of waving it through."""
    limit = ratelimit.parse_limit(settings.COMMENT_RATE_LIMIT)
    identities = [("comment-ip", submission.ip_address), ("comment-email", submission.email)]
    try:
        wait = max(ratelimit.hit(scope, who, limit) for scope, who in identities if who)
    except ratelimit.CacheUnavailable:
        return Finding("rate_limit_unavailable",
                       "The rate limit could not be checked (cache unavailable).")
    if wait:
        raise Refusal(
            "rate_limited",
            f"You are posting comments too quickly. Please wait {wait} seconds and try again; "
            "your comment is still in the form.",
            status=429, retry_after=wait,
        )
    return None


def duplicate_comment(submission):
    """The same words from the same email on the same article, already stored."""
    from .models import Comment

    exists = Comment.objects.by_commenter(submission.email).filter(
        article=submission.article, body=submission.body
    ).exists()
    if exists:
        raise Refusal(
            "duplicate",
            "You have already posted this comment on this article.", status=409,
        )


def _name_key(name):
    """A name as a reader perceives it: compatibility forms folded, case and spacing ignored."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def impersonates_staff(submission):
    """A reader may not post under a journalist's byline; that journalist, logged in, may."""
    from authors.models import Author

    key = _name_key(submission.name)
    owners = [user_id for name, user_id in Author.objects.values_list("name", "user_id")
              if _name_key(name) == key]
    if not owners:
        return
    user = submission.user
    if user is not None and user.is_authenticated and user.is_active and user.pk in owners:
        return
    raise Refusal(
        "staff_name",
        "That name belongs to one of our journalists. Please post under your own name.",
    )


GATES = [comments_closed, form_expired, too_fast, rate_limited, impersonates_staff,
         duplicate_comment]


def screen(submission):
    """Run the gates; raise Refusal, or return findings a gate recorded instead."""
    return [finding for gate in GATES if (finding := gate(submission))]


# --- Findings -------------------------------------------------------------------


def honeypot_filled(submission):
    """Held, not spam: a browser or helper can fill a hidden field for a real reader.
    With any other finding it counts as spam (see `evaluate`)."""
    if submission.honeypot.strip():
        return Finding("honeypot", "The hidden field people never see was filled in.")
    return None


def too_many_links(submission):
    links = len(LINK_PATTERN.findall(submission.body))
    limit = settings.COMMENT_MAX_LINKS
    if links > limit:
        return Finding("too_many_links", f"{links} links (more than {limit}).")
    return None


@dataclass(frozen=True)
class Entry:
    """One line of the hold or spam list: what to look for, and how to match it."""

    value: str
    match: str = "word"  # word | substring | ip | user_agent

    def __str__(self):
        return self.value if self.match == "word" else f"{self.match}:{self.value}"


MATCH_PREFIXES = {"contains:": "substring", "ip:": "ip", "ua:": "user_agent"}


def parse_entry(text):
    """An entry of COMMENT_HOLD_WORDS / COMMENT_SPAM_WORDS: a whole word or phrase, or
    prefixed `contains:` (anywhere, even inside words), `ip:` (an address or CIDR
    network) or `ua:` (part of the user agent)."""
    text = text.strip()
    for prefix, match in MATCH_PREFIXES.items():
        if text.lower().startswith(prefix):
            return Entry(text[len(prefix):].strip(), match)
    return Entry(text)


def moderation_words():
    """Hold and spam entries from settings and from the editors' list in the admin."""
    from .models import ModerationWord

    entries = {
        "hold": {parse_entry(w) for w in settings.COMMENT_HOLD_WORDS},
        "spam": {parse_entry(w) for w in settings.COMMENT_SPAM_WORDS},
    }
    for word, action, match in ModerationWord.objects.values_list("word", "action", "match"):
        entries[action].add(Entry(word.strip(), match))
    return {
        action: sorted((e for e in found if e.value), key=lambda e: (e.match, e.value))
        for action, found in entries.items()
    }


def _network(value):
    try:
        return ipaddress.ip_network(value, strict=False)
    except ValueError:
        return None


def entry_matches(entry, submission):
    """Does one list entry match this submission?"""
    if entry.match == "ip":
        network = _network(entry.value)
        if network is None or not submission.ip_address:
            return False
        try:
            return ipaddress.ip_address(submission.ip_address) in network
        except ValueError:
            return False
    if entry.match == "user_agent":
        return entry.value.casefold() in (submission.user_agent or "").casefold()
    text = f"{submission.name}\n{submission.email}\n{submission.website}\n{submission.body}"
    if entry.match == "substring":
        return entry.value.casefold() in text.casefold()
    return bool(re.search(rf"(?<!\w){re.escape(entry.value)}(?!\w)", text, re.IGNORECASE))


def _matches(entries, submission):
    return [str(e) for e in entries if entry_matches(e, submission)]


def spam_words(submission, words=None):
    found = _matches((words or moderation_words())["spam"], submission)
    if found:
        return Finding("spam_word", "Spam words: " + ", ".join(found), spam=True)
    return None


def hold_words(submission, words=None):
    found = _matches((words or moderation_words())["hold"], submission)
    if found:
        return Finding("hold_word", "Words to review: " + ", ".join(found))
    return None


def evaluate(submission, findings=()):
    """Decide the status: spam, pending with reasons, or approved when nothing objects."""
    from .models import Comment

    words = moderation_words()
    findings = list(findings) + [
        f for f in (
            honeypot_filled(submission),
            too_many_links(submission),
            spam_words(submission, words),
            hold_words(submission, words),
        ) if f
    ]
    reasons = [{"rule": f.rule, "detail": f.detail} for f in findings]
    honeypot = any(f.rule == "honeypot" for f in findings)
    if any(f.spam for f in findings) or (honeypot and len(findings) > 1):
        return Decision(Comment.Status.SPAM, reasons)
    if not findings:
        because = staff_member(submission) or known_commenter(submission)
        if because:
            return Decision(Comment.Status.APPROVED, [], approved_because=because)
    return Decision(Comment.Status.PENDING, reasons)


# --- Approvals ------------------------------------------------------------------


def staff_member(submission):
    user = submission.user
    if user is not None and user.is_authenticated and user.is_active and user.is_staff:
        return f"Written by staff member {user.get_username()} while logged in."
    return ""


def known_commenter(submission):
    """An earlier comment with the same name and email was approved (if the setting allows)."""
    from .models import Comment

    if not settings.COMMENT_AUTO_APPROVE_KNOWN:
        return ""
    known = Comment.objects.approved().by_commenter(submission.email).filter(
        author_name=submission.name
    ).exists()
    if not known:
        return ""
    return "Known commenter: an earlier comment with this name and email was approved."
