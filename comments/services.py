"""Comment operations with side effects, shared by the public views and the admin."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from newsroom import caching

from . import moderation
from .models import Comment

logger = logging.getLogger(__name__)


def comment_create(*, article, form, ip_address=None, user_agent="", user=None):
    """Save a validated comment form as a pending (or spam) comment; return the comment.

    A resubmitted form (same token, email and words) returns the comment it already
    created instead of storing a duplicate.
    """
    data = form.cleaned_data
    submission = moderation.Submission(
        name=data["name"], email=data["email"], website=data.get("website") or "",
        body=data["comment"], honeypot=data.get("nickname") or "", ip_address=ip_address,
    )
    decision = moderation.evaluate(submission)  # before the transaction: keep it short
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
        reasons=decision.reasons,
        ip_address=ip_address,
        user_agent=(user_agent or "")[:300],
        user=user if user is not None and user.is_authenticated else None,
        form_token=form.idempotency_key(),
    )
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:
        existing = Comment.objects.filter(form_token=comment.form_token).first()
        if existing is None:
            raise
        return existing
    if comment.status == Comment.Status.PENDING:
        transaction.on_commit(lambda: notify_moderators(comment))
    return comment


def _moderate(comments, *, status, moderator):
    ids = [c.pk for c in comments]
    count = Comment.objects.filter(pk__in=ids).exclude(status=status).update(
        status=status, moderated_by=moderator, moderated_at=timezone.now()
    )
    # update() sends no signals: tell the page cache which articles' pages changed.
    if count:
        caching.comments_changed()
    return count


def comment_approve(*, comments, moderator):
    """Make comments visible to every reader; return how many changed."""
    return _moderate(comments, status=Comment.Status.APPROVED, moderator=moderator)


def comment_mark_spam(*, comments, moderator):
    return _moderate(comments, status=Comment.Status.SPAM, moderator=moderator)


def comment_remove(*, comments, moderator):
    return _moderate(comments, status=Comment.Status.REMOVED, moderator=moderator)


def moderator_emails():
    if settings.MODERATOR_EMAILS:
        return list(settings.MODERATOR_EMAILS)
    users = get_user_model().objects.filter(
        is_active=True, groups__name="Moderators"
    ).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def notify_moderators(comment):
    """Tell moderators a comment awaits them. Mail trouble never loses the comment."""
    recipients = moderator_emails()
    if not recipients:
        return
    queue_url = settings.SITE_URL + reverse("admin:comments_comment_changelist") + "?status__exact=pending"
    body = (
        f"{comment.author_name} commented on “{comment.article.headline}”:\n\n"
        f"{comment.body[:500]}\n\nModerate: {queue_url}\n"
    )
    try:
        send_mail(
            f"[{settings.SITE_NAME}] A comment awaits moderation",
            body,
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
    except Exception:  # the comment is stored; a mail outage must not turn into a 500
        logger.exception("Could not notify moderators of comment %s", comment.pk)
