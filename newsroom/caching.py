"""Caching for readers' pages: HTTP headers, the whole-page cache and its invalidation.

A public page carries nothing per-user (no CSRF token, no user name), so any cache
may keep it. Anyone with a session cookie (staff) or with comments of their own
awaiting moderation gets a private, uncached copy instead.

The page cache (newsroom/pagecache.py) keeps whole responses keyed by URL. Each entry
records the site generation token it was rendered under. Anything readers see changing
(an article, byline, tag, section or author; a comment becoming visible or hidden, which
also changes comment counts in every listing and "More from" box) replaces the token,
so every page misses on its next request. Nothing has to find and delete old entries,
which is why it works the same in one process (local memory) and across workers and
hosts sharing Redis; and a token the cache evicts is simply replaced, which can only
cause misses, never staleness. A comment awaiting moderation changes nothing: only its
author sees it, and they bypass the cache.

A second token, the content generation, is replaced with the site's on every change
except comments: page fragments that show no comments are keyed by it
(newsroom/fragments.py), so approving a comment leaves them valid.
"""

import hashlib
import logging
import uuid
from datetime import UTC, datetime
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import http_date

from newsroom.publishing import is_published

# Signed cookie listing the ids of comments this browser posted that await moderation.
OWN_COMMENTS_COOKIE = "newsroom_own_comments"

SITE_GENERATION = "pagecache:gen:site"
# Changes with articles, bylines, tags, sections, authors and corrections, not with
# comments: what page fragments that show no comments are keyed by (newsroom/fragments.py).
CONTENT_GENERATION = "pagecache:gen:content"
# Models shown on article pages besides Article, Byline, Section and Tag.
ARTICLE_PARTS = ["Correction"]
NEXT_PUBLISH = "pagecache:next-publish"
# `is_published(obj, now=FAR_FUTURE)` is true for published and scheduled articles alike.
FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)


def is_personal_request(request):
    """True when the response may differ from what an anonymous reader gets."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or OWN_COMMENTS_COOKIE in cookies


# --- HTTP headers -------------------------------------------------------------


def mark_public(response, max_age=None):
    """Let any cache keep `response`, but never past the next scheduled publish."""
    max_age = settings.PAGE_CACHE_SECONDS if max_age is None else max_age
    stale = max_age * 5
    until = seconds_until_next_publish()
    if until is not None:
        max_age = max(0, min(max_age, int(until)))
        stale = max(0, min(stale, int(until) - max_age))
    patch_cache_control(response, public=True, max_age=max_age, stale_while_revalidate=stale)
    # Pages from the cache may be compressed: shared caches must key on the encoding too.
    patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date()
    response.page_cacheable = True
    return response


def mark_private(response):
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ["Cookie"])
    response.page_cacheable = False
    return response


def public_page(view):
    """Mark a reader's page cacheable by anyone, unless this request is personal."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        personal = is_personal_request(request)
        # Nothing personal in this render: it may reuse kept page fragments.
        request.fragments_allowed = not personal
        response = view(request, *args, **kwargs)
        if response.status_code >= 500 or personal:
            return mark_private(response)
        return mark_public(response)

    return wrapper


# --- Generations and scheduling --------------------------------------------------

logger = logging.getLogger(__name__)


def clock():
    """Now, as a timestamp, on the same clock the publishing rule reads."""
    return timezone.now().timestamp()


def quietly(default, operation, *args, **kwargs):
    """Run a cache operation; a cache outage costs speed, never the page."""
    try:
        return operation(*args, **kwargs)
    except Exception:
        logger.warning("Cache unavailable; serving without it", exc_info=True)
        return default



def page_key(request):
    return "pagecache:page:" + hashlib.md5(request.get_full_path().encode()).hexdigest()


def _replace_tokens(keys):
    quietly(None, cache.set_many, {key: uuid.uuid4().hex for key in keys}, timeout=None)


