"""Mail about comments, sent as tasks after commit so posting never waits on mail.

Moderators get digests, at most one per COMMENT_DIGEST_INTERVAL, so a flood of
comments cannot become a flood of mail. Commenters get mail only when they asked
for it, each with a signed one-click unsubscribe link.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db.models import Max
from django.tasks import default_task_backend, task
from django.urls import reverse
from django.utils import timezone

from newsroom.site import absolute_url

from .models import Comment

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "comments.unsubscribe"
DIGEST_LISTED = 20


def moderator_emails():
    if settings.MODERATOR_EMAILS:
        return list(settings.MODERATOR_EMAILS)
    users = get_user_model().objects.filter(
        is_active=True, groups__name="Moderators"
    ).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _send(subject, body, to, headers=None):
    EmailMessage(
        f"[{settings.SITE_NAME}] {subject}", body, settings.DEFAULT_FROM_EMAIL, to,
        headers=headers or {},
    ).send()


@task()
def send_moderator_digest():
    """Mail moderators the pending comments not yet announced; return how many were listed."""
    now = timezone.now()
    last = Comment.objects.aggregate(last=Max("moderators_notified_at"))["last"]
    interval = timedelta(seconds=settings.COMMENT_DIGEST_INTERVAL)
    if last and now - last < interval:
        _schedule_digest(last + interval)
        return 0  # a digest went out recently; the next one includes these
    recipients = moderator_emails()
    if not recipients:
        return 0
    waiting = list(
        Comment.objects.pending().filter(moderators_notified_at__isnull=True)
        .values_list("pk", flat=True)
    )
    # Claim them: a concurrent digest claims none of the same comments.
    claimed = Comment.objects.filter(pk__in=waiting, moderators_notified_at__isnull=True)
    if not claimed.update(moderators_notified_at=now):
        return 0
    comments = list(
        Comment.objects.filter(pk__in=waiting, moderators_notified_at=now)
        .select_related("article").order_by("created_at")
    )
    queue = reverse("admin:comments_comment_changelist")
    queue_url = absolute_url(f"{queue}?status__exact=pending")
    lines = [f"{len(comments)} new comment(s) await moderation.\n"]
    for comment in comments[:DIGEST_LISTED]:
        held = "; ".join(r["detail"] for r in comment.reasons)
        lines.append(
            f"— {comment.author_name} on “{comment.article.headline}”"
            + (f" (held: {held})" if held else "")
            + f"\n  {comment.body[:200]}\n"
        )
    if len(comments) > DIGEST_LISTED:
        lines.append(f"…and {len(comments) - DIGEST_LISTED} more.\n")
    lines.append(f"Moderate: {queue_url}\n")
    try:
        _send(f"{len(comments)} comment(s) await moderation", "\n".join(lines), recipients)
    except Exception:
        # Give them back so the next digest announces them; the comments are safe.
        Comment.objects.filter(pk__in=[c.pk for c in comments]).update(moderators_notified_at=None)
        logger.exception("Could not send the moderators' comment digest")
        return 0
    return len(comments)


def _schedule_digest(when):
    """Where the task backend can run later, make sure the held-back comments get a digest."""
    if default_task_backend.supports_defer:
        send_moderator_digest.using(run_after=when).enqueue()


def unsubscribe_token(comment):
    return signing.dumps(comment.pk, salt=UNSUBSCRIBE_SALT)


def comment_from_unsubscribe_token(token):
    """The comment the token was issued for, or None if the token is forged or gone."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Comment.objects.filter(pk=pk).first() if isinstance(pk, int) else None


def _commenter_mail(comment, subject, body):
    url = absolute_url(reverse("comments:unsubscribe", args=[unsubscribe_token(comment)]))
    body += f"\n\nStop these emails with one click: {url}\n"
    headers = {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",  # RFC 8058 one-click
    }
    try:
        _send(subject, body, [comment.author_email], headers)
    except Exception:
        logger.exception("Could not mail the commenter of comment %s", comment.pk)
        return False
    return True


@task()
def notify_commenter_approved(comment_id):
    """Tell a commenter who asked that their comment is now public."""
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if not (comment and comment.notify_on_approval and comment.author_email
            and comment.status == Comment.Status.APPROVED):
        return False
    link = absolute_url(comment.get_absolute_url())
    return _commenter_mail(
        comment, "Your comment was approved",
        f"Hello {comment.author_name},\n\nyour comment on “{comment.article.headline}” "
        f"is now published:\n{link}",
    )


@task()
def notify_reply(reply_id):
    """Tell the parent comment's author, if they asked, that someone replied."""
    reply = Comment.objects.select_related("article", "parent").filter(pk=reply_id).first()
    parent = reply.parent if reply else None
    if not (parent and parent.notify_on_reply and parent.author_email
            and reply.status == Comment.Status.APPROVED
            and parent.author_email.lower() != reply.author_email.lower()):
        return False
    link = absolute_url(reply.get_absolute_url())
    return _commenter_mail(
        parent, "Someone replied to your comment",
        f"Hello {parent.author_name},\n\n{reply.author_name} replied to your comment on "
        f"“{reply.article.headline}”:\n\n{reply.body[:500]}\n\n{link}",
    )
