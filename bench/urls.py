"""The site's URLs plus a minimal view: the baseline the benchmark compares pages with.

Used only when the BENCH setting is on (see newsroom/settings.py).
"""

from django.http import HttpResponse
from django.urls import include, path

from newsroom.urls import handler400, handler403, handler404, handler500  # noqa: F401


def hello(request):
    """The least a Django view can do: the ceiling for any page on this server."""
    return HttpResponse(b"Hello, world.\n", content_type="text/plain")


urlpatterns = [
    path("bench/hello", hello),
    path("", include("newsroom.urls")),
]
