"""Who else has an article open in the admin: a hint, kept in the shared cache.

Each open form reports every few seconds; anyone not heard from for PRESENCE_SECONDS
is gone. Two reports racing may drop one for a single round, which the next fixes: this
tells people to talk to each other, and the version check is what protects the text.
"""

import time

from django.core.cache import cache

from newsroom.faults import cache_call

PRESENCE_SECONDS = 30


def _key(article_id):
    return f"article-presence:{article_id}"


def article_present(*, article_id, user, now=None):
    """Record that `user` has the article open; return the other people who do, by name."""
    now = now or time.time()
    seen = {
        pk: (name, at)
        # A cache that is down or slow costs the hint, never the editor's page.
        for pk, (name, at) in (cache_call(None, cache.get, _key(article_id)) or {}).items()
        if now - at < PRESENCE_SECONDS
    }
    seen[user.pk] = (user.get_full_name() or user.get_username(), now)
    cache_call(None, cache.set, _key(article_id), seen, PRESENCE_SECONDS * 2)
    return sorted(name for pk, (name, _at) in seen.items() if pk != user.pk)
