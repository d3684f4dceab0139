"""Fixed-window counters in the shared cache, for the comment rate limits.

The cache must be one that every worker shares (the default file cache or Redis):
a per-process cache would give each worker its own counters.

The rules that use them live in comments/moderation.py; this is only the counting.
"""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from newsroom.faults import cache_call



class CacheUnavailable(Exception):
    """The cache could not be asked; callers must fail closed."""


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


def parse_limit(value):
    """Read "N/SECONDS" (e.g. "5/60") as a Limit."""
    try:
        count, seconds = (int(part) for part in str(value).split("/"))
    except ValueError:
        raise ImproperlyConfigured(f"A rate limit looks like '5/60' (N/SECONDS), not {value!r}.")
    if count < 1 or seconds < 1:
        raise ImproperlyConfigured(f"Rate limit {value!r} must be positive.")
    return Limit(count, seconds)


UNAVAILABLE = object()


def _count(key, timeout):
    """Add one to the counter at `key` (atomic in every shared cache) and return it."""
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: start again
        cache.set(key, 1, timeout=timeout)
        return 1


def hit(scope, identity, limit, now=None):
    """Count one attempt; return seconds to wait if over `limit`, else 0.

    Raises CacheUnavailable when the cache backend fails.
    """
    now = time.time() if now is None else now
    window = int(now // limit.seconds)
    digest = hashlib.sha256(str(identity).lower().encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}:{window}"
    count = cache_call(UNAVAILABLE, _count, key, limit.seconds + 1)
    if count is UNAVAILABLE:
        raise CacheUnavailable("the cache could not be asked")
    if count > limit.count:
        return max(1, int((window + 1) * limit.seconds - now))
    return 0
