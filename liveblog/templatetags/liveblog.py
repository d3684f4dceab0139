"""The article page's live parts: `{% live_blog article %}`, `{% live_ld article %}`,
`{% live_feed_link article %}`; each renders nothing for an article that is not live."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html

from articles.templatetags.seo import json_ld
from newsroom.caching import key, tag
from newsroom.embeds import show_embeds

from .. import seo
from ..live import coverage_of, entries_of, summary
from ..views import ended_text

register = template.Library()


@register.simple_tag(takes_context=True)
def live_blog(context, article):
    coverage = coverage_of(article)
    if coverage is None:
        return ""
    entries = entries_of(article)
    ended = coverage.has_ended()
    low, high = settings.LIVEBLOG_POLL_SECONDS
    return render_to_string("liveblog/live.html", {
        "article": article, "coverage": coverage, "entries": entries, "ended": ended,
        "ended_text": ended_text(coverage) if ended else "",
        "key_events": sorted((e for e in entries if e.key_event),
                             key=lambda e: (e.published_at, e.pk), reverse=True),
        "latest": max((e.pk for e in entries), default=0),
        "poll_url": reverse("liveblog:poll", kwargs={"slug": article.slug}),
        "poll_min": low, "poll_max": high,
    }, request=context.get("request"))


@register.simple_tag(takes_context=True)
def entry_body(context, entry):
    """The entry's body with its embeds as cards (from the prefetched snapshots)."""
    request = context.get("request")
    if entry.image_pending and request is not None:
        tag(request, key("liveentry", entry.pk))  # the rendition task purges it when done
    return show_embeds(entry.body, {e.url: e for e in entry.embeds.all()}, request)


@register.simple_tag
def live_ld(article):
    coverage = coverage_of(article)
    if coverage is None:
        return ""
    return json_ld(seo.live_blog_posting(article, coverage, entries_of(article)))


@register.simple_tag
def live_feed_link(article):
    if coverage_of(article) is None:
        return ""
    return format_html('<link rel="alternate" type="application/atom+xml" title="{} (live updates)"'
                       ' href="{}">', article.headline,
                       reverse("liveblog:feed", kwargs={"slug": article.slug}))


@register.filter
def entry_summary(entry):
    return summary(entry)
