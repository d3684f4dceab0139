import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import seo

register = template.Library()

# Inside <script> only "</" and "<!--" can end or confuse the block; escape every "<", ">", "&".
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """Render `data` as a schema.org JSON-LD script block, safe to inline."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag
def article_ld(article):
    return json_ld(seo.news_article(article))


@register.simple_tag
def profile_ld(author):
    return json_ld(seo.profile_page(author))


@register.simple_tag
def breadcrumbs_ld(*names_and_paths):
    """{% breadcrumbs_ld "World" "/section/world/" "Headline" "/articles/x/" %}"""
    pairs = zip(names_and_paths[::2], names_and_paths[1::2])
    return json_ld(seo.breadcrumbs(*pairs))


@register.filter
def reading_minutes(article):
    return seo.reading_minutes(article)


@register.filter
def absolute_url(path):
    return seo.absolute(path)


@register.simple_tag
def share_image(article=None):
    """{% share_image article as image %}: what og:image shows (the site's by default)."""
    return seo.share_image(article)


@register.simple_tag
def website_ld():
    """WebSite with a search action, so search engines can offer a site search box."""
    from django.urls import reverse

    return json_ld(
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": seo.settings.SITE_NAME,
            "url": seo.absolute("/"),
            "publisher": seo.organization(),
            "potentialAction": {
                "@type": "SearchAction",
                "target": seo.absolute(reverse("search")) + "?q={search_term_string}",
                "query-input": "required name=search_term_string",
            },
        }
    )