def _bump(*keys):
    """Replace tokens now and again after commit.

    Now: nobody is served the old page from here on. After commit: a page rendered
    from the not-yet-committed state in between is not kept either.
    """
    _replace_tokens(keys)
    transaction.on_commit(lambda: _replace_tokens(keys))


def content_changed():
    """Invalidate every cached page and fragment (an article, byline, tag, section or
    author changed)."""
    _bump(SITE_GENERATION, CONTENT_GENERATION)


def comments_changed():
    """Invalidate every cached page, and the fragments showing comments (a comment was
    approved, hidden or deleted). Called directly for bulk changes made with
    queryset.update(), which sends no signals."""
    _bump(SITE_GENERATION)


def generation_tokens(keys=(SITE_GENERATION, CONTENT_GENERATION)):
    """{key: token} for these generations, each started if the cache has none (new or
    evicted). None when the cache cannot be reached."""
    tokens = quietly(None, cache.get_many, list(keys))
    if tokens is None:
        return None
    missing = [key for key in keys if key not in tokens]
    if missing:
        for key in missing:
            quietly(None, cache.add, key, uuid.uuid4().hex, timeout=None)
        tokens = quietly(None, cache.get_many, list(keys)) or {}
    return tokens


def site_token():
    """The current site generation (None when the cache cannot be reached)."""
    tokens = generation_tokens([SITE_GENERATION])
    return tokens.get(SITE_GENERATION) if tokens else None


def seconds_until_next_publish(site=None):
    """Seconds until the next scheduled article goes live, or None if none is scheduled.

    Remembered per site generation: scheduling an article changes the generation, and
    the remembered time is recomputed once it has passed. `site`: the site token, when
    the caller has just read it.
    """
    from articles.models import Article  # late: articles' views import this module

    now = clock()
    site = site_token() if site is None else site
    known = quietly(None, cache.get, NEXT_PUBLISH)
    if site is None or not known or known[0] != site or (known[1] and known[1] <= now):
        when = (
            Article.objects.scheduled().order_by("published_at")
            .values_list("published_at", flat=True).first()
        )
        known = (site, when.timestamp() if when else None)
        if site is not None:
            quietly(None, cache.set, NEXT_PUBLISH, known, timeout=None)
    return None if known[1] is None else known[1] - now


# --- Listing counts -----------------------------------------------------------------


def listing_key(request):
    """What identifies a listing: its path and query, whichever page of it is asked for."""
    params = sorted((k, v) for k, values in request.GET.lists() if k != "page" for v in values)
    return request.path + "?" + "&".join(f"{k}={v}" for k, v in params)


