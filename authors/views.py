from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from newsroom.caching import key, listing, public_page, tag
from newsroom.prepared import EXAMPLE_TIME, prepared

from .models import Author

# `authors` knows nothing of articles: reach them through the reverse relation.
# Prepared (newsroom/prepared.py): every author page runs this one shape.
STORIES = prepared(lambda author, now: Author(pk=author).articles.published(now).for_teasers(),
                   1, EXAMPLE_TIME)


@public_page
def author_detail(request, slug):
    """The author's profile and their published articles, newest first."""
    author = get_object_or_404(Author, slug=slug)
    articles = STORIES.paged(author.pk, timezone.now())
    tag(request, key("author", author.pk), listing("author", author.pk))
    page_obj = Paginator(articles, settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "authors/author_detail.html", {"author": author, "page_obj": page_obj})
