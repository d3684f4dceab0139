"""Structured data for an article page (schema.org NewsArticle as JSON-LD)."""

import json

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

register = template.Library()

# Escapes that keep JSON inside <script> from ever closing the element early.
_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def article_structured_data(article):
    """Return a JSON-LD script with the article's dates (dateModified: the latest note)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "url": settings.SITE_URL + article.get_absolute_url(),
        "author": [{"@type": "Person", "name": a.name} for a in article.byline_authors],
    }
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
    if article.modified_at:
        data["dateModified"] = article.modified_at.isoformat()
    payload = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')
