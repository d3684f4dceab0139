from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operating the site: backups and restores, replica wiring, deploy checks (no models)."""

    name = "ops"
    verbose_name = "Operations"

    def ready(self):
        from newsroom import routers

        from . import checks  # noqa: F401  (registers the system checks)

        routers.watch_primary_writes()
