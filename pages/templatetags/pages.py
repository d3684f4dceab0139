from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from newsroom.links import slug_url
from pages.models import Page

register = template.Library()


@register.simple_tag
def footer_pages():
    """Links to the static pages editors placed in the footer (one query). Every page
    shows them, so their changes purge the `site` key every page carries."""
    return mark_safe("".join(
        f'<li><a href="{slug_url("pages:detail", slug)}">{escape(title)}</a></li>\n'
        for title, slug in Page.objects.in_footer().values_list("title", "slug")) + "\n")
