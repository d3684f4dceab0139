"""Mail about comments, made by tasks the worker runs, so posting never waits on mail.

The tasks are enqueued inside the transaction that changed the comment (the task
row commits with it: nothing is lost between the two); each mail is recorded in
the outbox under an idempotency key and sent once (newsroom/tasks_mail.py).
Moderators get digests, at most one per COMMENT_DIGEST_INTERVAL, so a flood of
comments cannot become a flood of mail. Commenters get mail only when they asked
for it, each with a signed one-click unsubscribe link.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Max
from django.tasks import default_task_backend, task
from django.urls import reverse
from django.utils import timezone

from newsroom.site import absolute_url
from newsroom.tasks_mail import compose, deliver

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
    if not waiting:
        return 0
    with transaction.atomic():
        # Claim them and record the mail together: a concurrent digest claims none of the
        # same comments, and a worker killed after this commit still delivers the mail.
        claimed = Comment.objects.filter(pk__in=waiting, moderators_notified_at__isnull=True)
        if not claimed.update(moderators_notified_at=now):
            return 0
        comments = list(
            Comment.objects.filter(pk__in=waiting, moderators_notified_at=now)
            .select_related("article").order_by("created_at")
        )
        subject, body = _digest(comments)
        mail, _ = compose(key=f"digest:{now.isoformat()}:{comments[0].pk}", subject=subject,
                          body=body, to=recipients)
    deliver(mail.pk)  # at once; the delivery task enqueued with it then finds it sent
    return len(comments)


def _digest(comments):
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
    return f"{len(comments)} comment(s) await moderation", "\n".join(lines)


def _schedule_digest(when):
    """The quiet-spell digest: a delayed task, so held-back comments are announced with
    no cron job. One is enough: none is added while one is waiting."""
    if not default_task_backend.supports_defer:
        return
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=send_moderator_digest.module_path, status="READY", run_after__gt=timezone.now()
    )
    if not waiting.exists():
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


def _commenter_mail(key, comment, subject, body):
    url = absolute_url(reverse("comments:unsubscribe", args=[unsubscribe_token(comment)]))
    body += f"\n\nStop these emails with one click: {url}\n"
    headers = {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",  # RFC 8058 one-click
    }
    _, created = compose(key=key, subject=subject, body=body, to=[comment.author_email],
                         headers=headers, send_now=True)
    return created


@task()
def notify_commenter_approved(comment_id):
    """Tell a commenter who asked that their comment is now public."""
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if not (comment and comment.notify_on_approval and comment.author_email
            and comment.status == Comment.Status.APPROVED):
        return False
    link = absolute_url(comment.get_absolute_url())
    return _commenter_mail(
        f"approved:{comment.pk}", comment, "Your comment was approved",
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
        f"reply:{reply.pk}", parent, "Someone replied to your comment",
        f"Hello {parent.author_name},\n\n{reply.author_name} replied to your comment on "
        f"“{reply.article.headline}”:\n\n{reply.body[:500]}\n\n{link}",
    )
