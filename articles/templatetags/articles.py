from django import template
from django.template.loader import render_to_string

from newsroom import fragments

from articles.models import Section

register = template.Library()


@register.simple_tag(takes_context=True)
def section_nav(context, current=None):
    """The site menu: every section, in editors' order (one query, or a kept fragment)."""

    def produce():
        sections = list(Section.objects.only("name", "slug"))
        return render_to_string("includes/section_nav.html",
                                {"sections": sections, "current": current})

    return fragments.render(context.get("request"), "section-nav", [current],
                            fragments.CONTENT, produce)
