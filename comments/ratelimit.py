"""Fixed-window counters in the shared cache, for the comment rate limits.

The rules that use them live in comments/moderation.py; this is only the counting.
"""

import hashlib
import logging
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)


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


def hit(scope, identity, limit, now=None):
    """Count one attempt; return seconds to wait if over `limit`, else 0.

    Raises CacheUnavailable when the cache backend fails.
    """
    now = time.time() if now is None else now
    window = int(now // limit.seconds)
    digest = hashlib.sha256(str(identity).lower().encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}:{window}"
    try:
        cache.add(key, 0, timeout=limit.seconds + 1)
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: start again
        try:
            cache.set(key, 1, timeout=limit.seconds + 1)
        except Exception as error:
            raise CacheUnavailable(str(error)) from error
        count = 1
    except Exception as error:
        logger.warning("Rate limit cache unavailable: %s", error)
        raise CacheUnavailable(str(error)) from error
    if count > limit.count:
        return max(1, int((window + 1) * limit.seconds - now))
    return 0
