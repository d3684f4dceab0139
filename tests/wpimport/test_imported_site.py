"""The imported site meets the demo site's bars: query budgets and valid HTML."""

import pytest

from articles.models import Article, Section, Tag
from authors.models import Author
from frontpage.related import refresh_all
from tests.performance.test_query_budget import (
    ARTICLE_PAGE_QUERIES,
    FRONT_PAGE_QUERIES,
    LISTING_PAGE_QUERIES,
    get_within_budget,
)
from tests.site.test_html_valid import vnu_messages

from .site import import_newsroom

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path, settings):
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = False
    import_newsroom(tmp_path)
    refresh_all()  # what `manage.py compute_related` does after an import (README)
    return Article.objects.published().filter(comments__isnull=False).distinct().first()


def test_an_imported_article_with_its_threads_is_within_the_budget(client, imported, django_assert_num_queries):
    get_within_budget(client, imported.get_absolute_url(), ARTICLE_PAGE_QUERIES, django_assert_num_queries)


def test_a_nested_imported_section_is_within_the_listing_budget(client, imported, django_assert_num_queries):
    nordics = Section.objects.get(slug="nordics")
    get_within_budget(client, nordics.get_absolute_url(), LISTING_PAGE_QUERIES, django_assert_num_queries)


def test_imported_tag_and_author_pages_are_within_the_listing_budget(client, imported, django_assert_num_queries):
    for url in (Tag.objects.get(slug="topic-1").get_absolute_url(),
                Author.objects.get(name="Jane Doe").get_absolute_url()):
        get_within_budget(client, url, LISTING_PAGE_QUERIES, django_assert_num_queries)


def test_the_imported_front_page_is_within_its_budget(client, imported, django_assert_num_queries):
    get_within_budget(client, "/", FRONT_PAGE_QUERIES, django_assert_num_queries)


def test_every_imported_page_is_valid_html5(client, imported, tmp_path):
    urls = ["/", imported.get_absolute_url(), "/section/nordics/", "/section/world/",
            "/tags/topic-1/", Author.objects.get(name="Jane Doe").get_absolute_url(),
            "/pages/about/", "/pages/team/"]
    files = []
    for n, url in enumerate(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        files.append(tmp_path / f"imported{n}.html")
        files[-1].write_bytes(response.content)
    names = dict(zip(map(str, files), urls))
    errors = [f"{names.get(m.get('url', '').removeprefix('file:'), m.get('url'))}:"
              f"{m.get('lastLine')}: {m.get('message')}" for m in vnu_messages(files)]
    assert errors == []
