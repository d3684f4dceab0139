"""The whole-page cache for anonymous readers: a middleware above sessions and auth.

What may be stored, and when it goes stale, is decided in newsroom/caching.py.
"""

import gzip
import uuid

import brotli
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from newsroom.caching import (
    SITE_GENERATION,
    clock,
    is_personal_request,
    page_key,
    quietly,
    seconds_until_next_publish,
)

# Headers a replayed page must not repeat from the response it was stored from.
NOT_REPLAYED = {"set-cookie", "age", "x-page-cache", "content-length"}
# Fast enough to run once per stored page, and still smaller than gzip.
BROTLI_QUALITY = 5


class PageCacheMiddleware:
    """Serve anonymous readers whole pages from the cache; keep what views mark public.

    Sits above the session, CSRF and auth middleware so a hit costs one cache
    round trip and no database query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.PAGE_CACHE_ENABLED and request.method in ("GET", "HEAD")):
            return self.get_response(request)
        if is_personal_request(request):
            return self.get_response(request)
        page = page_key(request)
        found = quietly(None, cache.get_many, [page, SITE_GENERATION])
        if found is None:  # cache down: render every page, store nothing
            return self.get_response(request)
        token, entry = found.get(SITE_GENERATION), found.get(page)
        if entry and entry["token"] == token and entry["expires"] > clock():
            return replay(request, entry)
        response = self.get_response(request)
        if token is None:
            # Start the generation; store from the next request, whose token is known
            # to predate its render.
            quietly(None, cache.add, SITE_GENERATION, uuid.uuid4().hex, timeout=None)
        elif is_storable(request, response):
            store(page, response, token)
        response["X-Page-Cache"] = "miss"
        return response


def is_storable(request, response):
    return (
        getattr(response, "page_cacheable", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not is_personal_request(request)
    )


def store(page, response, token):
    timeout = settings.PAGE_CACHE_SERVER_SECONDS
    until = seconds_until_next_publish()
    if until is not None:
        timeout = min(timeout, until)
    if timeout < 1:
        return
    now = clock()
    content = response.content
    entry = {
        "token": token,
        "status": response.status_code,
        # Compressed once here and served compressed to every reader who accepts it;
        # the rare client that accepts neither gets the gzip copy unpacked.
        "br": brotli.compress(content, quality=BROTLI_QUALITY),
        "gzip": gzip.compress(content, compresslevel=6, mtime=0),
        "headers": [(k, v) for k, v in response.headers.items() if k.lower() not in NOT_REPLAYED],
        "stored": now,
        "expires": now + timeout,
    }
    quietly(None, cache.set, page, entry, timeout=int(timeout) + 1)


def preferred_encoding(accept_encoding):
    """Return "br", "gzip" or None for an Accept-Encoding header (q=0 means refused)."""
    offered = {}
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        refused = params.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000")
        offered[name.strip()] = not refused
    return next((name for name in ("br", "gzip") if offered.get(name)), None)


def replay(request, entry):
    """Rebuild a stored page, answering conditional requests with 304 Not Modified."""
    encoding = preferred_encoding(request.headers.get("Accept-Encoding", ""))
    content = entry[encoding] if encoding else gzip.decompress(entry["gzip"])
    response = HttpResponse(b"" if request.method == "HEAD" else content, status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    response["Content-Length"] = str(len(content))  # of the GET body, for HEAD too
    if encoding:
        response["Content-Encoding"] = encoding
        if response.has_header("ETag") and not response["ETag"].startswith("W/"):
            # The same page in another encoding: equivalent, not byte-identical.
            response["ETag"] = "W/" + response["ETag"]
    response["Age"] = str(max(0, int(clock() - entry["stored"])))
    response["X-Page-Cache"] = "hit"
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=response.get("ETag"), last_modified=last_modified, response=response
    )
