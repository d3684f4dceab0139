"""/api/v1/: ninja's URLs, each wrapped so the API answers as the site's pages do.

Public answers go through `newsroom.caching.public_page`: cacheable by anyone (the
page cache, Varnish, CDNs) with the surrogate keys the endpoint recorded, and purged
by the same changes as the pages showing the same things. Errors are never kept. The
preview endpoint is private and never kept. Before any of it, the API key and the
rate limit are checked (api/access.py).
"""

from functools import wraps

from django.conf import settings
from django.urls import URLPattern

from newsroom.caching import mark_private, public_page

from . import access
from .problems import problem
from .views import api

app_name = "api"


def _not_allowed(request, response):
    refused = problem(request, 405, f"This address answers {response['Allow']} only.")
    refused["Allow"] = response["Allow"]
    return refused


def never_kept(response):
    """An error is no page: drop what public_page said to caches, and keep it nowhere."""
    for name in ("Cache-Control", settings.SURROGATE_KEY_HEADER):
        if response.has_header(name):
            del response[name]
    return mark_private(response)


def public(view):
    cached = public_page(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        refused = access.refuse(request)
        if refused is not None:
            return refused
        response = cached(request, *args, **kwargs)
        if response.status_code == 405:
            return _not_allowed(request, response)
        if response.status_code != 200:
            return never_kept(response)
        return response

    return wrapper


def private(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        refused = access.refuse(request)
        if refused is not None:
            return refused
        response = view(request, *args, **kwargs)
        if response.status_code == 405:
            return _not_allowed(request, response)
        mark_private(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def _wrapped(patterns):
    for pattern in patterns:
        wrap = private if pattern.name == "preview" else public
        yield URLPattern(pattern.pattern, wrap(pattern.callback), pattern.default_args,
                         pattern.name)


urlpatterns = list(_wrapped(api.urls[0]))
