from django.apps import AppConfig


class WpimportConfig(AppConfig):
    name = "wpimport"
    verbose_name = "Moved from WordPress"

    def ready(self):
        from . import signals

        signals.watch()
