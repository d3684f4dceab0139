from django.conf import settings
from django.shortcuts import get_object_or_404, render

from django.core.paginator import Paginator

from newsroom.caching import key, listing, public_page, tag

from .models import Author


@public_page
def author_detail(request, slug):
    """The author's profile and their published articles, newest first."""
    author = get_object_or_404(Author, slug=slug)
    # `authors` knows nothing of articles: reach them through the reverse relation.
    articles = author.articles.published().for_teasers()
    tag(request, key("author", author.pk), listing("author", author.pk))
    page_obj = Paginator(articles, settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "authors/author_detail.html", {"author": author, "page_obj": page_obj})
