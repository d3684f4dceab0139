"""Addresses of things readers open by slug, and every other address a template asks
for, without resolving the URLconf each time.

`reverse()` costs about 13 µs; a front page links some ninety articles, sections and
authors. `slug_url("articles:detail", slug)` reverses the name once per script prefix
with a placeholder slug, then only quotes each slug into it, as `reverse()` would.
A slug it cannot vouch for goes through `reverse()` itself, which refuses what the
pattern refuses.

`linked()` is `reverse()` remembered per URLconf and script prefix (the `{% url %}`
tag uses it: newsroom/templatetags/links.py). A page's fixed links (home, search, the
feeds, the comment form's) are the same on every render, and `reverse()` itself costs
35-60 µs here, most of it looking up the language and prefix of the request several
times over. No URL pattern here depends on the language (no i18n_patterns).
"""

import re
from functools import lru_cache
from urllib.parse import quote

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
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
    if not isinstance(slug, str):
        return reverse(name, kwargs={"slug": slug})
    if PLAIN_SLUG.fullmatch(slug):  # nothing to quote (most slugs)
        quoted = slug
    elif unicode and UNICODE_SLUG.fullmatch(slug):
        quoted = quote(slug, safe=SAFE)
    else:
        return reverse(name, kwargs={"slug": slug})
    head, tail = _around(name, get_script_prefix())
    return head + quoted + tail


def _plain(value):
    """Text or a whole number (not True/False, equal to 1/0 as a key though not in an
    address): what `linked()` remembers. An object passed to {% url %} is turned into
    text by reverse(), and two equal objects need not give one address."""
    return isinstance(value, (str, int)) and not isinstance(value, bool)


@lru_cache(maxsize=4096)
def _reversed(urlconf, prefix, name, args, kwargs, current_app):
    return reverse(name, urlconf=urlconf, args=args, kwargs=dict(kwargs),
                   current_app=current_app)


def linked(name, args=(), kwargs=None, current_app=None):
    """`reverse(name, args=args, kwargs=kwargs, current_app=current_app)`, remembered."""
    kwargs = tuple(sorted((kwargs or {}).items()))
    if not isinstance(name, str) or not all(map(_plain, (*args, *(v for _, v in kwargs)))):
        return reverse(name, args=args, kwargs=dict(kwargs), current_app=current_app)
    return _reversed(get_urlconf(), get_script_prefix(), name, tuple(args), kwargs,
                     current_app)


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _around.cache_clear()
        _reversed.cache_clear()
