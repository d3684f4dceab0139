"""sitemap.xml (an index of per-type sitemaps) and the Google News sitemap."""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from authors.models import Author
from newsroom.caching import LISTING, public_page

from .models import MODIFIED_AT, Article, Section, Tag
from .seo import absolute

NEWS_SITEMAP_WINDOW = timedelta(days=2)
NEWS_SITEMAP_LIMIT = 1000  # Google News reads at most this many URLs per sitemap


class AbsoluteSitemap(Sitemap):
    """Use SITE_URL's scheme and host, not whatever Host header the request had."""

    def get_urls(self, page=1, site=None, protocol=None):
        from django.conf import settings

        scheme, _, domain = settings.SITE_URL.partition("://")
        site = type("SiteUrl", (), {"domain": domain})()
        return super().get_urls(page=page, site=site, protocol=scheme)


class HomeSitemap(AbsoluteSitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["/"]

    def location(self, item):
        return item

    def lastmod(self, item):
        return Article.objects.published().aggregate(latest=Max(MODIFIED_AT))["latest"]


class ArticleSitemap(AbsoluteSitemap):
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "noted_at", "published_at")

    def lastmod(self, article):
        return article.modified_at

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max(MODIFIED_AT))["latest"]


class ArchiveSitemap(AbsoluteSitemap):
    """Sections, tags and authors, each with the time of its newest published story."""

    def __init__(self, queryset, relation):
        self.queryset, self.relation = queryset, relation

    def items(self):
        published = Article.objects.published()
        return (
            self.queryset.filter(**{f"{self.relation}__in": published})
            .annotate(latest=Max(Coalesce(f"{self.relation}__noted_at",
                                          f"{self.relation}__published_at")))
            .order_by("pk")
        )

    def lastmod(self, obj):
        return obj.latest


SITEMAPS = {
    "home": HomeSitemap(),
    "articles": ArticleSitemap(),
    "sections": ArchiveSitemap(Section.objects.all(), "articles"),
    "tags": ArchiveSitemap(Tag.objects.all(), "articles"),
    "authors": ArchiveSitemap(Author.objects.all(), "articles"),
}


@public_page(keys=[LISTING])
def sitemap_index(request):
    """The index of per-type sitemaps (and their pages), with SITE_URL addresses."""
    items = []
    for name, sitemap in SITEMAPS.items():
        location = absolute(reverse("sitemap-section", kwargs={"section": name}))
        lastmod = sitemap.get_latest_lastmod()
        for page in range(1, sitemap.paginator.num_pages + 1):
            items.append(SitemapIndexItem(location + (f"?p={page}" if page > 1 else ""), lastmod))
    return render(request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml")


@public_page(keys=[LISTING])
def news_sitemap(request):
    """Articles of the last two days, in the Google News sitemap format."""
    since = timezone.now() - NEWS_SITEMAP_WINDOW
    articles = (
        Article.objects.published_between(start=since)
        .prefetch_related("tags")
        .order_by("-published_at")[:NEWS_SITEMAP_LIMIT]
    )
    return render(
        request, "sitemaps/news.xml", {"articles": articles}, content_type="application/xml"
    )
