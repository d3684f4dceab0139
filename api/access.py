"""Who is asking the API, and whether they have asked too often.

A key is optional. Without one, each client address gets API_RATE_LIMIT; with one
(`X-API-Key: nrk_…` or `Authorization: Bearer nrk_…`), the key gets its own limit.
An unknown or disabled key is refused (401), never quietly treated as no key. The
keys' hashes are kept in the shared cache for a few minutes, so a key costs no query;
saving or deleting a key forgets it at once. Counting uses newsroom/ratelimit.py; if
the cache cannot be asked, reads are let through (logged): the API only reads.
"""

import hmac
import logging

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from newsroom import ratelimit
from newsroom.faults import cache_call

from .models import KEY_PREFIX, ApiKey, hash_key
from .problems import problem

logger = logging.getLogger(__name__)
KEY_CACHE_SECONDS = 300
MISSING = object()


def presented_key(request):
    key = request.headers.get("X-API-Key", "").strip()
    if not key:
        scheme, _, value = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer":
            key = value.strip()
    return key


def _cache_name(prefix):
    return f"api-key:{prefix}"


def _lookup(prefix):
    """(pk, hash, limit text) of the active key with `prefix`, or None."""
    found = cache_call(MISSING, cache.get, _cache_name(prefix), MISSING)
    if found is MISSING:
        row = ApiKey.objects.filter(prefix=prefix, active=True).values_list(
            "pk", "key_hash", "rate_limit").first()
        found = tuple(row) if row else None
        cache_call(None, cache.set, _cache_name(prefix), found, KEY_CACHE_SECONDS)
    return found


def identify(raw):
    """Return the ApiKey-shaped tuple for `raw`, or None if it is not a working key."""
    parts = raw.split("_")
    if len(parts) < 3 or parts[0] != KEY_PREFIX:
        return None
    found = _lookup(parts[1])
    if found is None or not hmac.compare_digest(found[1], hash_key(raw)):
        return None
    return found


def refuse(request):
    """A 401 or 429 problem response for this request, or None to let it through."""
    raw = presented_key(request)
    if raw:
        found = identify(raw)
        if found is None:
            return problem(request, 401, "This API key is not known or no longer works. "
                           "Ask the newsroom for a new one, or send no key.")
        request.api_key_id = found[0]
        scope, identity = "api-key", found[0]
        limit = ratelimit.parse_limit(found[2] or settings.API_KEY_RATE_LIMIT)
    else:
        scope, identity = "api", request.META.get("REMOTE_ADDR") or "unknown"
        limit = ratelimit.parse_limit(settings.API_RATE_LIMIT)
    try:
        wait = ratelimit.hit(scope, identity, limit)
    except ratelimit.CacheUnavailable:
        logger.warning("API rate limit unchecked: the cache cannot be asked")
        return None
    if wait:
        return problem(
            request, 429,
            f"Too many requests: at most {limit.count} every {limit.seconds} seconds. "
            f"Try again in {wait} seconds" + ("." if raw else ", or ask for an API key."),
            headers={"Retry-After": str(wait)}, retry_after=wait)
    return None


def _forget(sender, instance, **kwargs):
    if instance.prefix:
        cache_call(None, cache.delete, _cache_name(instance.prefix))


post_save.connect(_forget, sender=ApiKey, dispatch_uid="api-key-forget-save")
post_delete.connect(_forget, sender=ApiKey, dispatch_uid="api-key-forget-delete")
