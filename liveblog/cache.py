"""What a live article's changes purge: its own pages (the article page, its poll
answers and its feed all carry `article-<id>`), never the listings.

An entry added, edited or deleted, or the coverage started or ended, purges that key
once the change commits. An entry whose photo is still being rendered also records
`liveentry-<id>`, which the rendition task purges when the sizes are ready.
"""

from django.db.models.signals import post_delete, post_save

from articles.cache import faces_readers
from articles.models import Article
from newsroom.caching import key, purge

from .models import LiveCoverage, LiveEntry


def article_live_changed(article_id):
    article = Article.objects.filter(pk=article_id).only("status", "published_at").first()
    if faces_readers(article):
        purge(key("article", article_id))


def _changed(sender, instance, **kwargs):
    article_live_changed(instance.article_id)


def watch():
    uid = "cache-liveblog-"
    for model in (LiveEntry, LiveCoverage):
        for signal in (post_save, post_delete):
            signal.connect(_changed, sender=model, dispatch_uid=f"{uid}{model.__name__}-{signal}")
