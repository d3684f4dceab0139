"""System checks for configurations that would serve readers the wrong page."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches)
def cache_is_shared(app_configs, **kwargs):
    """A per-process cache gives each worker its own pages, purges and rate limits."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [checks.Warning(
            f"The cache ({backend}) is not shared between processes: with more than one "
            "worker, a purge or a rate limit counts in one worker only, and readers of "
            "the others get stale pages.",
            hint="Leave CACHE_URL unset (a file cache every worker shares) or use redis://.",
            id="newsroom.W001",
        )]
    return []
