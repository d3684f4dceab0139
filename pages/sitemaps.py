from articles.sitemaps import AbsoluteSitemap

from .models import Page


class PageSitemap(AbsoluteSitemap):
    changefreq = "monthly"

    def items(self):
        return Page.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, page):
        return page.updated_at
