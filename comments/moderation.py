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

import re
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from . import ratelimit

LINK_PATTERN = re.compile(r"https?://|www\.", re.IGNORECASE)


@dataclass(frozen=True)
class Submission:
    name: str
    email: str
    website: str
    body: str
    honeypot: str = ""
    ip_address: str | None = None
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


GATES = [comments_closed, form_expired, too_fast, rate_limited, duplicate_comment]


def screen(submission):
    """Run the gates; raise Refusal, or return findings a gate recorded instead."""
    return [finding for gate in GATES if (finding := gate(submission))]


# --- Findings -------------------------------------------------------------------


def honeypot_filled(submission):
    if submission.honeypot.strip():
        return Finding("honeypot", "The hidden field people never see was filled in.", spam=True)
    return None


def too_many_links(submission):
    links = len(LINK_PATTERN.findall(submission.body))
    limit = settings.COMMENT_MAX_LINKS
    if links > limit:
        return Finding("too_many_links", f"{links} links (more than {limit}).")
    return None


def moderation_words():
    """Hold and spam words from settings and from the editors' list in the admin."""
    from .models import ModerationWord

    words = {"hold": set(settings.COMMENT_HOLD_WORDS), "spam": set(settings.COMMENT_SPAM_WORDS)}
    for word, action in ModerationWord.objects.values_list("word", "action"):
        words[action].add(word)
    return {
        action: sorted(w.strip() for w in found if w.strip()) for action, found in words.items()
    }


def _matches(words, submission):
    text = f"{submission.name}\n{submission.email}\n{submission.website}\n{submission.body}"
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.IGNORECASE)]


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
    if any(f.spam for f in findings):
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
