"""API answers are kept and purged by the same surrogate keys as the pages."""

import pytest
from django.test import Client

from tests.factories import kept_page, make_article, make_author

pytestmark = pytest.mark.django_db(transaction=True)  # purges are sent after commit


def test_answers_are_public_with_the_keys_of_what_they_show():
    author = make_author()
    article = make_article(authors=[author])
    response = Client().get(f"/api/v1/articles/{article.slug}")
    assert "public" in response["Cache-Control"] and "s-maxage" in response["Cache-Control"]
    keys = response["Surrogate-Key"].split()
    assert {f"article-{article.pk}", f"author-{author.pk}", "site"} <= set(keys)
    assert "list" in Client().get("/api/v1/articles")["Surrogate-Key"].split()


def test_publishing_a_story_purges_the_kept_article_list():
    make_article(headline="First")
    assert len(kept_page("/api/v1/articles").json()["items"]) == 1
    make_article(headline="Second")
    fresh = Client().get("/api/v1/articles")
    assert fresh["X-Page-Cache"] == "miss"
    assert [i["headline"] for i in fresh.json()["items"]] == ["Second", "First"]


def test_renaming_an_author_purges_the_stories_that_show_them_and_nothing_else():
    author = make_author(name="Old Name")
    article = make_article(authors=[author])
    other = make_article()
    url, other_url = f"/api/v1/articles/{article.slug}", f"/api/v1/articles/{other.slug}"
    kept_page(url)
    kept_page(other_url)
    author.name = "New Name"
    author.save()
    fresh = Client().get(url)
    assert fresh["X-Page-Cache"] == "miss"
    assert fresh.json()["authors"][0]["name"] == "New Name"
    assert Client().get(other_url)["X-Page-Cache"] == "hit"


def test_an_etag_from_the_kept_copy_answers_304():
    make_article()
    etag = kept_page("/api/v1/articles")["ETag"]
    again = Client().get("/api/v1/articles", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_errors_are_never_kept():
    for _ in range(3):
        response = Client().get("/api/v1/articles/none-such")
        assert response.status_code == 404
        assert response["X-Page-Cache"] == "miss"
        assert "no-store" in response["Cache-Control"] and "Surrogate-Key" not in response
