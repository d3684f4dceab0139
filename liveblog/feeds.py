"""A live article's own feed: its entries, newest first (`/articles/<slug>/live/feed/`)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from articles.feeds import FEED_LANGUAGE
from articles.seo import absolute
from newsroom.caching import public_page

from .live import summary
from .views import live_article

FEED_ENTRIES = 50


class LiveEntriesFeed(Feed):
    feed_type = Atom1Feed
    language = FEED_LANGUAGE

    def get_object(self, request, slug):
        article, coverage = live_article(request, slug)
        article._coverage = coverage
        return article

    def title(self, article):
        return f"{article.headline} (live) | {settings.SITE_NAME}"

    def link(self, article):
        return absolute(article.get_absolute_url())

    def feed_url(self, article):
        return absolute(f"{article.get_absolute_url()}live/feed/")

    def subtitle(self, article):
        return article.standfirst

    def items(self, article):
        entries = list(article.live_entries.select_related("author")
                       .order_by("-published_at", "-id")[:FEED_ENTRIES])
        for entry in entries:
            entry.article = article  # one article: no query per entry for its link
        return entries

    def item_title(self, entry):
        return summary(entry)

    def item_description(self, entry):
        return entry.body  # sanitised when saved; embeds stay plain links here

    def item_link(self, entry):
        return absolute(f"{entry.article.get_absolute_url()}#entry-{entry.pk}")

    def item_guid(self, entry):
        return self.item_link(entry)

    def item_pubdate(self, entry):
        return entry.published_at

    def item_updateddate(self, entry):
        return entry.updated_at

    def item_author_name(self, entry):
        return entry.author.name

    def item_author_link(self, entry):
        return absolute(entry.author.get_absolute_url())


live_feed = public_page(LiveEntriesFeed())
