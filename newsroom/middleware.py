"""Request-level protections: body size limits, image limits, outages as 503."""

import unicodedata

from django.conf import settings
from django.http import HttpResponse, QueryDict
from PIL import Image

from . import faults

TOO_LARGE = (
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too large</title>"
    "</head><body><h1>That is too much to send at once</h1><p>{detail}</p></body></html>"
)


def limit_image_decoding():
    """Refuse images with more pixels than MAX_IMAGE_PIXELS before decoding them.

    Pillow reads the size from the header when the file is opened and raises above
    twice its limit (below that it only warns), so its limit is half of ours. Django's
    image validation opens every upload, so a bomb is refused before any decoding.
    """
    Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS // 2


class AdminContentSecurityPolicyMiddleware:
    """Give /admin/ pages their own, documented policy (SECURE_CSP_ADMIN)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            # Read by Django's CSP middleware, which runs after this on the way out.
            response._csp_config = settings.SECURE_CSP_ADMIN
        return response


class RequestSizeLimitMiddleware:
    """Answer 413 to bodies bigger than MAX_REQUEST_BYTES before anything reads them."""

    def __init__(self, get_response):
        self.get_response = get_response
        limit_image_decoding()

    def __call__(self, request):
        length = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(length)
        except ValueError:
            return HttpResponse(TOO_LARGE.format(detail="The request's length is not a number."),
                                status=400)
        if length > settings.MAX_REQUEST_BYTES:
            limit_mb = settings.MAX_REQUEST_BYTES // (1024 * 1024)
            detail = (f"Requests may be at most {limit_mb} MB. Make the file smaller "
                      "(or the text shorter) and try again.")
            response = HttpResponse(TOO_LARGE.format(detail=detail), status=413)
            response["Connection"] = "close"  # do not read the rest of the body
            return response
        return self.get_response(request)


class ServiceUnavailableMiddleware:
    """Turn a database or storage outage raised by a view into a branded 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return faults.response_for(exception)


def strip_controls(value):
    """`value` without NUL and the other C0/C1 control characters (category Cc)."""
    if value.isprintable():  # the common case, checked in C
        return value
    return "".join(" " if char.isspace() else "" if unicodedata.category(char) == "Cc" else char
                   for char in value)


class UriTooLongMiddleware:
    """Answer a URL longer than MAX_URL_LENGTH with the site's own 414 page.

    gunicorn refuses request lines over its limit with a bare page of its own, so the
    Makefile raises that limit (--limit-request-line) above ours and this answers first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.META.get("PATH_INFO", "")) + len(request.META.get("QUERY_STRING", "")) \
                > settings.MAX_URL_LENGTH:
            from .views import uri_too_long

            return uri_too_long(request)
        return self.get_response(request)


class QueryControlCharactersMiddleware:
    """Strip NUL and other control characters from every query parameter.

    Nobody types them into a search box; PostgreSQL refuses NUL in text outright (a
    DataError, which would be a 500), and no other database needs them. One place for
    every view: public search, admin searches and filters, admin autocomplete.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not all(key.isprintable() and all(v.isprintable() for v in values)
                   for key, values in request.GET.lists()):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(strip_controls(key), [strip_controls(v) for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


# The header carrying a page's embed frame sources from its render (or the page cache's
# replay) to EmbedContentSecurityPolicyMiddleware; never sent to the reader.
FRAME_SOURCES_HEADER = "X-Newsroom-Frame-Sources"


class EmbedFrameSourcesMiddleware:
    """Below the page cache: keep with the response the frame sources its embed cards
    need (newsroom/embeds.py records them while rendering), so a replay has them too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        sources = getattr(request, "embed_frame_sources", None)
        if sources:
            response[FRAME_SOURCES_HEADER] = " ".join(sorted(sources))
        return response


class EmbedContentSecurityPolicyMiddleware:
    """Allow framing only the players a page's embed cards load on a click, and only on
    that page: every other page keeps `frame-src` at its default ('self')."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        sources = response.get(FRAME_SOURCES_HEADER, "").split()
        if sources:
            del response[FRAME_SOURCES_HEADER]
            base = getattr(response, "_csp_config", settings.SECURE_CSP)
            # Read by Django's CSP middleware, which runs after this on the way out.
            response._csp_config = {**base, "frame-src": sorted(set(sources))}
        return response
