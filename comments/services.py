"""Comment operations with side effects, shared by the public views and the admin."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from newsroom.site import absolute_url

from . import moderation, notifications
from .forms import HONEYPOT
from .models import Comment, CommentFlag, ModerationAction

logger = logging.getLogger(__name__)

ERASED_NAME = "[erased]"
ERASED_BODY = "[This comment was erased at the commenter's request.]"


def comment_create(*, article, form, ip_address=None, user_agent="", user=None):
    """Screen and save a validated comment form; return the comment.

    Raises moderation.Refusal (nothing stored) when a gate refuses the post. A
    resubmitted form (same token, email and words) returns the comment it already
    created instead of storing a duplicate.
    """
    data = form.cleaned_data
    key = form.idempotency_key()
    existing = Comment.objects.filter(form_token=key).first()
    if existing is not None:
        return existing
    submission = moderation.Submission(
        name=data["name"], email=data["email"], website=data.get("website") or "",
        body=data["comment"], honeypot=data.get(HONEYPOT) or "", ip_address=ip_address,
        user_agent=user_agent or "", article=article, rendered_at=getattr(form, "rendered_at", None),
        token_is_fresh=getattr(form, "token_is_fresh", False), user=user,
    )
    # Rules run before the transaction so it stays short.
    try:
        decision = moderation.evaluate(submission, moderation.screen(submission))
    except moderation.Refusal as refusal:
        # A double click: the same form, sent again while the first was being stored,
        # meets its own comment as a "duplicate". It gets that comment, as a resend would.
        if refusal.rule == "duplicate":
            existing = Comment.objects.filter(form_token=key).first()
            if existing is not None:
                return existing
        raise
    parent = data.get("parent")
    comment = Comment(
        article=article,
        parent=parent,
        depth=parent.depth + 1 if parent else 0,
        author_name=data["name"],
        author_email=data["email"],
        author_url=data.get("website") or "",
        body=data["comment"],
        status=decision.status,
        ip_address=ip_address,
        user_agent=(user_agent or "")[:300],
        user=user if user is not None and user.is_authenticated else None,
        notify_on_approval=bool(data.get("notify_on_approval")),
        notify_on_reply=bool(data.get("notify_on_reply")),
        form_token=key,
    )
    comment.set_reasons(decision.reasons)
    try:
        with transaction.atomic():
            comment.save()
            if decision.approved_because:
                _log(comment, "auto_approve", Comment.Status.PENDING,
                     note=decision.approved_because)
            # Enqueued in the comment's transaction: the task row commits with it.
            if comment.status == Comment.Status.PENDING:
                notifications.send_moderator_digest.enqueue()
            elif comment.status == Comment.Status.APPROVED:
                notifications.notify_reply.enqueue(comment.pk)
    except IntegrityError:
        existing = Comment.objects.filter(form_token=key).first()
        if existing is None:
            raise
        return existing
    return comment


def _log(comment, action, from_status, moderator=None, note=""):
    ModerationAction.objects.create(
        comment=comment, action=action, from_status=from_status, to_status=comment.status,
        moderator=moderator if moderator is not None and moderator.is_authenticated else None,
        note=note[:300],
    )


def _moderate(comments, *, status, action, moderator, note=""):
    """Move comments to `status`, log each change with who and when; return how many changed."""
    now = timezone.now()
    with transaction.atomic():
        changing = list(
            Comment.objects.select_for_update().select_related("article")
            .filter(pk__in=[c.pk for c in comments]).exclude(status=status)
        )
        for comment in changing:
            from_status = comment.status
            comment.status, comment.moderated_by, comment.moderated_at = status, moderator, now
            comment.save(update_fields=["status", "moderated_by", "moderated_at"])
            # Saving recounts and purges the article after commit (comments/counts.py).
            _log(comment, action, from_status, moderator, note)
            if status == Comment.Status.APPROVED:  # the task rows commit with the change
                notifications.notify_commenter_approved.enqueue(comment.pk)
                notifications.notify_reply.enqueue(comment.pk)
    return len(changing)


def comment_approve(*, comments, moderator):
    """Make comments visible to every reader; return how many changed."""
    return _moderate(comments, status=Comment.Status.APPROVED, action="approve",
                     moderator=moderator)


def comment_mark_spam(*, comments, moderator):
    return _moderate(comments, status=Comment.Status.SPAM, action="spam", moderator=moderator)


def comment_remove(*, comments, moderator):
    return _moderate(comments, status=Comment.Status.REMOVED, action="remove",
                     moderator=moderator)


def comment_restore(*, comments, moderator):
    """Put spam or removed comments back in the queue for a fresh decision."""
    restorable = [c for c in comments if c.status in (Comment.Status.SPAM, Comment.Status.REMOVED)]
    return _moderate(restorable, status=Comment.Status.PENDING, action="restore",
                     moderator=moderator)


def comment_flag(*, comment, ip_address):
    """Record a reader's report; enough reports send an approved comment back to the queue.

    Returns True if this report was new.
    """
    try:
        with transaction.atomic():
            CommentFlag.objects.create(comment=comment, ip_address=ip_address)
    except IntegrityError:
        return False  # this reader already reported it
    reports = comment.flags.count()
    if comment.status == Comment.Status.APPROVED and reports >= settings.COMMENT_FLAG_THRESHOLD:
        with transaction.atomic():
            pulled = Comment.objects.select_for_update().filter(
                pk=comment.pk, status=Comment.Status.APPROVED).first()
            if pulled is not None:
                readers = f"{reports} reader{'s' if reports != 1 else ''}"
                pulled.status, pulled.moderators_notified_at = Comment.Status.PENDING, None
                pulled.set_reasons(
                    pulled.reasons + [{"rule": "reported", "detail": f"Reported by {readers}."}]
                )
                pulled.save(update_fields=["status", "moderators_notified_at", "reasons",
                                           "reason_codes"])
                comment.status = pulled.status
                _log(pulled, "reported", Comment.Status.APPROVED,
                     note=f"{reports} reader reports")
                notifications.send_moderator_digest.enqueue()
    return True


def commenter_export(*, email):
    """Everything stored about the commenter with this email, as plain data."""
    comments = Comment.objects.by_commenter(email).select_related("article").order_by("created_at")
    return {
        "email": email,
        "comments": [
            {
                "id": c.pk, "article": c.article.headline,
                "url": absolute_url(c.get_absolute_url()),
                "name": c.author_name, "email": c.author_email, "website": c.author_url,
                "comment": c.body, "status": c.status, "created_at": c.created_at.isoformat(),
                "ip_address": c.ip_address, "user_agent": c.user_agent,
                "notify_on_approval": c.notify_on_approval, "notify_on_reply": c.notify_on_reply,
                "reports_received": c.flags.count(),
            }
            for c in comments
        ],
    }


def commenter_erase(*, email, moderator=None):
    """Erase a commenter's personal data and words; keep the thread's shape. Return the count.

    An approved comment stays in place as "[erased]" so replies to it still read in order.
    """
    with transaction.atomic():
        comments = list(Comment.objects.select_for_update().by_commenter(email)
                        .select_related("article"))
        for comment in comments:
            from_status = comment.status
            comment.author_name, comment.author_email, comment.author_url = ERASED_NAME, "", ""
            comment.body, comment.ip_address, comment.user_agent = ERASED_BODY, None, ""
            comment.notify_on_approval = comment.notify_on_reply = False
            if comment.status != Comment.Status.APPROVED:
                comment.status = Comment.Status.REMOVED  # an approved one keeps its replies
            comment.form_token = None
            comment.save()
            _log(comment, "erase", from_status, moderator, "Erased at the commenter's request")
    return len(comments)


def commenter_unsubscribe(*, email):
    """Stop every notification to this email address; return how many comments changed."""
    return Comment.objects.by_commenter(email).filter(
        Q(notify_on_approval=True) | Q(notify_on_reply=True)
    ).update(notify_on_approval=False, notify_on_reply=False)


def comment_purge_personal_data(*, older_than_days=None, now=None):
    """Forget IP addresses and user agents older than the retention period; return the count."""
    days = settings.COMMENT_IP_RETENTION_DAYS if older_than_days is None else older_than_days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    stale = Comment.objects.filter(created_at__lt=cutoff).exclude(ip_address=None, user_agent="")
    return stale.update(ip_address=None, user_agent="")
