"""The app's own page cache for anonymous readers: a middleware above sessions and auth.

A kept page records its surrogate keys and when its render began. It is kept once
per encoding (brotli, gzip and plain), each copy under its own key, so a hit reads
and unpickles only the body it sends: no decompression for a client that accepts
none, and no copies it does not need in the worker's memory. It is served while no
key of it was purged after that moment (the purge times are kept in the
shared cache by newsroom.purging.PageCacheBackend). A key whose purge time the cache
no longer has counts as purged: eviction can only cause a miss, never a stale page.
Which pages are public, and their keys, is decided in newsroom/caching.py.
"""

import gzip

import brotli
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from newsroom.caching import clock, is_personal_request
from newsroom.faults import cache_call
from newsroom.purging import PURGED

# Headers a replayed page must not repeat from the response it was stored from.
NOT_REPLAYED = {"set-cookie", "age", "x-page-cache", "content-length"}
# Fast enough to run once per stored page, and still smaller than gzip.
BROTLI_QUALITY = 5


# How a kept page is stored, and the order a client's Accept-Encoding is matched in.
ENCODINGS = ("br", "gzip")


def page_key(request):
    return "page:" + request.get_full_path()


def copy_key(page, encoding):
    """The key of one encoding's copy of a kept page (None: the plain body)."""
    return f"{page}|{encoding or 'plain'}"


class PageCacheMiddleware:
    """Serve anonymous readers whole pages from the cache; keep what views mark public.

    Sits above the session, CSRF and auth middleware so a hit costs two cache round
    trips (the page's copy in the reader's encoding, then its keys' purge times) and no
    database query. A public page that misses goes out compressed too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        encoding = preferred_encoding(request.headers.get("Accept-Encoding", ""))
        if not settings.PAGE_CACHE_ENABLED or is_personal_request(request):
            return compress_public(request, self.get_response(request), encoding)
        page = page_key(request)
        entry = cache_call(None, cache.get, copy_key(page, encoding))
        if entry is not None and is_fresh(entry):
            return replay(request, entry, encoding)
        started = clock()
        response = self.get_response(request)
        copies = None
        if is_storable(request, response):
            copies = store(page, response, started)
        response = compress_public(request, response, encoding, copies)
        response["X-Page-Cache"] = "miss"
        return response


def purge_times(keys, started=None):
    """{key: when it was last purged} for `keys`; None if the cache cannot be asked.

    With `started` (a render's start), keys never purged are given a purge time just
    before it, so the page is stored valid; a concurrent purge wins the race.
    """
    names = [PURGED + k for k in keys]
    found = cache_call(None, cache.get_many, names)
    if found is None:
        return None
    if started is not None:
        floor = started - settings.PURGE_CLOCK_MARGIN
        missing = [name for name in names if name not in found]
        if missing and cache_call(None, lambda: [cache.add(n, floor, timeout=None)
                                                for n in missing]) is not None:
            found.update(cache_call({}, cache.get_many, missing) or {})
    return {name[len(PURGED):]: when for name, when in found.items()}


def is_fresh(entry):
    if entry["expires"] <= clock():
        return False
    times = purge_times(entry["keys"])
    if times is None or len(times) < len(entry["keys"]):
        return False
    return max(times.values()) + settings.PURGE_CLOCK_MARGIN <= entry["started"]


def is_storable(request, response):
    return (
        getattr(response, "surrogate_keys", None) is not None
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not is_personal_request(request)
    )


def compressed(content, encoding):
    if encoding == "br":
        return brotli.compress(content, quality=BROTLI_QUALITY)
    return gzip.compress(content, compresslevel=6, mtime=0)


def store(page, response, started):
    """Keep `response` in every encoding; return {encoding: body} of what was stored
    (None when it was not: something it shows was purged while it rendered)."""
    keys = sorted(response.surrogate_keys)
    times = purge_times(keys, started=started)
    if times is None or len(times) < len(keys):
        return None
    if max(times.values()) + settings.PURGE_CLOCK_MARGIN > started:
        return None  # something it shows was purged while it rendered
    content = response.content
    timeout = settings.PAGE_CACHE_SERVER_SECONDS
    # Compressed once here and served compressed to every reader who accepts it;
    # the rare client that accepts neither gets the plain copy.
    bodies = {encoding: compressed(content, encoding) for encoding in ENCODINGS}
    bodies[None] = content
    meta = {
        "keys": keys,
        "started": started,
        "expires": clock() + timeout,
        "status": response.status_code,
        "headers": [(k, v) for k, v in response.headers.items() if k.lower() not in NOT_REPLAYED],
    }
    copies = {copy_key(page, encoding): {**meta, "body": body} for encoding, body in bodies.items()}
    cache_call(None, cache.set_many, copies, timeout=timeout)
    return bodies


def compress_public(request, response, encoding, copies=None):
    """Send a public page compressed when the client accepts it, from the copies just
    stored or compressed now. Only public pages: they hold nothing secret, so a
    compressed length tells an attacker nothing (BREACH); private ones go out as they are."""
    if (encoding is None or getattr(response, "surrogate_keys", None) is None
            or response.streaming or response.status_code != 200
            or response.has_header("Content-Encoding")):
        return response
    body = copies[encoding] if copies else compressed(response.content, encoding)
    if len(body) >= len(response.content):
        return response
    response.content = body
    response["Content-Length"] = str(len(body))
    mark_encoded(response, encoding)
    return response


def mark_encoded(response, encoding):
    response["Content-Encoding"] = encoding
    if response.has_header("ETag") and not response["ETag"].startswith("W/"):
        # The same page in another encoding: equivalent, not byte-identical.
        response["ETag"] = "W/" + response["ETag"]


def preferred_encoding(accept_encoding):
    """Return "br", "gzip" or None for an Accept-Encoding header (q=0 means refused)."""
    offered = {}
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        refused = params.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000")
        offered[name.strip()] = not refused
    return next((name for name in ("br", "gzip") if offered.get(name)), None)


def replay(request, entry, encoding):
    """Rebuild a stored page, answering conditional requests with 304 Not Modified."""
    content = entry["body"]
    response = HttpResponse(b"" if request.method == "HEAD" else content, status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    response["Content-Length"] = str(len(content))  # of the GET body, for HEAD too
    if encoding:
        mark_encoded(response, encoding)
    response["Age"] = str(max(0, int(clock() - entry["started"])))
    response["X-Page-Cache"] = "hit"
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=response.get("ETag"), last_modified=last_modified, response=response
    )
