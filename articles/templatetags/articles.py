from django import template
from django.template.loader import render_to_string

from articles.models import Section
from articles.teasers import byline_html, teaser_html

register = template.Library()


@register.simple_tag
def section_nav(current=None):
    """The site menu: every section, in editors' order (one query). Every page shows it,
    so section changes purge the `site` key every page carries."""
    sections = list(Section.objects.only("name", "slug"))
    return render_to_string("includes/section_nav.html", {"sections": sections, "current": current})


@register.simple_tag(takes_context=True)
def teaser(context, article, level=2, lead=False, hide_section=False, compact=False):
    """{% teaser article level=3 %}: one story in a listing (articles/teasers.py)."""
    return teaser_html(context.get("request"), article, level=level or 2, lead=lead,
                       hide_section=hide_section, compact=compact)


@register.simple_tag(takes_context=True)
def byline(context, article, show_updated=False):
    """{% byline article show_updated=True %}: "By …", the dates (articles/teasers.py)."""
    return byline_html(context.get("request"), article, show_updated=show_updated)
