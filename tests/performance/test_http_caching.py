"""HTTP caching: what browsers and shared caches are told, and conditional requests."""

import re

import pytest
from django.test import Client

from tests.factories import kept_page, make_article, make_user

# Purges are sent after commit: these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def article():
    return make_article()


def public_urls(article):
    author = article.bylines.get().author
    return ["/", article.get_absolute_url(), article.section.get_absolute_url(),
            author.get_absolute_url()]


def test_public_pages_are_kept_by_shared_caches_and_revalidated_by_browsers(article):
    for url in public_urls(article):
        response = Client().get(url)
        cache_control = response["Cache-Control"]
        assert "public" in cache_control, url
        # Shared caches are purged by key, so they keep pages long; browsers cannot be
        # purged, so they ask again every time (and get a 304 while nothing changed).
        assert re.search(r"s-maxage=[1-9]\d*", cache_control), url
        assert re.search(r"(^|[ ,])max-age=0\b", cache_control), url
        assert re.search(r"stale-while-revalidate=[1-9]\d*", cache_control), url
        assert response.has_header("ETag"), url
        assert response.has_header("Last-Modified"), url


def test_personal_pages_are_private_and_not_stored(client, article):
    client.force_login(make_user(is_staff=True))
    for url in [*public_urls(article), "/admin/"]:
        cache_control = client.get(url)["Cache-Control"]
        assert "private" in cache_control, url
        assert "no-store" in cache_control, url


@pytest.mark.parametrize("warm", [False, True], ids=["rendered", "from-cache"])
def test_matching_etag_gets_304_not_modified(article, warm):
    url = article.get_absolute_url()
    first = kept_page(url) if warm else Client().get(url)
    again = Client().get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_unchanged_since_last_modified_gets_304_from_cache(article):
    url = article.get_absolute_url()
    stored = kept_page(url)
    again = Client().get(url, headers={"If-Modified-Since": stored["Last-Modified"]})
    assert again.status_code == 304


def test_changed_page_gets_a_new_etag_and_full_response(article):
    url = article.get_absolute_url()
    etag = kept_page(url)["ETag"]
    article.headline = "A changed headline"
    article.save()
    again = Client().get(url, headers={"If-None-Match": etag})
    assert again.status_code == 200
    assert again["ETag"] != etag


def test_head_request_from_cache_has_headers_but_no_body(article):
    url = article.get_absolute_url()
    kept_page(url)
    response = Client().head(url)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"
    assert response.content == b""


def test_cached_response_reports_its_age(article):
    url = article.get_absolute_url()
    assert int(kept_page(url)["Age"]) >= 0


@pytest.mark.parametrize(("accept", "encoding"), [
    ("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip"), ("", None),
])
def test_cached_page_is_served_compressed_when_the_reader_accepts_it(article, accept, encoding):
    import gzip

    import brotli

    url = article.get_absolute_url()
    plain = kept_page(url).content
    response = Client().get(url, headers={"Accept-Encoding": accept})
    assert response["X-Page-Cache"] == "hit"
    assert "Accept-Encoding" in response["Vary"]
    assert response.get("Content-Encoding") == encoding
    decode = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[encoding]
    assert decode(response.content) == plain
    assert int(response["Content-Length"]) == len(response.content)


@pytest.mark.parametrize("page_cache", [True, False], ids=["page-cache-on", "page-cache-off"])
@pytest.mark.parametrize(("accept", "encoding"), [("gzip, deflate, br", "br"), ("gzip", "gzip")])
def test_a_page_that_misses_the_cache_is_served_compressed_too(
    article, settings, page_cache, accept, encoding
):
    import gzip

    import brotli

    settings.PAGE_CACHE_ENABLED = page_cache
    url = article.get_absolute_url()
    response = Client().get(url, headers={"Accept-Encoding": accept})
    assert response.get("X-Page-Cache") != "hit"
    plain = Client().get(url).content  # no Accept-Encoding: the page as it is
    assert response["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response["Vary"]
    decode = {"br": brotli.decompress, "gzip": gzip.decompress}[encoding]
    # Two renders differ only in the comment form's token (it carries the render's time).
    token = re.compile(rb'name="token" value="[^"]*"')
    assert token.sub(b"", decode(response.content)) == token.sub(b"", plain)
    assert int(response["Content-Length"]) == len(response.content)


def test_personal_pages_are_never_compressed(client, article):
    """A private page may hold a secret (a CSRF token): its compressed length must not
    leak it (BREACH), so it goes out as it is."""
    client.force_login(make_user(is_staff=True))
    response = client.get(article.get_absolute_url(), headers={"Accept-Encoding": "br, gzip"})
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert b"<html" in response.content
