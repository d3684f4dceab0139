from django.conf import settings
from django.shortcuts import get_object_or_404, render

from newsroom.caching import CountCachedPaginator, public_page

from .models import Article, Section, Tag


def paginate(request, queryset):
    """Return the requested page; `?page=abc` gives the first, `?page=99999` the last."""
    paginator = CountCachedPaginator(queryset, settings.ARTICLES_PER_PAGE, path=request.path)
    return paginator.get_page(request.GET.get("page"))


def article_context(article, **extra):
    """Everything the article page shows besides comments (rendered by their own tag)."""
    related = (
        Article.objects.published()
        .for_listing()
        .filter(section_id=article.section_id)
        .exclude(pk=article.pk)[:4]
    )
    return {"article": article, "related": related, **extra}


def get_published_article(slug):
    queryset = (
        Article.objects.published()
        .select_related("section")
        .prefetch_related("tags", "bylines__author")
    )
    return get_object_or_404(queryset, slug=slug)


@public_page
def article_detail(request, slug):
    article = get_published_article(slug)
    return render(request, "articles/article_detail.html", article_context(article))


@public_page
def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    articles = Article.objects.published().for_listing().filter(section=section)
    context = {"section": section, "page_obj": paginate(request, articles)}
    return render(request, "articles/section_detail.html", context)


@public_page
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    articles = Article.objects.published().for_listing().filter(tags=tag)
    context = {"tag": tag, "page_obj": paginate(request, articles)}
    return render(request, "articles/tag_detail.html", context)
