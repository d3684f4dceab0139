import pytest
from django.test import override_settings

from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db


def test_author_page_shows_profile_and_their_published_articles_newest_first(client):
    author = make_author(name="Ravi Patel", job_title="Senior Correspondent")
    older = make_article(authors=[author], headline="Older story")
    newer = make_article(authors=[author], headline="Newer story",
                         published_at=older.published_at.replace(microsecond=0) +
                         __import__("datetime").timedelta(minutes=30))
    make_article(headline="Somebody else's story")
    html = client.get(author.get_absolute_url()).content.decode()
    assert "Senior Correspondent" in html
    assert html.index(newer.headline) < html.index(older.headline)
    assert "Somebody else" not in html


@override_settings(ARTICLES_PER_PAGE=2)
def test_author_archive_is_paginated(client):
    author = make_author()
    for _ in range(5):
        make_article(authors=[author])
    first = client.get(author.get_absolute_url())
    assert first.context["page_obj"].paginator.num_pages == 3
    assert len(first.context["page_obj"].object_list) == 2
    last = client.get(author.get_absolute_url(), {"page": 3})
    assert len(last.context["page_obj"].object_list) == 1


def test_unknown_author_is_404(client):
    assert client.get("/authors/nobody/").status_code == 404
