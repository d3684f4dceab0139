from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.views.decorators.http import require_GET

from articles.models import Article
from newsroom.caching import key, public_page, tag

from .live import coverage_of


def live_article(request, slug):
    """The published live article at `slug` (404 otherwise), recording its key."""
    article = get_object_or_404(
        Article.objects.published().select_related("live_coverage"), slug=slug)
    coverage = coverage_of(article)
    if coverage is None:
        raise Http404("This story has no live coverage.")
    tag(request, key("article", article.pk))
    return article, coverage


def ended_text(coverage):
    ended = dateformat.format(timezone.localtime(coverage.ended_at), r"H:i \o\n j F Y")
    return f"Live coverage ended at {ended}. This page is no longer updated."


@require_GET
@public_page
def poll(request, slug):
    """The entries newer than `?after=<id>`, as HTML fragments: small, the same for every
    reader who has seen the same entries, and cached until the article's key is purged."""
    after = request.GET.get("after", "0").strip()
    if not after.isdigit() or len(after) > 18:
        return JsonResponse({"error": "?after= must be the number of the latest entry seen."},
                            status=400)
    article, coverage = live_article(request, slug)
    entries = list(article.live_entries.for_page().filter(pk__gt=int(after))
                   .order_by("-pk")[:settings.LIVEBLOG_POLL_MAX_ENTRIES])
    fragments = [
        {"id": entry.pk, "pinned": entry.pinned,
         "html": render_to_string("liveblog/entry.html", {"entry": entry}, request=request)}
        for entry in entries
    ]
    ended = coverage.has_ended()
    return JsonResponse({
        "entries": fragments,
        "latest": max([int(after), *(e.pk for e in entries)]),
        "ended": ended,
        "ended_text": ended_text(coverage) if ended else "",
    })
