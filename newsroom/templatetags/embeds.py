"""`{% embedded_body article.body %}`: a body with its embeds shown as snapshot cards."""

from django import template

from newsroom.embeds import embeds_for, show_embeds

register = template.Library()


@register.simple_tag(takes_context=True)
def embedded_body(context, body, embeds=None):
    """Render sanitised `body`, each embeddable paragraph as its card (one query when
    there is one, none otherwise); `embeds` ({url: Embed}) when already loaded."""
    if embeds is None:
        embeds = embeds_for([body])
    return show_embeds(body, embeds, context.get("request"))