class CountCachedPaginator(Paginator):
    """A paginator that counts the listing at `path` once per site generation.

    Counting a section's or author's whole archive is the one query on a listing page
    whose cost grows with the archive; the count changes only when articles do (a new
    site generation) or when a scheduled one goes live (the entry expires then).
    """

    def __init__(self, object_list, per_page, *, path, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.path = path

    @cached_property
    def count(self):
        site = site_token()
        if site is None:  # no cache to remember it in
            return super().count
        key = f"pagecache:count:{site}:{hashlib.md5(self.path.encode()).hexdigest()}"
        known = quietly(None, cache.get, key)
        if known is not None and known[1] > clock():
            return known[0]
        total = super().count
        until = seconds_until_next_publish()
        timeout = settings.PAGE_CACHE_SERVER_SECONDS
        timeout = min(timeout, until) if until is not None else timeout
        # Valid until the next scheduled article goes live, checked on the publishing
        # rule's clock rather than trusted to the cache's own (whole-second) expiry.
        quietly(None, cache.set, key, (total, clock() + timeout), timeout=int(timeout) + 1)
        return total


# --- Invalidation: wired in each app's AppConfig.ready() -------------------------


def faces_readers(article):
    """True for an article readers see now or will see when its time comes."""
    return article is not None and is_published(article, now=FAR_FUTURE)


def watch_authors():
    from authors.models import Author

    post_save.connect(_content_edited, sender=Author, dispatch_uid="pagecache-author-save")
    post_delete.connect(_content_changed, sender=Author, dispatch_uid="pagecache-author-del")


def watch_articles():
    from articles.models import Article, Byline, Section, Tag

    # Every page lists the sections, so a new one counts; a new tag shows nowhere yet.
    post_save.connect(_content_changed, sender=Section, dispatch_uid="pagecache-section-save")
    post_save.connect(_content_edited, sender=Tag, dispatch_uid="pagecache-tag-save")
    for model in (Section, Tag):
        post_delete.connect(_content_changed, sender=model, dispatch_uid=f"pagecache-{model}-del")
    pre_save.connect(_article_before_save, sender=Article, dispatch_uid="pagecache-article-pre")
    post_save.connect(_article_saved, sender=Article, dispatch_uid="pagecache-article-save")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="pagecache-article-del")
    post_save.connect(_byline_changed, sender=Byline, dispatch_uid="pagecache-byline-save")
    post_delete.connect(_byline_changed, sender=Byline, dispatch_uid="pagecache-byline-del")
    m2m_changed.connect(_tags_changed, sender=Article.tags.through, dispatch_uid="pagecache-tags")
    for name in ARTICLE_PARTS:
        try:
            model = apps.get_model("articles", name)
        except LookupError:  # not every version of the articles app has every part
            continue
        for signal in (post_save, post_delete):
            signal.connect(_article_part_changed, sender=model, dispatch_uid=f"pagecache-{name}")


def watch_comments():
    from comments.models import Comment

    pre_save.connect(_comment_before_save, sender=Comment, dispatch_uid="pagecache-comment-pre")
    post_save.connect(_comment_saved, sender=Comment, dispatch_uid="pagecache-comment-save")
    post_delete.connect(_comment_deleted, sender=Comment, dispatch_uid="pagecache-comment-del")
    # Bulk paths (a report threshold pulling comments back to the queue) use update(),
    # which sends no model signals; the comments app announces those itself.
    from comments.signals import comment_visibility_changed

    comment_visibility_changed.connect(
        _comments_changed, dispatch_uid="pagecache-comment-visibility"
    )


def _content_changed(sender, **kwargs):
    content_changed()


def _comments_changed(sender, **kwargs):
    comments_changed()


def _content_edited(sender, created, **kwargs):
    # A new author or tag appears on no page until an article names it.
    if not created:
        content_changed()


def _article_before_save(sender, instance, **kwargs):
    old = sender.objects.filter(pk=instance.pk).only("status", "published_at").first()
    instance._pagecache_was_public = faces_readers(old)


def _article_saved(sender, instance, **kwargs):
    # A draft saved again changes nothing readers see; publishing, editing a live
    # article, scheduling and unpublishing all do.
    if getattr(instance, "_pagecache_was_public", True) or faces_readers(instance):
        content_changed()


def _article_deleted(sender, instance, **kwargs):
    if faces_readers(instance):
        content_changed()


def _article_part_changed(sender, instance, **kwargs):
    # Corrections and other parts shown under an article; their own save sends this.
    content_changed()


def _byline_changed(sender, instance, **kwargs):
    from articles.models import Article

    if faces_readers(Article.objects.filter(pk=instance.article_id).first()):
        content_changed()


def _tags_changed(sender, instance, action, reverse, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse or faces_readers(instance):  # reverse: a tag's articles changed
        content_changed()


def _comment_before_save(sender, instance, **kwargs):
    instance._pagecache_was_visible = (
        instance.pk is not None and sender.objects.approved().filter(pk=instance.pk).exists()
    )


def _comment_saved(sender, instance, **kwargs):
    # Pending comments are seen only by their author, who bypasses the cache.
    is_visible = instance.status == sender.Status.APPROVED
    if is_visible or getattr(instance, "_pagecache_was_visible", False):
        comments_changed()


def _comment_deleted(sender, instance, **kwargs):
    if instance.status == sender.Status.APPROVED:
        comments_changed()
