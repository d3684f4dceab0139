"""Each API endpoint costs a fixed number of SQL queries, whatever the data's size.

Measured with a little and with a lot of content; both must match the pinned count.
The page cache is off: these are what an answer from the database costs. No menus
here (the pages' two): the API renders no site chrome.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from api.models import ApiKey
from articles.models import Correction
from newsroom.publishing import Status
from pages.models import Page
from previews.services import preview_link_create
from tests.factories import make_article, make_author, make_section, make_tag, make_user, png_bytes

pytestmark = pytest.mark.django_db

# Articles, their bylines with authors, their tags.
ARTICLE_LIST_QUERIES = 3
# The article, its bylines with authors, tags, corrections.
ARTICLE_QUERIES = 4
# The link (with its article's row), then the article as above.
PREVIEW_QUERIES = 1 + ARTICLE_QUERIES
# One query each: the rows (sections with their parent; tags and authors that published
# stories carry, by subquery; published pages with their parent).
SECTION_LIST_QUERIES = SECTION_QUERIES = 1
TAG_LIST_QUERIES = TAG_QUERIES = 1
AUTHOR_LIST_QUERIES = AUTHOR_QUERIES = 1
PAGE_LIST_QUERIES = PAGE_QUERIES = 1
SCHEMA_QUERIES = 0


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def newsroom(size):
    """`size` stories, each with `size` bylines, tags and corrections, and a photo."""
    parent = make_section()
    section = make_section(parent=parent)
    authors = [make_author() for _ in range(size)]
    tags = [make_tag() for _ in range(size)]
    articles = []
    for n in range(size):
        article = make_article(section=section, authors=authors, tags=tags)
        for _ in range(size):
            Correction.objects.create(article=article, note="A note.")
        articles.append(article)
    articles[0].featured_image = SimpleUploadedFile("p.png", png_bytes(40, 20), "image/png")
    articles[0].featured_image_alt = articles[0].featured_image_caption = "A photo"
    articles[0].featured_image_credit = "Us"
    articles[0].save()
    top = Page.objects.create(title="About", slug=f"about-{size}", body="<p>x</p>",
                              status=Status.PUBLISHED)
    for n in range(size):
        Page.objects.create(title=f"Page {n}", slug=f"page-{size}-{n}", body="<p>x</p>",
                            status=Status.PUBLISHED, parent=top)
    draft = make_article(status=Status.DRAFT, section=section, authors=authors, tags=tags)
    link = preview_link_create(article=draft, user=make_user(group="Editors"))
    return {"article": articles[0], "section": section, "tag": tags[0], "author": authors[0],
            "page": top, "token": link.token}


ENDPOINTS = [
    ("/api/v1/articles?limit=100", ARTICLE_LIST_QUERIES),
    ("/api/v1/articles?section={section.slug}&tag={tag.slug}&author={author.slug}",
     ARTICLE_LIST_QUERIES),
    ("/api/v1/articles/{article.slug}", ARTICLE_QUERIES),
    ("/api/v1/sections?limit=100", SECTION_LIST_QUERIES),
    ("/api/v1/sections/{section.slug}", SECTION_QUERIES),
    ("/api/v1/tags?limit=100", TAG_LIST_QUERIES),
    ("/api/v1/tags/{tag.slug}", TAG_QUERIES),
    ("/api/v1/authors?limit=100", AUTHOR_LIST_QUERIES),
    ("/api/v1/authors/{author.slug}", AUTHOR_QUERIES),
    ("/api/v1/pages?limit=100", PAGE_LIST_QUERIES),
    ("/api/v1/pages/{page.slug}", PAGE_QUERIES),
    ("/api/v1/preview/{token}", PREVIEW_QUERIES),
    ("/api/v1/openapi.json", SCHEMA_QUERIES),
]


@pytest.mark.parametrize("size", [1, 12])
@pytest.mark.parametrize(("url", "budget"), ENDPOINTS)
def test_each_endpoint_costs_a_fixed_number_of_queries(
        api, django_assert_num_queries, size, url, budget):
    objects = newsroom(size)
    url = url.format(**objects)
    api.get(url)  # the first request may run one-off lookups; count a later one
    with django_assert_num_queries(budget):
        response = api.get(url)
    assert response.status_code == 200
    items = response.json().get("items")
    if items is not None and "articles" in url:
        assert len(items) == size


def test_an_api_key_costs_no_query_once_known(api, django_assert_num_queries):
    objects = newsroom(2)
    key = ApiKey(name="App")
    raw = key.issue()
    key.save()
    url = f"/api/v1/articles/{objects['article'].slug}"
    api.get(url, headers={"X-API-Key": raw})
    with django_assert_num_queries(ARTICLE_QUERIES):
        assert api.get(url, headers={"X-API-Key": raw}).status_code == 200
