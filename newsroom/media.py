"""Serve uploads from MEDIA_ROOT, keeping embargoed images from readers.

An unpublished (draft, scheduled, archived) article's featured image is a scoop
waiting to leak: its file name is predictable. Readers get a 404 for it until the
article is published; staff preparing it still see it.
"""

from django.conf import settings
from django.http import Http404
from django.views.static import serve

from articles.models import Article
from newsroom.caching import mark_private


def is_embargoed(path):
    """True if `path` is an article's featured image and no article using it is published."""
    using = Article.objects.filter(featured_image=path)
    return using.exists() and not using.published().exists()


def serve_media(request, path):
    if is_embargoed(path):
        if not (request.user.is_authenticated and request.user.is_staff):
            raise Http404("No such file.")
        return mark_private(serve(request, path, document_root=settings.MEDIA_ROOT))
    return serve(request, path, document_root=settings.MEDIA_ROOT)
