"""The read-only content API, /api/v1/ (django-ninja; the schema at /api/v1/openapi.json).

Visibility is the site's: articles through `Article.objects.published()`, static
pages through `Page.objects.published()`; drafts only through a preview link's
token. Each endpoint runs a fixed number of queries (tests/api/test_query_counts.py)
and records the surrogate keys of what it shows, so the page cache and Varnish keep
its answers until a change purges them, exactly as for pages (api/urls.py).
"""

import logging
from typing import Annotated

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Path, Query
from ninja.errors import ValidationError
from pydantic import Field

from articles.models import Article, Byline, Section, Tag
from authors.models import Author
from newsroom.caching import LISTING, key, tag
from newsroom.faults import response_for
from pages.models import Page

from . import schemas, serialize
from .openapi import problem_responses, tidy_schema
from .pagination import DEFAULT_LIMIT, MAX_LIMIT, BadCursor, newest_first, paginate
from .problems import problem, validation_errors

logger = logging.getLogger(__name__)


class NewsroomAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        return tidy_schema(super().get_openapi_schema(*args, **kwargs))


api = NewsroomAPI(
    title="Newsroom content API", version="1", urls_namespace="api",
    openapi_url="/openapi.json", docs_url=None,
    description=(
        "Read-only access to what readers can see: published articles, sections, tags, "
        "authors and static pages. Lists are paged with `cursor` (from `next_cursor`) and "
        "`limit` (at most 100). Send `X-API-Key: <key>` for a key's own rate limit; "
        "without one, each address has the default limit. Errors are RFC 9457 problem "
        "details. Answers carry an ETag: send If-None-Match to get a 304."
    ),
)


# Slugs as the site's URLs take them (letters of any script, digits, - and _): anything
# else, a NUL that PostgreSQL would refuse included, is a 400 before any query.
Slug = Annotated[str, Path(pattern=r"^[-\w]+$", max_length=200)]
Token = Annotated[str, Path(pattern=r"^[-\w.]+$", max_length=200)]


