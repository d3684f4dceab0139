"""What readers and editors see when the database or the disk lets us down.

A database that is unreachable or locked, or a media disk that is full or not
writable, is a temporary outage, not a bug: answer 503 with Retry-After and a
branded page (no traceback), and let the next request try again — Django opens a
fresh database connection when the old one has failed, so no restart is needed.
"""

import logging

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
