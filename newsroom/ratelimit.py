"""Sliding-window counters in the shared cache, for the comment and API rate limits.

Each limit counts attempts in fixed windows, but judges an attempt by the current
window's count plus the previous window's, weighted by how much of it still lies
within the last `seconds`. A burst that straddles a window boundary is therefore
judged as one burst: "5/60" lets about 5 through in any 60 seconds, not 10.

The cache must be one that every worker shares (the default file cache or Redis):
a per-process cache would give each worker its own counters.

The rules that use them live in comments/moderation.py and api/access.py; this is
only the counting.
"""

import hashlib
import math
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

    Refused attempts count too, so someone who keeps trying stays refused.
    Raises CacheUnavailable when the cache backend fails.
    """
    now = time.time() if now is None else now
    window, into = divmod(now, limit.seconds)
    window = int(window)
    digest = hashlib.sha256(str(identity).lower().encode()).hexdigest()[:32]
    prefix = f"ratelimit:{scope}:{digest}:"
    current = cache_call(UNAVAILABLE, _count, f"{prefix}{window}", 2 * limit.seconds + 1)
    previous = cache_call(UNAVAILABLE, cache.get, f"{prefix}{window - 1}", 0)
    if UNAVAILABLE in (current, previous):
        raise CacheUnavailable("the cache could not be asked")
    overlap = 1 - into / limit.seconds  # the share of the previous window still in view
    if previous * overlap + current <= limit.count:
        return 0
    return max(1, math.ceil(_wait(limit, previous, current, overlap)))


def _wait(limit, previous, current, overlap):
    """Seconds until one more attempt would be let through, if nobody tries meanwhile."""
    room = limit.count - current - 1  # what the previous window may still weigh
    if room >= 0 and previous:
        return (overlap - room / previous) * limit.seconds
    # Not within this window: wait for it to end and for its own count to fade.
    return overlap * limit.seconds + (1 - (limit.count - 1) / current) * limit.seconds
