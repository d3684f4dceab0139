import sys

from django.db import connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from articles.models import Article
from newsroom import faults
from newsroom.caching import public_page

FRONT_PAGE_LATEST = 20


@public_page
def home(request):
    """The front page: featured stories on top, then the latest."""
    published = Article.objects.published().for_listing()
    featured = list(published.filter(featured=True)[:3])
    latest = published.exclude(pk__in=[a.pk for a in featured])[:FRONT_PAGE_LATEST]
    return render(request, "home.html", {"featured": featured, "latest": latest})


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /comments/", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


@require_GET
def favicon(request):
    return HttpResponsePermanentRedirect(static("favicon.svg"))


@require_GET
def health(request):
    """Liveness and database reachability, for load balancers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    response = JsonResponse({"status": "ok"})
    response["Cache-Control"] = "no-store"
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # An outage raised outside a view (in middleware) is still a 503, not a 500.
    return faults.response_for(sys.exception()) or render(request, "500.html", status=500)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)
