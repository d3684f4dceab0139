"""Every rule that decides whether a new comment is held or treated as spam.

Each rule is a named function taking a `Submission` and returning a `Finding` or
None. `evaluate()` runs them all; no rule publishes a comment by itself: readers'
comments always wait for a moderator unless a rule says they may not even wait.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings

LINK_PATTERN = re.compile(r"https?://|www\.", re.IGNORECASE)


@dataclass(frozen=True)
class Submission:
    name: str
    email: str
    website: str
    body: str
    honeypot: str = ""
    ip_address: str | None = None


@dataclass(frozen=True)
class Finding:
    rule: str
    detail: str
    spam: bool = False


@dataclass
class Decision:
    status: str
    reasons: list = field(default_factory=list)


def honeypot_filled(submission):
    if submission.honeypot.strip():
        return Finding("honeypot", "The hidden field people never see was filled in.", spam=True)
    return None


def too_many_links(submission):
    links = len(LINK_PATTERN.findall(submission.body))
    limit = getattr(settings, "COMMENT_MAX_LINKS", 2)
    if links > limit:
        return Finding("too_many_links", f"{links} links (more than {limit}).")
    return None


RULES = [honeypot_filled, too_many_links]


def evaluate(submission):
    """Run every rule; spam if any rule says spam, otherwise pending with the reasons."""
    from .models import Comment

    findings = [finding for rule in RULES if (finding := rule(submission))]
    status = Comment.Status.SPAM if any(f.spam for f in findings) else Comment.Status.PENDING
    reasons = [{"rule": f.rule, "detail": f.detail} for f in findings]
    return Decision(status=status, reasons=reasons)
