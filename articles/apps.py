from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from . import search  # noqa: F401  (connects the search index signals)
        from newsroom import caching

        caching.watch_articles()  # page cache invalidation on model changes
