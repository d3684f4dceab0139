from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Section
from articles.teasers import byline_html, teaser_html
from newsroom.caching import site_wide
from newsroom.links import slug_url

register = template.Library()


@register.simple_tag
def section_nav(current=None):
    """The site menu: every section, in editors' order. Every page shows it, so section
    changes purge the `site` key every page carries; until then this process keeps the
    rows (no query)."""
    sections = site_wide("sections", lambda: tuple(Section.objects.values_list("name", "slug")))
    items = []
    for name, slug in sections:
        here = ' aria-current="page"' if slug == current else ""
        items.append(f'\n      <li><a href="{slug_url("articles:section", slug)}"{here}>'
                     f"{escape(name)}</a></li>\n    ")
    return mark_safe('<nav aria-label="Sections">\n  <ul class="section-nav">\n    '
                     + "".join(items) + "\n  </ul>\n</nav>\n")


@register.simple_tag(takes_context=True)
def teaser(context, article, level=2, lead=False, hide_section=False, compact=False):
    """{% teaser article level=3 %}: one story in a listing (articles/teasers.py)."""
    return teaser_html(context.get("request"), article, level=level or 2, lead=lead,
                       hide_section=hide_section, compact=compact)


@register.simple_tag(takes_context=True)
def byline(context, article, show_updated=False):
    """{% byline article show_updated=True %}: "By …", the dates (articles/teasers.py)."""
    return byline_html(context.get("request"), article, show_updated=show_updated)
