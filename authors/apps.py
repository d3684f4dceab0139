from django.apps import AppConfig


class AuthorsConfig(AppConfig):
    name = "authors"
    verbose_name = "Authors"

    def ready(self):
        from newsroom import caching

        caching.watch_authors()  # page cache invalidation on model changes
