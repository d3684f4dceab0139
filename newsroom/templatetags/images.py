"""`{% picture picture alt=… sizes=… priority=True %}`: a responsive photo's `<picture>`
element (newsroom/images.py `Picture.html`); nothing where there is no photo."""

from django import template

register = template.Library()


@register.simple_tag
def picture(picture, alt="", sizes="100vw", priority=False):
    return picture.html(alt=alt, sizes=sizes, priority=priority) if picture else ""
