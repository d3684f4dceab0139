from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Static pages"

    def ready(self):
        from articles.sitemaps import SITEMAPS

        from . import signals
        from .sitemaps import PageSitemap

        signals.watch()
        SITEMAPS["pages"] = PageSitemap()
