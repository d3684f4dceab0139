"""Each article's count of approved comments, kept in step with its comments; and the
one place that reacts when what readers see of a story's comments changes.

Listings show a comment count per story; counting at read time made every listing
cost grow with the conversation on the stories it lists. The count is kept in
articles' CommentCount instead, recounted (never incremented) in the transaction of any change
to a comment that is or was approved. After commit, each changed article is purged
once (its `comments-<id>` key) and announced with `comment_visibility_changed` (with
the comment ids). `manage.py recount_comments` repairs every count.
"""

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.signals import post_delete, post_save, pre_save

from articles.models import Article, CommentCount
from newsroom.caching import key, purge
from newsroom.database import once_after_commit

from .models import Comment
from .signals import comment_visibility_changed

def changed(comment):
    """What readers see of `comment`'s article changed: recount it now, within the
    change's transaction, and purge its pages once, after that transaction commits."""
    refresh([comment.article_id])
    once_after_commit(
        "comment-visibility",
        lambda batch: batch.setdefault(comment.article_id, set()).add(comment.pk),
        _announce,
    )


def _announce(changed_ids):
    """After commit: one purge for every article changed, and the signal for each."""
    purge(*(key("comments", pk) for pk in changed_ids))
    for article in Article.objects.filter(pk__in=changed_ids):
        comment_visibility_changed.send(sender=Comment, article=article,
                                        comment_ids=sorted(changed_ids[article.pk]))


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


def _before_save(sender, instance, **kwargs):
    instance._was_visible = instance.pk is not None and \
        Comment.objects.approved().filter(pk=instance.pk).exists()


def _saved(sender, instance, created, **kwargs):
    if instance.status == Comment.Status.APPROVED or getattr(instance, "_was_visible", False):
        changed(instance)


def _deleted(sender, instance, origin=None, **kwargs):
    # Deleting articles deletes their comments and their counts with them.
    from_articles = isinstance(origin, Article) or (
        isinstance(origin, QuerySet) and origin.model is Article
    )
    if not from_articles and instance.status == Comment.Status.APPROVED:
        changed(instance)


def watch():
    pre_save.connect(_before_save, sender=Comment, dispatch_uid="comment-counts-pre")
    post_save.connect(_saved, sender=Comment, dispatch_uid="comment-counts-save")
    post_delete.connect(_deleted, sender=Comment, dispatch_uid="comment-counts-delete")
