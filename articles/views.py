import calendar
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from newsroom.caching import LISTING, key, listing, mark_private, public_page, tag
from newsroom.prepared import EXAMPLE_TIME, attach, prepared
from newsroom.publishing import is_published

from . import roles
from .models import (ARTICLE_PAGE_RELATED, Article, ArticleRedirect, Byline, Correction, Section,
                     Tag)


def paginate(request, queryset, *keys):
    """Return the requested page of a listing, recording the `keys` that purge it;
    `?page=abc` gives the first, `?page=99999` the last."""
    tag(request, *keys)
    return Paginator(queryset, settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))


def article_context(article, **extra):
    """Everything the article page shows besides comments and related stories (each
    rendered by its own tag). Every name its template asks for is there: a missing one
    costs the template engine a chain of exceptions each time it is looked up."""
    return {"article": article, "preview": False, "comment_form": None, **extra}


def article_page_queryset(queryset):
    """The article's row as its page shows it: its section, the kept comment counts (its
    conversation reads them) and other apps' one-to-one rows joined. `with_parts()` then
    adds the rest."""
    return queryset.select_related("section", "comment_stats", *ARTICLE_PAGE_RELATED)


# The article page's queries, compiled once per process (newsroom/prepared.py): every
# render runs the same shapes with a different slug or id.
PUBLISHED_STORY = prepared(
    lambda slug, now: article_page_queryset(Article.objects.published(now=now)).filter(slug=slug),
    "example-slug", EXAMPLE_TIME)
STORY_TAGS = prepared(lambda pk: Tag.objects.filter(articles=pk), 1)
STORY_BYLINES = prepared(lambda pk: Byline.objects.select_related("author").filter(article=pk), 1)
STORY_CORRECTIONS = prepared(lambda pk: Correction.objects.filter(article=pk), 1)


def with_parts(article):
    """`article` with the related rows its page shows besides its section: tags, bylines
    with their authors, corrections (one query each, however many there are)."""
    attach(article, "tags", STORY_TAGS(article.pk))
    attach(article, "bylines", STORY_BYLINES(article.pk))
    attach(article, "corrections", STORY_CORRECTIONS(article.pk))
    return article


def get_published_article(slug):
    """The published article at `slug`, with everything its page shows, or a 404."""
    found = PUBLISHED_STORY(slug, timezone.now())
    if not found:
        raise Http404("No Article matches the given query.")
    return with_parts(found[0])


@public_page
def article_detail(request, slug):
    try:
        article = get_published_article(slug)
    except Http404:
        # An old address of a published article (its slug changed): send readers on.
        moved = ArticleRedirect.objects.select_related("article").filter(old_slug=slug).first()
        if moved and is_published(moved.article):
            return HttpResponsePermanentRedirect(moved.article.get_absolute_url())
        raise
    context = article_context(article)
    return render(request, "articles/article_detail.html", context)


@require_GET
def article_preview(request, pk):
    """Show staff any article exactly as readers will see it; never cached, never public."""
    if not request.user.is_active or not request.user.is_staff:
        raise Http404("No such page.")  # a 404, not a login page: drafts' existence stays private
    visible = roles.visible_articles(request.user, Article.objects.all())
    article = with_parts(get_object_or_404(article_page_queryset(visible), pk=pk))
    context = article_context(article, preview=True, live=is_published(article))
    response = render(request, "articles/article_detail.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return mark_private(response)


# Listings' stories, newest first, a page at a time (prepared, as the article page's).
SECTION_STORIES = prepared(
    lambda section, now: Article.objects.published(now=now).for_teasers().filter(section=section),
    1, EXAMPLE_TIME)
TAG_STORIES = prepared(
    lambda tag, now: Article.objects.published(now=now).for_teasers().filter(tags=tag),
    1, EXAMPLE_TIME)
DATE_STORIES = prepared(
    lambda start, end, now: Article.objects.published_between(start=start, end=end, now=now)
    .for_teasers(), EXAMPLE_TIME, EXAMPLE_TIME, EXAMPLE_TIME)


@public_page
def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    articles = SECTION_STORIES.paged(section.pk, timezone.now())
    context = {"section": section,
               "page_obj": paginate(request, articles, listing("section", section.pk))}
    return render(request, "articles/section_detail.html", context)


@public_page
def tag_detail(request, slug):
    tag_ = get_object_or_404(Tag, slug=slug)
    articles = TAG_STORIES.paged(tag_.pk, timezone.now())
    page_obj = paginate(request, articles, key("tag", tag_.pk), listing("tag", tag_.pk))
    context = {"tag": tag_, "page_obj": page_obj}
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
        tag(request, LISTING)
        return render(request, "articles/archive_index.html", {"months": months})
    if not 1 <= year <= 9998:
        raise Http404("No such year")
    start, start_at, end_at = archive_bounds(year, month, day)
    articles = DATE_STORIES.paged(start_at, end_at, timezone.now())
    granularity = "day" if day else "month" if month else "year"
    page_obj = paginate(request, articles, LISTING)
    if not page_obj.paginator.count:  # a year, month or day with nothing in it is no page
        raise Http404("Nothing was published then")
    context = {"start": start, "granularity": granularity, "page_obj": page_obj}
    return render(request, "articles/archive.html", context)
