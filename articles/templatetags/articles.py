from django import template
from django.template.loader import render_to_string

from articles.models import Section

register = template.Library()


@register.simple_tag
def section_nav(current=None):
    """The site menu: every section, in editors' order (one query). Every page shows it,
    so section changes purge the `site` key every page carries."""
    sections = list(Section.objects.only("name", "slug"))
    return render_to_string("includes/section_nav.html", {"sections": sections, "current": current})
