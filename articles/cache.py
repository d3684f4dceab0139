"""The surrogate keys of articles, sections and tags, and the purges their changes send.

What a page shows: templates record the keys of the objects they show
(`{% surrogate_key "article" article.pk %}`: an article's text and corrections; a
teaser's `comments-<id>` for its comment count; `author-<id>` and `tag-<id>` where
names are shown), and views the listings their queries read: `list` (every story:
front page, feeds, sitemaps, archive, search), `list-section-<id>` (a section page,
the "More from" box), `list-tag-<id>`, `list-author-<id>`.

A story that readers see (or did see, or will see when its time comes) changing
purges its own key and every listing it is or was in; a scheduled one purges them
again when it goes live. Section changes reach every page (the menu); a tag's or
author's name reaches the pages that show it and the listings.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from newsroom.caching import LISTING, key, listing, purge, purge_site
from newsroom.publishing import is_published, is_scheduled

from .models import Article, Byline, Correction, Section, Tag


def listing_keys(article, section_id=None, tag_ids=None, author_ids=None):
    """The article's key and those of every listing it appears in."""
    section_id = article.section_id if section_id is None else section_id
    if tag_ids is None:
        tag_ids = article.tags.values_list("pk", flat=True)
    if author_ids is None:
        author_ids = article.bylines.values_list("author_id", flat=True)
    return {
        key("article", article.pk), LISTING, listing("section", section_id),
        *(listing("tag", pk) for pk in tag_ids), *(listing("author", pk) for pk in author_ids),
    }


def faces_readers(article):
    """True for a story readers see now, or will see when its time comes."""
    return article is not None and (is_published(article) or is_scheduled(article))


def article_changed(article, before=None):
    """Purge what readers see of `article` now and, if scheduled, when it goes live."""
    keys = set()
    for state in (before, article):
        if faces_readers(state):
            keys |= listing_keys(state)  # before: where it was (its old section)
    if is_published(article) or (before is not None and is_published(before)):
        purge(*keys)
    if is_scheduled(article):
        purge(*keys, at=article.published_at)  # scheduled: the listings change then


def _before_save(sender, instance, **kwargs):
    # `stored_before_save`: the stored row this save replaces (status, published_at,
    # section), read once per save; other apps' receivers (webhooks) read it from here.
    if "stored_before_save" in instance.__dict__:
        return  # `services.article_save` read the stored row already (under lock)
    old = Article.objects.filter(pk=instance.pk).only("status", "published_at", "section_id") \
        .first() if instance.pk else None
    instance.stored_before_save = old


def _saved(sender, instance, **kwargs):
    article_changed(instance, instance.__dict__.pop("stored_before_save", None))


def _deleting(sender, instance, **kwargs):
    # Before the delete, while its tags and bylines can still be read.
    if faces_readers(instance):
        purge(*listing_keys(instance))


def _byline_changed(sender, instance, **kwargs):
    article = Article.objects.filter(pk=instance.article_id).first()
    if faces_readers(article):
        purge(*listing_keys(article), listing("author", instance.author_id))


def _tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if reverse:  # a tag's articles changed
        for article in Article.objects.filter(pk__in=pk_set or ()):
            _tags_changed(sender, article, action, False, {instance.pk})
        return
    if faces_readers(instance):
        tags = set(pk_set or ()) or set(instance.tags.values_list("pk", flat=True))
        purge(*listing_keys(instance), *(listing("tag", pk) for pk in tags))


def _correction_changed(sender, instance, **kwargs):
    article = Article.objects.filter(pk=instance.article_id).first()
    if faces_readers(article):
        purge(*listing_keys(article))


def _section_changed(sender, **kwargs):
    purge_site()  # every page's menu lists the sections


def _tag_saved(sender, instance, created, **kwargs):
    if not created:  # a new tag shows nowhere until a story carries it
        purge(key("tag", instance.pk), LISTING)


def _tag_deleted(sender, instance, **kwargs):
    purge(key("tag", instance.pk), listing("tag", instance.pk), LISTING)


def watch():
    uid = "cache-articles-"
    pre_save.connect(_before_save, sender=Article, dispatch_uid=uid + "pre")
    post_save.connect(_saved, sender=Article, dispatch_uid=uid + "save")
    pre_delete.connect(_deleting, sender=Article, dispatch_uid=uid + "delete")
    for signal in (post_save, post_delete):
        signal.connect(_byline_changed, sender=Byline, dispatch_uid=uid + f"byline-{signal}")
        signal.connect(_correction_changed, sender=Correction,
                       dispatch_uid=uid + f"correction-{signal}")
        signal.connect(_section_changed, sender=Section, dispatch_uid=uid + f"section-{signal}")
    m2m_changed.connect(_tags_changed, sender=Article.tags.through, dispatch_uid=uid + "tags")
    post_save.connect(_tag_saved, sender=Tag, dispatch_uid=uid + "tag-save")
    post_delete.connect(_tag_deleted, sender=Tag, dispatch_uid=uid + "tag-delete")
