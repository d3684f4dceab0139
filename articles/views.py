import calendar
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from newsroom.caching import public_page

from .models import Article, Byline, Section, Tag

UPDATE_NOTICE_AFTER = timedelta(minutes=15)


def paginate(request, queryset):
    """Return the requested page; `?page=abc` gives the first, `?page=99999` the last."""
    return Paginator(queryset, settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))


def article_context(article, **extra):
    """Everything the article page shows besides comments (rendered by their own tag)."""
    related = (
        Article.objects.published()
        .for_listing()
        .filter(section_id=article.section_id)
        .exclude(pk=article.pk)[:4]
    )
    # Small fixes right after publishing are not news; say "Updated" only for later changes.
    article.was_updated = bool(
        article.published_at and article.updated_at - article.published_at > UPDATE_NOTICE_AFTER
    )
    return {"article": article, "related": related, **extra}


def get_published_article(slug):
    queryset = (
        Article.objects.published()
        .select_related("section")
        .prefetch_related(
            "tags", models.Prefetch("bylines", Byline.objects.select_related("author"))
        )
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


def archive_bounds(year, month=None, day=None):
    """The [start, end) of a calendar year, month or day; Http404 for impossible dates."""
    try:
        if day is not None:
            start = date(year, month, day)
            end = start + timedelta(days=1)
        elif month is not None:
            start = date(year, month, 1)
            end = start + timedelta(days=calendar.monthrange(year, month)[1])
        else:
            start, end = date(year, 1, 1), date(year + 1, 1, 1)
    except (ValueError, OverflowError):
        raise Http404("No such date")
    zone = timezone.get_current_timezone()
    to_aware = lambda d: datetime(d.year, d.month, d.day, tzinfo=zone)  # noqa: E731
    return start, to_aware(start), to_aware(end)


@public_page
def date_archive(request, year=None, month=None, day=None):
    """Stories by publication date: the list of months, or one year, month or day."""
    if year is None:
        months = Article.objects.published().dates("published_at", "month", order="DESC")
        return render(request, "articles/archive_index.html", {"months": months})
    if not 1 <= year <= 9998:
        raise Http404("No such year")
    start, start_at, end_at = archive_bounds(year, month, day)
    articles = Article.objects.published_between(start=start_at, end=end_at).for_listing()
    granularity = "day" if day else "month" if month else "year"
    context = {"start": start, "granularity": granularity, "page_obj": paginate(request, articles)}
    return render(request, "articles/archive.html", context)
