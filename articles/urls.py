from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from newsroom.caching import LISTING, public_page

from . import feeds, sitemaps, views

app_name = "articles"


class UnicodeSlugConverter:
    """A slug that may hold letters of any script (slugs imported from WordPress)."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")

urlpatterns = [
    path("articles/<uslug:slug>/", views.article_detail, name="detail"),
    path("preview/articles/<int:pk>/", views.article_preview, name="preview"),
    path("section/<uslug:slug>/", views.section_detail, name="section"),
    path("section/<uslug:slug>/feed/", feeds.section_rss, name="section-rss"),
    path("section/<uslug:slug>/feed/atom/", feeds.section_atom, name="section-atom"),
    path("tags/<uslug:slug>/", views.tag_detail, name="tag"),
    path("tags/<uslug:slug>/feed/", feeds.tag_rss, name="tag-rss"),
    path("tags/<uslug:slug>/feed/atom/", feeds.tag_atom, name="tag-atom"),
    path("authors/<slug:slug>/feed/", feeds.author_rss, name="author-rss"),
    path("authors/<slug:slug>/feed/atom/", feeds.author_atom, name="author-atom"),
    path("feed/", feeds.latest_rss, name="rss"),
    path("feed/atom/", feeds.latest_atom, name="atom"),
    path("archive/", views.date_archive, name="archive"),
    path("archive/<int:year>/", views.date_archive, name="archive-year"),
    path("archive/<int:year>/<int:month>/", views.date_archive, name="archive-month"),
    path("archive/<int:year>/<int:month>/<int:day>/", views.date_archive, name="archive-day"),
]

# Outside the namespace: the sitemap framework reverses "sitemap-section" by that name.
sitemap_urlpatterns = [
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap, keys=[LISTING]),
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap-section",
    ),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news-sitemap"),
]
