import sys

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles import search as article_search
from newsroom import faults
from newsroom.caching import LISTING, public_page
from newsroom.site import absolute_url


@public_page(keys=[LISTING])
def search(request):
    """Site search: ranked, highlighted, paginated; any input gives a calm page."""
    query = article_search.clean_query(request.GET.get("q"))
    page_obj, more = None, False
    if query:
        ranked, more = article_search.search(query)
        page_obj = Paginator(ranked, settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
        page_obj.object_list = article_search.results(page_obj.object_list, query)
    too_long = len(request.GET.get("q") or "") > article_search.MAX_QUERY_LENGTH
    context = {"query": query, "page_obj": page_obj, "too_long": too_long, "more": more,
               "max_results": article_search.MAX_RESULTS}
    return render(request, "search.html", context)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /comments/",
        "Disallow: /search/",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap-index'))}",
        f"Sitemap: {absolute_url(reverse('news-sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain")


@require_GET
def favicon(request):
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # An outage raised outside a view (in middleware) is still a 503, not a 500.
    return faults.response_for(sys.exception()) or render(request, "500.html", status=500)


def uri_too_long(request):
    """The site's own 414 page (gunicorn's bare one only beyond its request-line limit)."""
    response = render(request, "414.html", status=414)
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)
