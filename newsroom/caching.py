"""HTTP caching for readers' pages: what may be cached, by whom, and for how long.

A public page carries nothing per-user (no CSRF token, no user name), so any cache
may keep it. Anyone with a session cookie (staff) or with comments of their own
awaiting moderation gets a private, uncached copy instead.
"""

from functools import wraps

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

# Signed cookie listing the ids of comments this browser posted that await moderation.
OWN_COMMENTS_COOKIE = "newsroom_own_comments"


def is_personal_request(request):
    """True when the response may differ from what an anonymous reader gets."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or OWN_COMMENTS_COOKIE in cookies


def mark_public(response, max_age=None):
    max_age = settings.PAGE_CACHE_SECONDS if max_age is None else max_age
    patch_cache_control(
        response, public=True, max_age=max_age, stale_while_revalidate=max_age * 5
    )
    patch_vary_headers(response, ["Cookie"])
    return response


def mark_private(response):
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def public_page(view):
    """Mark a reader's page cacheable by anyone, unless this request is personal."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code >= 500 or is_personal_request(request):
            return mark_private(response)
        return mark_public(response)

    return wrapper
