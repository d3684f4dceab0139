from django.apps import AppConfig


class AuthorsConfig(AppConfig):
    name = "authors"
    verbose_name = "Authors"

    def ready(self):
        from . import cache

        cache.watch()  # purge cached pages when profiles change
