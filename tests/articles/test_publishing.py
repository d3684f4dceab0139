"""The publishing rule: what readers may see, and nothing else."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from newsroom.publishing import Status, is_published
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_published_article_with_past_publish_time_is_visible():
    article = make_article()
    assert list(Article.objects.published()) == [article]
    assert is_published(article)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW, Status.ARCHIVED])
def test_unpublished_statuses_are_hidden(status):
    article = make_article(status=status, published_at=timezone.now() - timedelta(days=1))
    assert not Article.objects.published().exists()
    assert not is_published(article)


def test_scheduled_article_is_hidden_until_its_publish_time():
    publish_at = timezone.now() + timedelta(hours=2)
    article = make_article(published_at=publish_at)
    assert not Article.objects.published().exists()
    assert list(Article.objects.published(now=publish_at)) == [article]
    assert is_published(article, now=publish_at + timedelta(seconds=1))


def test_publishing_without_a_time_stamps_now():
    article = make_article(published_at=None)
    assert article.published_at is not None
    assert Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW])
def test_reader_gets_404_for_draft(client, status):
    article = make_article(status=status)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_reader_gets_404_for_scheduled_article(client):
    article = make_article(published_at=timezone.now() + timedelta(minutes=5))
    assert client.get(article.get_absolute_url()).status_code == 404


def test_unknown_slug_is_a_branded_404(client):
    response = client.get("/articles/no-such-story/")
    assert response.status_code == 404
    assert b"We can\xe2\x80\x99t find that page" in response.content


def test_drafts_never_appear_in_lists(client):
    section = make_article().section
    draft = make_article(status=Status.DRAFT, section=section, headline="Secret draft")
    scheduled = make_article(section=section, headline="Tomorrow's news",
                             published_at=timezone.now() + timedelta(days=1))
    author = draft.byline_authors[0]
    make_article(section=section, authors=[author], headline="Public story")
    for url in ["/", section.get_absolute_url(), author.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert "Secret draft" not in html
        assert scheduled.headline.replace("'", "&#x27;") not in html
