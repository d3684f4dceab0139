"""Caching of readers' pages: one mechanism, surrogate keys.

How a page gets cached. A view wrapped in `public_page` records, with `tag()`, a
surrogate key for everything the page shows (`article-12`, `comments-12`,
`author-3`, the listings it belongs to such as `list` or `list-section-2`, and
`site` for the parts every page has). The response goes out public, with the keys in
a `Surrogate-Key` header (SURROGATE_KEY_HEADER) for Varnish or a CDN, and the page
cache (newsroom/pagecache.py) keeps it with its keys and the time its render began.

What purges it. A change calls `purge(keys)`; after commit every backend in
PURGE_BACKENDS (newsroom/purging.py) is told. The app's page cache records, in the
shared cache, when each key was last purged: a kept page whose render began before
one of its keys' purges is stale. Varnish and CDNs drop the objects carrying the keys.
Each app's receivers (articles/cache.py, authors/cache.py, comments/cache.py) decide
which keys a change touches; a scheduled story's keys are purged by a task that runs
at its publish time.

Browsers are asked to revalidate every time (max-age=0; the ETag makes that a 304);
shared caches keep pages for PAGE_CACHE_SERVER_SECONDS, since they are purged.
Anyone with a session cookie (staff) or a comment of their own awaiting moderation
gets a private copy that no cache keeps.
"""

import logging
from functools import wraps

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from newsroom.database import once_after_commit

logger = logging.getLogger(__name__)

# Signed cookie listing the ids of comments this browser posted that await moderation.
OWN_COMMENTS_COOKIE = "newsroom_own_comments"
# Every public page carries it: purged only by site-wide changes (the section menu).
SITE = "site"
# The listing of every published story: front page, feeds, sitemaps, archive, search.
LISTING = "list"


def key(kind, pk):
    """The surrogate key of one object: `key("article", 12)` is "article-12"."""
    return f"{kind}-{pk}"


def listing(kind, pk):
    """The key of a listing that one object's stories belong to ("list-section-2")."""
    return f"{LISTING}-{kind}-{pk}"


def clock():
    """Now, as a timestamp, on the same clock the publishing rule reads."""
    return timezone.now().timestamp()


def is_personal_request(request):
    """True when the response may differ from what an anonymous reader gets."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or OWN_COMMENTS_COOKIE in cookies


# --- Recording what a page shows -------------------------------------------------


def tag(request, *keys):
    """Record that the page being rendered for `request` shows these keys."""
    recorded = getattr(request, "surrogate_keys", None)
    if recorded is not None:
        recorded.update(k for k in keys if k)


def public_page(view=None, *, keys=()):
    """Mark a reader's page cacheable by anyone, unless this request is personal.

    `keys`: what every response of the view shows, besides what it records itself
    (`@public_page(keys=[LISTING])` for a listing of every story).
    """
    if view is None:
        return lambda view: public_page(view, keys=keys)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        personal = is_personal_request(request)
        # Renders for a shared cache carry nothing personal, nor anything that must be
        # fresh for one reader (the comment form fetches its own token).
        request.public_render = not personal
        request.surrogate_keys = {SITE, *keys}
        response = view(request, *args, **kwargs)
        if response.status_code >= 500 or personal:
            return mark_private(response)
        return mark_public(response, request.surrogate_keys)

    return wrapper


def mark_public(response, keys=(SITE,)):
    """Let any cache keep `response`; shared caches until a purge of one of `keys`."""
    patch_cache_control(
        response, public=True, max_age=settings.PAGE_CACHE_SECONDS,
        s_maxage=settings.PAGE_CACHE_SERVER_SECONDS,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_SECONDS,
    )
    # Pages from the cache may be compressed: shared caches must key on the encoding too.
    patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date()
    response.surrogate_keys = frozenset(keys)
    response[settings.SURROGATE_KEY_HEADER] = " ".join(sorted(keys))
    return response


def mark_private(response):
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ["Cookie"])
    response.surrogate_keys = None
    return response


# --- What every page shows ----------------------------------------------------------

# {name: (when its load began, value)}: this process's copies of site-wide rows.
_site_wide = {}


def site_wide(name, load):
    """`load()`, kept in this process until the `site` key is next purged.

    For the rows every public page shows and only site-wide changes alter (the section
    menu, the footer's links): a render reads one purge time from the shared cache
    instead of running their queries. A copy is used only while `site` has not been
    purged since its load began, the rule the page cache keeps pages by, so a change
    reaches every worker's next render. A purge time the cache lost counts as a purge;
    when the cache cannot be asked, every render loads.
    """
    from newsroom.pagecache import purge_times

    started = clock()
    times = purge_times([SITE], started=started)
    purged = (times or {}).get(SITE)
    kept = _site_wide.get(name)
    if kept is not None and purged is not None \
            and purged + settings.PURGE_CLOCK_MARGIN <= kept[0]:
        return kept[1]
    value = load()
    if purged is not None:
        _site_wide[name] = (started, value)
    return value


# --- Purging -----------------------------------------------------------------------

def purge(*keys, at=None):
    """Purge `keys` from every cache once the current transaction commits.

    `at`: a future time (a scheduled story going live): the purge runs then, as a task.
    Several purges in one transaction are sent together, once.
    """
    from newsroom import purging

    keys = {k for k in keys if k}
    if not keys:
        return
    if at is not None:
        transaction.on_commit(lambda: purging.schedule(keys, at))
        return
    once_after_commit("purge", lambda batch: batch.update(dict.fromkeys(keys)),
                      lambda batch: purging.send(set(batch)))


def purge_site():
    """Purge every public page: for site-wide changes only (the section menu)."""
    purge(SITE)
