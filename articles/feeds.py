"""RSS and Atom feeds: the whole site, each section, each author.

Items carry headline, link, standfirst as summary, bylines, dates and categories;
never an email address (authors' or commenters').
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from authors.models import Author
from newsroom.caching import public_page

from .models import Article, Section
from .seo import absolute

FEED_ITEMS = 20


class LatestFeed(Feed):
    """The newest published articles across the site."""

    def title(self, obj=None):
        return settings.SITE_NAME

    def link(self, obj=None):
        return absolute("/")

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def description(self, obj=None):
        return f"The latest stories from {settings.SITE_NAME}."

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        return self.articles(obj).for_listing().prefetch_related("tags")[:FEED_ITEMS]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.standfirst

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.modified_at

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.byline_authors) or None

    def item_author_link(self, item):
        authors = item.byline_authors
        return absolute(authors[0].get_absolute_url()) if authors else None

    def item_categories(self, item):
        return [item.section.name, *(tag.name for tag in item.tags.all())]

    def item_guid(self, item):
        # Stable across slug changes: the id never moves, the URL might.
        return f"{settings.SITE_URL}/articles/id/{item.pk}"

    item_guid_is_permalink = False


class SectionFeed(LatestFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj=None):
        return f"{obj.name} | {settings.SITE_NAME}"

    def link(self, obj=None):
        return absolute(obj.get_absolute_url())

    def description(self, obj=None):
        return obj.description or f"The latest {obj.name} stories from {settings.SITE_NAME}."

    def articles(self, obj):
        return Article.objects.published().filter(section=obj)


class AuthorFeed(LatestFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, obj=None):
        return f"{obj.name} | {settings.SITE_NAME}"

    def link(self, obj=None):
        return absolute(obj.get_absolute_url())

    def description(self, obj=None):
        return f"Stories by {obj.name} for {settings.SITE_NAME}."

    def articles(self, obj):
        return Article.objects.published().by_author(obj)


def atom(feed_class):
    """The same feed in Atom 1.0 (with `subtitle` from the description)."""
    return type(
        f"Atom{feed_class.__name__}",
        (feed_class,),
        {"feed_type": Atom1Feed, "subtitle": feed_class.description},
    )


def feed_view(feed_class):
    return public_page(feed_class())


latest_rss = feed_view(LatestFeed)
latest_atom = feed_view(atom(LatestFeed))
section_rss = feed_view(SectionFeed)
section_atom = feed_view(atom(SectionFeed))
author_rss = feed_view(AuthorFeed)
author_atom = feed_view(atom(AuthorFeed))
