"""An unpublished article's own images, for whoever holds a working preview link.

Readers get a 404 for an embargoed article's photo (articles/media.py). A preview
page rewrites the addresses of that article's files (and only those) to
`/preview/<token>/media/<path>`, which serves them while the link works, privately.
"""

from django.core.files.storage import default_storage
from django.http import Http404
from django.urls import reverse

from articles.media import _file_response
from newsroom.caching import mark_private


def article_files(article):
    """Every stored name of the article's featured photo: original, sizes, crops."""
    names = set()
    if article.featured_image:
        names.add(article.featured_image.name)
    renditions = article.featured_image_renditions or {}
    for kind in ("webp", "fallback"):
        names.update(name for _, name in renditions.get(kind, []))
    for ratio, crop in (renditions.get("crops") or {}).items():
        if isinstance(crop, dict):
            for kind in ("webp", "fallback"):
                names.update(name for _, name in crop.get(kind, []))
    return names


def preview_url_map(article, token):
    """{reader's media URL: preview URL} for the article's files."""
    return {
        default_storage.url(name): reverse("previews:media", kwargs={"token": token, "path": name})
        for name in article_files(article)
    }


def rewrite(text, mapping):
    """`text` with each media URL of `mapping` replaced (longest first: no prefix clashes)."""
    for old in sorted(mapping, key=len, reverse=True):
        text = text.replace(old, mapping[old])
    return text


def serve_article_file(request, article, path):
    if path not in article_files(article):
        raise Http404("No such file.")
    return mark_private(_file_response(request, path))
