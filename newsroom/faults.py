"""What readers and editors see when the database or the disk lets us down.

A database that is unreachable or locked, or a media disk that is full or not
writable, is a temporary outage, not a bug: answer 503 with Retry-After and a
branded page (no traceback), and let the next request try again — Django opens a
fresh database connection when the old one has failed, so no restart is needed.
"""

import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)


class StorageUnavailable(OSError):
    """The media storage could not write a file (disk full, read-only, not a directory)."""


MESSAGES = {
    "database": (
        "We cannot reach our database right now. Nothing you sent was saved: use your "
        "browser's Back button to get back what you typed, and try again in a minute."
    ),
    "storage": (
        "We could not store your file: the media disk is full or not writable. "
        "Nothing was saved. Please try again later or tell the site's administrators."
    ),
}


def outage_kind(exc):
    """Return "database" or "storage" for an outage, None for anything else."""
    if isinstance(exc, (OperationalError, InterfaceError)):
        return "database"
    if isinstance(exc, StorageUnavailable):
        return "storage"
    return None


def service_unavailable(kind):
    """A 503 page that needs neither the database nor a request context."""
    html = loader.render_to_string("503.html", {"message": MESSAGES[kind]})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def response_for(exc):
    """Turn an outage into its 503 response (logged once); None if `exc` is no outage."""
    kind = outage_kind(exc)
    if kind is None:
        return None
    logger.error("Service unavailable (%s): %s", kind, exc)
    return service_unavailable(kind)


# --- The cache server ---------------------------------------------------------------

# When this process last found the cache server failing (monotonic clock). Only this
# process's view of the server's health: nothing that workers must agree on.
_cache_failed_at = None


def cache_call(default, operation, *args, **kwargs):
    """Run a cache operation; an outage costs speed, never the page.

    After a failure the cache is skipped for CACHE_RETRY_SECONDS in this process, so
    a server that accepts connections but never answers costs one short timeout
    (CACHE_TIMEOUT_SECONDS), not one for every call of every request.
    """
    global _cache_failed_at
    if _cache_failed_at is not None:
        if time.monotonic() - _cache_failed_at < settings.CACHE_RETRY_SECONDS:
            return default
        _cache_failed_at = None
    try:
        return operation(*args, **kwargs)
    except Exception as error:
        _cache_failed_at = time.monotonic()
        logger.warning("Cache unavailable (%s); serving without it for %ss", error,
                       settings.CACHE_RETRY_SECONDS)
        return default
