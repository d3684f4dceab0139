"""`{% related_stories article %}`: the article page's related stories box, read from
the stored list (frontpage/related.py); `{% tile article %}`: a story on the front page."""

from django import template
from django.template.loader import render_to_string

from newsroom.caching import key, tag

from ..related import shown_related
from ..teasers import tile_html

register = template.Library()


@register.simple_tag(takes_context=True)
def related_stories(context, article):
    """The box, in two queries; its page is purged when the list is recomputed
    (`related-<id>`) or a story in it changes (`article-<id>`)."""
    related = shown_related(article)
    request = context.get("request")
    if request is not None:
        tag(request, key("related", article.pk), *(key("article", a.pk) for a in related))
    return render_to_string("frontpage/related.html", {"article": article, "related": related},
                            request=request)


@register.simple_tag(takes_context=True)
def tile(context, article, lead=False, hide_section=False, compact=False):
    """{% tile article lead=True %}: one story of a front-page zone (frontpage/teasers.py)."""
    return tile_html(context.get("request"), article, lead=lead, hide_section=hide_section,
                     compact=compact)
