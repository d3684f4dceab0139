"""`{% related_stories article %}`: the article page's related stories box, read from
the stored list (frontpage/related.py); `{% teaser_picture article %}`: a teaser's
photo, cut around its focal point."""

from django import template
from django.template.loader import render_to_string

from newsroom.caching import key, tag

from ..related import shown_related

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


@register.inclusion_tag("frontpage/picture.html")
def teaser_picture(article, ratio="16x9", sizes="100vw", priority=False):
    """The focal-point crop where one was rendered, else the photo's sizes (the CSS
    centres it in the same frame); nothing for a story without a photo."""
    picture = article.featured_crop(ratio) or article.featured_picture
    return {"picture": picture, "alt": article.featured_image_alt, "sizes": sizes,
            "priority": priority, "ratio": ratio}
