"""RSS and Atom feeds: the whole site, each section, each tag, each author.

Items carry headline, link, standfirst as summary, every byline as its own author,
dates (the one reader-facing `modified_at`), categories and the featured image (an
RSS enclosure and Media RSS `media:content`); never an email address (authors' or
commenters'). Every address, the feed's own included, is built from SITE_URL.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed

from authors.models import Author
from newsroom.caching import LISTING, public_page

from .models import Article, Section, Tag
from .seo import absolute, featured_image_file

FEED_ITEMS = 20
MEDIA_NS = "http://search.yahoo.com/mrss/"
DC_NS = "http://purl.org/dc/elements/1.1/"
FEED_LANGUAGE = "en-GB"  # as the pages' <html lang> and og:locale say


def write_media(handler, item):
    image = item.get("image")
    if image:
        handler.startElement("media:content", {
            "url": image["url"], "medium": "image", "type": image["type"],
            "width": str(image["width"]), "height": str(image["height"]),
        })
        if image["alt"]:
            handler.addQuickElement("media:description", image["alt"], {"type": "plain"})
        if image["credit"]:
            handler.addQuickElement("media:credit", image["credit"])
        handler.endElement("media:content")


class NewsRssFeed(Rss201rev2Feed):
    """RSS 2.0 with one dc:creator per byline and Media RSS for the featured image."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DC_NS, "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _ in item.get("authors", ()):
            handler.addQuickElement("dc:creator", name)
        write_media(handler, item)


class NewsAtomFeed(Atom1Feed):
    """Atom 1.0 with one <author> (name and page) per byline and Media RSS."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, uri in item.get("authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", uri)
            handler.endElement("author")
        write_media(handler, item)


class LatestFeed(Feed):
    """The newest published articles across the site."""

    feed_type = NewsRssFeed
    language = FEED_LANGUAGE
    url_name = "articles:rss"

    def title(self, obj=None):
        return settings.SITE_NAME

    def link(self, obj=None):
        return absolute("/")

    def feed_url(self, obj=None):
        kwargs = {"slug": obj.slug} if obj is not None else {}
        return absolute(reverse(self.url_name, kwargs=kwargs))

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

    def item_categories(self, item):
        return [item.section.name, *(tag.name for tag in item.tags.all())]

    def item_guid(self, item):
        # Stable across slug changes: the id never moves, the URL might.
        return absolute(f"/articles/id/{item.pk}")

    item_guid_is_permalink = False

    def item_enclosures(self, item):
        image = featured_image_file(item)
        if image is None:
            return []
        return [Enclosure(image["url"], str(image["length"]), image["type"])]

    def item_extra_kwargs(self, item):
        authors = [(a.name, absolute(a.get_absolute_url())) for a in item.byline_authors]
        image = featured_image_file(item)
        if image is not None:
            image = {**image, "alt": item.featured_image_alt,
                     "credit": item.featured_image_credit}
        return {"authors": authors, "image": image}


class SectionFeed(LatestFeed):
    url_name = "articles:section-rss"

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


class TagFeed(SectionFeed):
    url_name = "articles:tag-rss"

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def description(self, obj=None):
        return obj.description or f"Stories about {obj.name} from {settings.SITE_NAME}."

    def articles(self, obj):
        return Article.objects.published().filter(tags=obj)


class AuthorFeed(LatestFeed):
    url_name = "articles:author-rss"

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
        {"feed_type": NewsAtomFeed, "subtitle": feed_class.description,
         "url_name": feed_class.url_name.removesuffix("rss") + "atom"},
    )


def feed_view(feed_class):
    # Items show headlines, authors and tags: any story's change or a rename purges them.
    return public_page(feed_class(), keys=[LISTING])


latest_rss = feed_view(LatestFeed)
latest_atom = feed_view(atom(LatestFeed))
section_rss = feed_view(SectionFeed)
section_atom = feed_view(atom(SectionFeed))
tag_rss = feed_view(TagFeed)
tag_atom = feed_view(atom(TagFeed))
author_rss = feed_view(AuthorFeed)
author_atom = feed_view(atom(AuthorFeed))
