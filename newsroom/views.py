import sys
from itertools import groupby, islice

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles import search as article_search
from articles.models import Article, Section
from newsroom import faults
from newsroom.caching import LISTING, public_page
from newsroom.site import absolute_url

FRONT_PAGE_FEATURED = 4
FRONT_PAGE_LATEST = 10
FRONT_PAGE_PER_SECTION = 4


@public_page(keys=[LISTING])
def home(request):
    """The front page: lead and featured stories, the latest, then a block per section."""
    published = Article.objects.published().for_teasers()
    featured = list(published.filter(featured=True)[:FRONT_PAGE_FEATURED])
    latest = list(published.exclude(pk__in=[a.pk for a in featured])[:FRONT_PAGE_LATEST])
    if not featured and latest:
        featured = latest[:1]
        latest = latest[1:]
    lead, featured = (featured[0], featured[1:]) if featured else (None, [])
    return render(
        request,
        "home.html",
        {
            "lead_story": lead,
            "featured": featured,
            "latest": latest,
            "section_blocks": section_blocks(),
        },
    )


def section_blocks():
    """The newest few stories of every section, in two queries whatever the archive's size.

    First each section's cut-off: the publish time of its Nth newest story, found by
    walking the (section, status, published_at) index backwards. Then the stories at
    or after each cut-off, with their listing columns (a tie at a cut-off can bring an
    extra one, trimmed here).
    """
    published = Article.objects.published()
    newest_times = (
        published.filter(section=OuterRef("pk"))
        .order_by("-published_at", "-pk")
        .values("published_at")[FRONT_PAGE_PER_SECTION - 1:FRONT_PAGE_PER_SECTION]
    )
    cutoffs = Section.objects.annotate(cutoff=Subquery(newest_times)).values_list("pk", "cutoff")
    # One branch per section, each a whole "published in this section since" condition,
    # so the database looks each up on the index instead of scanning the archive.
    recent = Article.objects.none()
    for section_id, cutoff in cutoffs:
        # No cut-off: the section has fewer stories than a block shows; take them all.
        since = {} if cutoff is None else {"published_at__gte": cutoff}
        recent |= published.filter(section_id=section_id, **since)
    ranked = recent.for_teasers().order_by(
        "section__position", "section__name", "-published_at", "-pk"
    )
    return [
        {"section": section, "articles": list(islice(articles, FRONT_PAGE_PER_SECTION))}
        for section, articles in groupby(ranked, key=lambda article: article.section)
    ]


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
