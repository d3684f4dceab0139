from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operating the site: backups and restores (no models)."""

    name = "ops"
    verbose_name = "Operations"

    def ready(self):
        from newsroom import routers

        routers.watch_primary_writes()
