from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from newsroom.caching import site_wide
from newsroom.links import slug_url
from pages.models import Page

register = template.Library()


@register.simple_tag
def footer_pages():
    """Links to the static pages editors placed in the footer. Every page shows them, so
    their changes (and a scheduled one's publish time) purge the `site` key every page
    carries; until then this process keeps the rows (no query)."""
    pages = site_wide("footer_pages",
                      lambda: tuple(Page.objects.in_footer().values_list("title", "slug")))
    return mark_safe("".join(
        f'<li><a href="{slug_url("pages:detail", slug)}">{escape(title)}</a></li>\n'
        for title, slug in pages) + "\n")