class Paging(schemas.Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page, 1-100.")
    cursor: str | None = Field(None, max_length=200,
                               description="`next_cursor` of the previous page.")


class ArticleFilters(Paging):
    section: str | None = Field(None, max_length=80, description="A section's slug.")
    tag: str | None = Field(None, max_length=80, description="A tag's slug.")
    author: str | None = Field(None, max_length=140, description="An author's slug.")


def article_queryset(queryset=None):
    """What an article answer shows, in a fixed number of queries (3, detail 4)."""
    queryset = Article.objects.published() if queryset is None else queryset
    return queryset.select_related("section").prefetch_related(
        Prefetch("bylines", queryset=Byline.objects.select_related("author")), "tags")


def shown(request, article):
    """Record the keys of what an article answer shows (the page's own keys)."""
    tag(request, key("article", article.pk),
        *(key("author", a.pk) for a in article.byline_authors),
        *(key("tag", t.pk) for t in article.tags.all()))


def listing(request, queryset, paging, to_data, order=None):
    kwargs = {"order": order} if order else {}
    try:
        items, next_cursor, next_url = paginate(request, queryset, limit=paging.limit,
                                                cursor=paging.cursor, **kwargs)
    except BadCursor as error:
        raise ValidationError([{"loc": ("query", "cursor"), "msg": str(error)}]) from None
    return {"items": [to_data(item) for item in items], "next_cursor": next_cursor,
            "next": next_url}


# --- Articles -----------------------------------------------------------------------

@api.get("/articles", response={200: schemas.ArticleList, **problem_responses(400, 429)},
         summary="Published articles, newest first", url_name="articles")
def articles(request, filters: Query[ArticleFilters]):
    queryset = article_queryset()
    if filters.section:
        queryset = queryset.filter(section__slug=filters.section)
    if filters.tag:
        queryset = queryset.filter(tags__slug=filters.tag)
    if filters.author:
        queryset = queryset.filter(bylines__author__slug=filters.author)
    tag(request, LISTING)  # any story published, changed or taken down changes this

    def data(article):
        shown(request, article)
        return serialize.article_summary(article)

    return listing(request, queryset, filters, data, order=newest_first)


@api.get("/articles/{slug}", response={200: schemas.Article, **problem_responses(404, 429)},
         summary="One published article", url_name="article")
def article(request, slug: Slug):
    item = get_object_or_404(article_queryset().prefetch_related("corrections"), slug=slug)
    shown(request, item)
    return serialize.article(item)


# --- Sections, tags, authors ----------------------------------------------------------

@api.get("/sections", response={200: schemas.SectionList, **problem_responses(400, 429)},
         summary="Sections, in the order of the site's menu's ids", url_name="sections")
def sections(request, paging: Query[Paging]):
    # Every page's menu shows the sections: their changes purge `site`, on every answer.
    return listing(request, Section.objects.select_related("parent"), paging, serialize.section)


@api.get("/sections/{slug}", response={200: schemas.Section, **problem_responses(404, 429)},
         summary="One section", url_name="section")
def section(request, slug: Slug):
    return serialize.section(get_object_or_404(Section.objects.select_related("parent"),
                                               slug=slug))


def with_published_stories(queryset, path):
    """Only what some published story carries: a new tag or author shows nowhere until
    a story with it is published (which purges `list`)."""
    ids = Article.objects.published().values(path)
    return queryset.filter(pk__in=ids)


@api.get("/tags", response={200: schemas.TagList, **problem_responses(400, 429)},
         summary="Tags that published articles carry", url_name="tags")
def tags(request, paging: Query[Paging]):
    tag(request, LISTING)

    def data(item):
        tag(request, key("tag", item.pk))
        return serialize.tag(item)

    return listing(request, with_published_stories(Tag.objects.all(), "tags"), paging, data)


@api.get("/tags/{slug}", response={200: schemas.Tag, **problem_responses(404, 429)},
         summary="One tag", url_name="tag")
def tag_detail(request, slug: Slug):
    item = get_object_or_404(Tag, slug=slug)
    tag(request, key("tag", item.pk))
    return serialize.tag(item)


@api.get("/authors", response={200: schemas.AuthorList, **problem_responses(400, 429)},
         summary="Authors with published articles", url_name="authors")
def authors(request, paging: Query[Paging]):
    tag(request, LISTING)

    def data(item):
        tag(request, key("author", item.pk))
        return serialize.author(item)

    queryset = with_published_stories(Author.objects.all(), "bylines__author")
    return listing(request, queryset, paging, data)


@api.get("/authors/{slug}", response={200: schemas.Author, **problem_responses(404, 429)},
         summary="One author", url_name="author")
def author(request, slug: Slug):
    item = get_object_or_404(Author, slug=slug)
    tag(request, key("author", item.pk))
    return serialize.author(item)


# --- Static pages -----------------------------------------------------------------------

def page_queryset():
    return Page.objects.published().select_related("parent")


@api.get("/pages", response={200: schemas.PageList, **problem_responses(400, 429)},
         summary="Published static pages", url_name="pages")
def pages(request, paging: Query[Paging]):
    tag(request, LISTING)

    def data(item):
        tag(request, key("page", item.pk))
        return serialize.page(item)

    return listing(request, page_queryset(), paging, data)


@api.get("/pages/{slug}", response={200: schemas.Page, **problem_responses(404, 429)},
         summary="One published static page", url_name="page")
def page(request, slug: Slug):
    item = get_object_or_404(page_queryset(), slug=slug)
    tag(request, key("page", item.pk))
    return serialize.page(item)


# --- Drafts, through a preview link -----------------------------------------------------

@api.get("/preview/{token}", response={200: schemas.Article, **problem_responses(404, 410, 429)},
         summary="A draft, through the token of a preview link editors share",
         url_name="preview")
def preview(request, token: Token):
    """Private: never cached anywhere (api/urls.py); images come through the link too."""
    from previews.media import preview_url_map
    from previews.models import PreviewLink
    from previews.views import REFUSALS

    link, trouble = PreviewLink.objects.resolve(token)
    if trouble == "invalid":
        raise Http404
    if trouble:
        return problem(request, 410, REFUSALS[trouble][1] + ".")
    item = get_object_or_404(article_queryset(Article.objects.all()).prefetch_related(
        "corrections"), pk=link.article_id)
    mapping = {serialize.absolute_url(k): serialize.absolute_url(v)
               for k, v in preview_url_map(item, token).items()}
    return serialize.article(item, url_for=lambda name: mapping.get(
        serialize.media_url(name), serialize.media_url(name)))


# --- Errors, as problem details ------------------------------------------------------

@api.exception_handler(ValidationError)
def invalid(request, exc):
    errors = validation_errors(exc.errors)
    names = ", ".join(sorted({e["parameter"] for e in errors})) or "the request"
    return problem(request, 400, f"Check {names}: " + "; ".join(e["message"] for e in errors),
                   errors=errors)


def _not_found(request, exc):
    return problem(request, 404, "Nothing published has this address.")


def _failed(request, exc):
    outage = response_for(exc)  # database or storage down: 503 with Retry-After
    if outage is not None:
        return problem(request, 503, "The newsroom's database is unavailable; try again soon.",
                       headers={"Retry-After": outage["Retry-After"]})
    logger.exception("API error on %s", request.path)
    return problem(request, 500, "Something went wrong on our side; it has been logged.")


api.add_exception_handler(Http404, _not_found)
api.add_exception_handler(Exception, _failed)
