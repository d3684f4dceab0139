"""Serve uploads from media storage (disk or bucket), keeping embargoed images from readers.

An unpublished (draft, scheduled, archived) article's featured image is a scoop
waiting to leak. Readers get a 404 for it, and for its renditions, until the article
is published; staff preparing it still see it. Raw uploads waiting for the renditions
task (`incoming/`) are served to nobody. Renditions are named by their content's hash,
so they are cached for a year; other files revalidate.
"""

import mimetypes

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db.models import Q
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.views.static import serve

from newsroom.caching import mark_private
from newsroom.images import INCOMING, RENDITIONS

from .models import Article

YEAR = 365 * 24 * 3600


def is_embargoed(path):
    """True if `path` is an article's featured image (or one of its sizes) and no
    article using it is published."""
    using = Article.objects.filter(featured_image=path)
    if path.startswith(RENDITIONS):
        using = Article.objects.filter(Q(featured_image=path)
                                       | Q(featured_image_renditions__icontains=f'"{path}"'))
    return using.exists() and not using.published().exists()


def _file_response(request, path):
    if isinstance(default_storage, FileSystemStorage):
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    try:
        handle = default_storage.open(path)
    except (FileNotFoundError, OSError):
        raise Http404("No such file.") from None
    except Exception as exc:  # a bucket's "no such key"
        if "404" in str(exc) or "NoSuchKey" in str(exc) or "Not Found" in str(exc):
            raise Http404("No such file.") from None
        raise
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return FileResponse(handle, content_type=content_type)


def serve_media(request, path):
    if path.startswith(INCOMING) or "/." in f"/{path}":
        raise Http404("No such file.")
    if is_embargoed(path):
        if not (request.user.is_authenticated and request.user.is_staff):
            raise Http404("No such file.")
        return mark_private(_file_response(request, path))
    response = _file_response(request, path)
    if path.startswith(RENDITIONS):
        patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    return response
