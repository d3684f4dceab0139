from django.apps import AppConfig


class FrontpageConfig(AppConfig):
    name = "frontpage"
    verbose_name = "Front page"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import cache, related_signals

        cache.watch()  # a slot or zone change purges the front page, now and at its times
        related_signals.watch()  # a story published, edited or unpublished: related lists
