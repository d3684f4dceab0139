from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Static pages"

    def ready(self):
        from articles.sitemaps import SITEMAPS

        from . import cache
        from .sitemaps import PageSitemap

        cache.watch()  # purge cached pages when static pages change
        SITEMAPS["pages"] = PageSitemap()
