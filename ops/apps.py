from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operating the site: backups and restores (no models)."""

    name = "ops"
    verbose_name = "Operations"
