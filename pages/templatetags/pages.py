from django import template
from django.template.loader import render_to_string

from pages.models import Page

register = template.Library()


@register.simple_tag
def footer_pages():
    """Links to the static pages editors placed in the footer (one query). Every page
    shows them, so their changes purge the `site` key every page carries."""
    pages = list(Page.objects.in_footer().only("title", "slug"))
    return render_to_string("includes/footer_pages.html", {"pages": pages})
