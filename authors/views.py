from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from newsroom.caching import public_page

from .models import Author


@public_page
def author_detail(request, slug):
    """The author's profile and their published articles, newest first."""
    author = get_object_or_404(Author, slug=slug)
    # `authors` knows nothing of articles: reach them through the reverse relation.
    articles = author.articles.published().for_listing()
    page_obj = Paginator(articles, settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "authors/author_detail.html", {"author": author, "page_obj": page_obj})
