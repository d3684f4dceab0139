"""System checks for the shape the site runs in."""

from django.conf import settings
from django.core.checks import Warning, register

from newsroom.routers import replica_aliases


@register(deploy=True)
def replicas_need_a_shared_cache(app_configs, **kwargs):
    """With replicas, every process must see the others' write positions (in the cache)."""
    if replica_aliases() and settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        return [Warning(
            "DATABASE_REPLICA_URLS is set but the cache is per-process memory.",
            hint="Set CACHE_URL to a Redis every app server shares: replicas are only read "
                 "once they have replayed the latest write, which processes learn from it.",
            id="ops.W001",
        )]
    return []
