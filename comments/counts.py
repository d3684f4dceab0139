"""Each article's count of approved comments, kept in step with its comments.

Listings show a comment count per story; counting at read time made every listing
cost grow with the conversation on the stories it lists. The count is kept in
CommentCount instead, recounted (never incremented) whenever an approved comment
may have appeared or gone: a save, a delete, or a bulk change announced with
`comment_visibility_changed`. `manage.py recount_comments` repairs every count.
"""

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.signals import post_delete, post_save

from articles.models import Article

from .models import Comment, CommentCount
from .signals import comment_visibility_changed


def refresh(article_ids):
    """Recount the approved comments of these articles, within the caller's transaction."""
    ids = sorted(set(article_ids))
    with transaction.atomic():
        # Lock the articles first, so two recounts of one article run one after the
        # other and the second counts what the first committed.
        existing = list(
            Article.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True)
        )
        counted = {row[0]: row[1:] for row in tallies(Comment.objects.filter(article_id__in=existing))}
        CommentCount.objects.bulk_create(
            [CommentCount(article_id=pk, approved=approved, threads=threads)
             for pk in existing for approved, threads in [counted.get(pk, (0, 0))]],
            update_conflicts=True, unique_fields=["article"], update_fields=["approved", "threads"],
        )


def tallies(comments):
    """(article id, approved comments, approved top-level comments) per article."""
    return (
        comments.approved().order_by().values("article_id")
        .annotate(n=Count("pk"), threads=Count("pk", filter=Q(parent__isnull=True)))
        .values_list("article_id", "n", "threads")
    )


def rebuild(batch=2_000):
    """Recount every article's approved comments (after bulk loads, or to repair)."""
    with transaction.atomic():
        CommentCount.objects.all().delete()
        CommentCount.objects.bulk_create(
            (CommentCount(article_id=pk, approved=n, threads=threads)
             for pk, n, threads in tallies(Comment.objects.all()).iterator()),
            batch_size=batch,
        )


def _saved(sender, instance, created, **kwargs):
    # A new comment counts only if it went straight up; any edit may change status.
    if not created or instance.status == Comment.Status.APPROVED:
        refresh([instance.article_id])


def _deleted(sender, instance, origin=None, **kwargs):
    # Deleting articles deletes their comments and their counts with them.
    from_articles = isinstance(origin, Article) or (
        isinstance(origin, QuerySet) and origin.model is Article
    )
    if not from_articles and instance.status == Comment.Status.APPROVED:
        refresh([instance.article_id])


def _visibility_changed(sender, article, **kwargs):
    refresh([article.pk])


def watch():
    post_save.connect(_saved, sender=Comment, dispatch_uid="comment-counts-save")
    post_delete.connect(_deleted, sender=Comment, dispatch_uid="comment-counts-delete")
    comment_visibility_changed.connect(_visibility_changed, dispatch_uid="comment-counts-bulk")
