"""Article operations with side effects, shared by the admin and anything else.

Each checks the role rule itself (a service is never more trusting than the form
that calls it) and writes an audit entry for the newsroom's record.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from newsroom.publishing import Status

from . import notifications, roles
from .models import Article, ArticleRedirect, AuditEntry, Correction


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


# What a save changes from: enough to tell the status transition, the role it needs,
# the address readers knew, and which listings held the article (articles/cache.py).
STORED_FIELDS = ("slug", "status", "published_at", "section", "featured")


def stored_article(pk):
    """The article as stored, locked until the transaction ends (None for a new one)."""
    if pk is None:
        return None
    return Article.objects.select_for_update().only(*STORED_FIELDS).filter(pk=pk).first()


def transition(stored, article, now=None):
    """The audit entry a save from `stored` to `article` makes: (action, detail), or None."""
    old_status = stored.status if stored is not None else None
    old_at = stored.published_at if stored is not None else None
    new_at = article.published_at
    # The form keeps whole seconds: a publish time that only lost its microseconds is unchanged.
    same_time = (new_at is None) == (old_at is None) and (
        new_at is None or abs((new_at - old_at).total_seconds()) < 1
    )
    if article.status == Status.PUBLISHED:
        if old_status == Status.PUBLISHED and same_time:
            return None
        if new_at > (now or timezone.now()):
            return AuditEntry.Action.SCHEDULE, f"for {timezone.localtime(new_at):%Y-%m-%d %H:%M %Z}"
        return AuditEntry.Action.PUBLISH, ""
    if article.status == old_status:
        return None
    if old_status == Status.PUBLISHED:
        if article.status == Status.ARCHIVED:
            return AuditEntry.Action.ARCHIVE, ""
        return AuditEntry.Action.UNPUBLISH, ""
    if article.status == Status.REVIEW:
        return AuditEntry.Action.SUBMIT, ""
    return None


def _keep_old_address(stored, article):
    """A published article's old slug keeps answering, with a 301 to the new one."""
    if stored is not None and stored.slug == article.slug:
        return
    was_public = stored is not None and stored.status in roles.PUBLIC and stored.published_at
    if was_public:
        ArticleRedirect.objects.update_or_create(old_slug=stored.slug, defaults={"article": article})
    # Back at an address it had before: that address serves the page again.
    ArticleRedirect.objects.filter(old_slug=article.slug).delete()


def article_save(*, article, user, stored=None, action=None, detail="", revision=None):
    """Save `article` as `user` changed it: the one path every change takes.

    Checks the role for the change, saves, keeps a published article's old address
    working and writes the audit entry: `action` if given, else the status transition
    (publish, schedule, unpublish, archive, submit). `stored` is the row as the caller
    already read it under lock (the edit form's conflict check); else it is read here.
    `revision`: the history record this save restores.
    """
    with transaction.atomic():
        if stored is None:
            stored = stored_article(article.pk)
        refused = roles.change_refused(user, stored, article)
        if refused:
            raise PermissionDenied(refused)
        article._history_user = user
        article.stored_before_save = stored  # articles/cache.py purges what it was, unread again
        article.save()
        _keep_old_address(stored, article)
        if revision is not None:
            audit_record(
                actor=user, action=AuditEntry.Action.RESTORE, article=article,
                detail=f"revision of {timezone.localtime(revision.history_date):%Y-%m-%d %H:%M:%S}",
            )
        if action is None:
            action, detail = transition(stored, article) or (None, "")
        if action is not None:
            audit_record(actor=user, action=action, article=article, detail=detail)
    return article


def article_submit(*, article, user):
    """Send a draft to the editors for review."""
    article.status = Status.REVIEW
    return article_save(article=article, user=user)


def article_withdraw(*, article, user):
    """Take an article back from review to draft, so its writer can work on it again."""
    if not roles.can_withdraw(user, article):
        raise PermissionDenied("You can only withdraw your own articles while they are in review.")
    article.status = Status.DRAFT
    return article_save(article=article, user=user, action=AuditEntry.Action.WITHDRAW)


def article_send_back(*, article, user, note):
    """Return an article in review to its writer as a draft, with a note they will read."""
    if not roles.is_editor(user):
        raise PermissionDenied("Only editors can send an article back.")
    note = (note or "").strip()
    if not note:
        raise ValidationError("Tell the writer what to change.")
    if article.status != Status.REVIEW:
        raise ValidationError("Only an article in review can be sent back.")
    article.status = Status.DRAFT
    return article_save(article=article, user=user, action=AuditEntry.Action.RETURN, detail=note)


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
    article.status = Status.PUBLISHED
    article.published_at = at or timezone.now()
    return article_save(article=article, user=user)


def article_schedule(*, article, user, at):
    """Publish at a future time; no job runs then: the publishing rule is a query."""
    if at is None or at <= timezone.now():
        raise ValidationError("Choose a publish time in the future to schedule an article.")
    return article_publish(article=article, user=user, at=at)


def article_unpublish(*, article, user):
    """Take an article off the site (back to draft); its URL then answers 404."""
    _require_publisher(user)
    article.status = Status.DRAFT
    return article_save(article=article, user=user, action=AuditEntry.Action.UNPUBLISH)


def article_set_featured(*, article, user, featured):
    _require_publisher(user)
    article.featured = featured
    action = AuditEntry.Action.FEATURE if featured else AuditEntry.Action.UNFEATURE
    return article_save(article=article, user=user, action=action)


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
