from django import template

from articles.models import Section

register = template.Library()


@register.inclusion_tag("includes/section_nav.html")
def section_nav(current=None):
    """The site menu: every section, in editors' order (one query)."""
    return {"sections": list(Section.objects.only("name", "slug")), "current": current}
