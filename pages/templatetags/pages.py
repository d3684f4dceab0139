from django import template
from django.template.loader import render_to_string

from newsroom import fragments

from pages.models import Page

register = template.Library()


@register.simple_tag(takes_context=True)
def footer_pages(context):
    """Links to the static pages editors placed in the footer (one query, or a kept fragment)."""

    def produce():
        pages = list(Page.objects.in_footer().only("title", "slug"))
        return render_to_string("includes/footer_pages.html", {"pages": pages})

    return fragments.render(context.get("request"), "footer-pages", [], fragments.CONTENT, produce)
