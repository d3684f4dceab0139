"""`{% surrogate_key "comments" article.pk %}`: the template that shows a thing records
its key on the page being rendered (see newsroom/caching.py). Renders nothing."""

from django import template

from newsroom.caching import key, tag

register = template.Library()


@register.simple_tag(takes_context=True)
def surrogate_key(context, kind, pk):
    request = context.get("request")
    if request is not None:
        tag(request, key(kind, pk))
    return ""
