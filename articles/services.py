"""Article operations with side effects, shared by the admin and anything else.

Each checks the role rule itself (a service is never more trusting than the form
that calls it) and writes an audit entry for the newsroom's record.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from newsroom.publishing import Status

from . import notifications, roles
from .models import Article, AuditEntry, Correction


def audit_record(*, actor, action, article, detail=""):
    """Write down who did what to which article, now."""
    entry = AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        article=article if article.pk else None,
        article_pk=article.pk,
        article_headline=article.headline[:200],
        detail=detail[:300],
    )
    if action == AuditEntry.Action.SUBMIT:
        # Whichever path sent it to review (form or service), editors hear of it once.
        transaction.on_commit(notifications.send_review_digest.enqueue)
    return entry


def _require_publisher(user):
    if not roles.can_publish(user):
        raise PermissionDenied("Only editors can publish, schedule, unpublish or feature articles.")


def article_submit(*, article, user):
    """Send a draft to the editors for review."""
    if not roles.can_change(user, article):
        raise PermissionDenied("You can only submit your own drafts.")
    article.status = Status.REVIEW
    article._history_user = user
    article.save()
    audit_record(actor=user, action=AuditEntry.Action.SUBMIT, article=article)
    return article


def article_withdraw(*, article, user):
    """Take an article back from review to draft, so its writer can work on it again."""
    if not roles.can_withdraw(user, article):
        raise PermissionDenied("You can only withdraw your own articles while they are in review.")
    with transaction.atomic():
        article.status = Status.DRAFT
        article._history_user = user
        article.save()
        audit_record(actor=user, action=AuditEntry.Action.WITHDRAW, article=article)
    return article


def article_send_back(*, article, user, note):
    """Return an article in review to its writer as a draft, with a note they will read."""
    if not roles.is_editor(user):
        raise PermissionDenied("Only editors can send an article back.")
    note = (note or "").strip()
    if not note:
        raise ValidationError("Tell the writer what to change.")
    if article.status != Status.REVIEW:
        raise ValidationError("Only an article in review can be sent back.")
    with transaction.atomic():
        article.status = Status.DRAFT
        article._history_user = user
        article.save()
        audit_record(actor=user, action=AuditEntry.Action.RETURN, article=article, detail=note)
    return article


def latest_return_notes(articles):
    """For drafts sent back by an editor (and not resubmitted since): article id -> entry."""
    ids = [a.pk for a in articles if a.status == Status.DRAFT]
    latest = {}
    entries = AuditEntry.objects.filter(article_id__in=ids).select_related("actor")
    for entry in entries.order_by("article_id", "-at", "-id"):
        latest.setdefault(entry.article_id, entry)
    return {pk: e for pk, e in latest.items() if e.action == AuditEntry.Action.RETURN}


def article_publish(*, article, user, at=None):
    """Publish now, or at `at` (a future time schedules it: readers see it from then on)."""
    _require_publisher(user)
    now = timezone.now()
    at = at or now
    with transaction.atomic():
        article.status = Status.PUBLISHED
        article.published_at = at
        article._history_user = user
        article.save()
        scheduled = at > now
        audit_record(
            actor=user,
            article=article,
            action=AuditEntry.Action.SCHEDULE if scheduled else AuditEntry.Action.PUBLISH,
            detail=f"for {timezone.localtime(at):%Y-%m-%d %H:%M %Z}" if scheduled else "",
        )
    return article


def article_schedule(*, article, user, at):
    """Publish at a future time; no job runs then: the publishing rule is a query."""
    if at is None or at <= timezone.now():
        raise ValidationError("Choose a publish time in the future to schedule an article.")
    return article_publish(article=article, user=user, at=at)


def article_unpublish(*, article, user):
    """Take an article off the site (back to draft); its URL then answers 404."""
    _require_publisher(user)
    with transaction.atomic():
        article.status = Status.DRAFT
        article._history_user = user
        article.save()
        audit_record(actor=user, action=AuditEntry.Action.UNPUBLISH, article=article)
    return article


def article_set_featured(*, article, user, featured):
    _require_publisher(user)
    with transaction.atomic():
        article.featured = featured
        article._history_user = user
        article.save()
        action = AuditEntry.Action.FEATURE if featured else AuditEntry.Action.UNFEATURE
        audit_record(actor=user, action=action, article=article)
    return article


def article_correct(*, article, user, note, kind=Correction.Kind.CORRECTION):
    """Append a dated correction or update note; readers see it and "Updated <time>"."""
    if not roles.is_editor(user):
        raise PermissionDenied("Only editors can add corrections and updates.")
    note = (note or "").strip()
    if not note:
        raise ValidationError("Write the note readers will see.")
    with transaction.atomic():
        correction = Correction.objects.create(
            article=article, kind=kind, note=note, created_by=user
        )
        Article.objects.filter(pk=article.pk).update(noted_at=correction.created_at)
        article.noted_at = correction.created_at
        audit_record(actor=user, action=AuditEntry.Action.CORRECT, article=article, detail=kind)
    return correction


def article_record_status_change(*, article, user, old_status, old_published_at):
    """Audit a status change made in the edit form (the form saved the article itself)."""
    # The form keeps whole seconds: a publish time that only lost its microseconds is unchanged.
    same_time = (article.published_at is None) == (old_published_at is None) and (
        article.published_at is None
        or abs((article.published_at - old_published_at).total_seconds()) < 1
    )
    if article.status == old_status and same_time:
        return None
    if article.status == Status.PUBLISHED:
        if old_status == Status.PUBLISHED and same_time:
            return None
        scheduled = article.published_at > timezone.now()
        action = AuditEntry.Action.SCHEDULE if scheduled else AuditEntry.Action.PUBLISH
        detail = (
            f"for {timezone.localtime(article.published_at):%Y-%m-%d %H:%M %Z}" if scheduled else ""
        )
        return audit_record(actor=user, action=action, article=article, detail=detail)
    if old_status == Status.PUBLISHED:
        action = (
            AuditEntry.Action.ARCHIVE
            if article.status == Status.ARCHIVED
            else AuditEntry.Action.UNPUBLISH
        )
        return audit_record(actor=user, action=action, article=article)
    if article.status == Status.REVIEW and old_status != Status.REVIEW:
        return audit_record(actor=user, action=AuditEntry.Action.SUBMIT, article=article)
    return None


def article_record_restore(*, article, user, revision):
    return audit_record(
        actor=user,
        action=AuditEntry.Action.RESTORE,
        article=article,
        detail=f"revision of {timezone.localtime(revision.history_date):%Y-%m-%d %H:%M:%S}",
    )


def article_delete(*, article, user):
    """Delete an article, keeping the audit record of who did it."""
    if not user.has_perm("articles.delete_article"):
        raise PermissionDenied("Only editors can delete articles.")
    with transaction.atomic():
        audit_record(
            actor=user, action=AuditEntry.Action.DELETE, article=article, detail=f"id {article.pk}"
        )
        article._history_user = user
        article.delete()
