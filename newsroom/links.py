"""Addresses of things readers open by slug, without resolving the URLconf each time.

`reverse()` costs about 13 µs; a front page links some ninety articles, sections and
authors. `slug_url("articles:detail", slug)` reverses the name once per script prefix
with a placeholder slug, then only quotes each slug into it, as `reverse()` would.
A slug it cannot vouch for goes through `reverse()` itself, which refuses what the
pattern refuses.
"""

import re
from functools import lru_cache
from urllib.parse import quote

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.http import RFC3986_SUBDELIMS

PLACEHOLDER = "slug-placeholder-7f3a"
# What every slug pattern here accepts (Django's `slug` and articles' `uslug`).
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
UNICODE_SLUG = re.compile(r"[-\w]+")
SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted


@lru_cache(maxsize=64)
def _around(name, prefix):
    """(text before, text after) the slug in `name`'s address under `prefix`."""
    head, found, tail = reverse(name, kwargs={"slug": PLACEHOLDER}).partition(PLACEHOLDER)
    assert found, name
    return head, tail


def slug_url(name, slug, *, unicode=True):
    """`reverse(name, kwargs={"slug": slug})`, for a URL pattern whose one argument is a
    slug (`unicode`: the pattern takes letters of any script)."""
    pattern = UNICODE_SLUG if unicode else PLAIN_SLUG
    if not isinstance(slug, str) or not pattern.fullmatch(slug):
        return reverse(name, kwargs={"slug": slug})
    head, tail = _around(name, get_script_prefix())
    return head + quote(slug, safe=SAFE) + tail


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _around.cache_clear()
