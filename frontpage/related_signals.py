"""When related lists are recomputed: a task queued after the commit that changed a story.

A story published or edited (text, tags, bylines, section) is scored now; a scheduled
one when it goes live; one taken off the site, or deleted, has the lists that held it
recomputed. Several changes to one story in a transaction (the admin saves the story,
then its bylines and tags) queue one task.
"""

import logging

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from articles.models import Article, Byline
from newsroom.publishing import Status, is_published

from .models import RelatedStory

logger = logging.getLogger(__name__)


def _enqueue(article_id, also=(), run_after=None):
    from .tasks import refresh_related

    task_ = refresh_related if run_after is None else refresh_related.using(run_after=run_after)
    try:
        task_.enqueue(article_id, also=sorted(also))
    except Exception:  # never break the editor's save; `manage.py compute_related` mends
        logger.exception("Could not queue the related stories of article %s", article_id)


def _soon(article_id):
    """One task per story per transaction, queued once it commits (none if it rolls back)."""
    connection = transaction.get_connection()
    waiting = connection.__dict__.setdefault("_related_waiting", {})
    queued = waiting.get(article_id)
    if queued is not None and any(hook[1] is queued for hook in connection.run_on_commit):
        return  # this transaction already queues it

    def queued():
        if waiting.get(article_id) is queued:
            del waiting[article_id]
        _enqueue(article_id)

    waiting[article_id] = queued
    transaction.on_commit(queued)


def queue_refresh(article):
    """Queue the recompute `article`'s change calls for, after the commit."""
    if is_published(article):
        _soon(article.pk)
    elif article.status == Status.PUBLISHED and article.published_at:
        pk, when = article.pk, article.published_at
        transaction.on_commit(lambda: _enqueue(pk, run_after=when))
    elif RelatedStory.objects.filter(Q(related_id=article.pk) | Q(story_id=article.pk)).exists():
        _soon(article.pk)  # taken off the site: the lists that held it get another story


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        queue_refresh(instance)


def _deleting(sender, instance, **kwargs):
    listing_it = set(RelatedStory.objects.filter(related_id=instance.pk)
                     .values_list("story_id", flat=True))
    if listing_it:
        pk = instance.pk
        transaction.on_commit(lambda: _enqueue(pk, also=listing_it))


def _byline_changed(sender, instance, raw=False, **kwargs):
    article = Article.objects.filter(pk=instance.article_id).first()
    if article is not None and not raw:
        queue_refresh(article)


def _tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    articles = Article.objects.filter(pk__in=pk_set or ()) if reverse else [instance]
    for article in articles:
        queue_refresh(article)


def watch():
    uid = "frontpage-related-"
    post_save.connect(_saved, sender=Article, dispatch_uid=uid + "save")
    pre_delete.connect(_deleting, sender=Article, dispatch_uid=uid + "delete")
    post_save.connect(_byline_changed, sender=Byline, dispatch_uid=uid + "byline-save")
    post_delete.connect(_byline_changed, sender=Byline, dispatch_uid=uid + "byline-delete")
    m2m_changed.connect(_tags_changed, sender=Article.tags.through, dispatch_uid=uid + "tags")
