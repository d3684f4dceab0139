"""One "what readers see changed" time everywhere (issue 17, point 11)."""

import json
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone
from lxml import etree, html as lxml_html

from articles.models import Article, Correction
from articles.services import article_correct
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def noted(db):
    """An article published three days ago, corrected two days ago, re-saved just now."""
    article = make_article(published_at=timezone.now() - timedelta(days=3))
    yesterday = timezone.now() - timedelta(days=2)
    note = Correction.objects.create(article=article, note="A date was wrong.")
    Correction.objects.filter(pk=note.pk).update(created_at=yesterday)
    Article.objects.filter(pk=article.pk).update(noted_at=yesterday)
    article.refresh_from_db()
    article.featured = True
    article.save()  # an editor's save readers do not see: not a change for them
    return article


def parsed(value):
    from datetime import datetime

    # To the second: sitemaps give seconds, feeds and JSON-LD may give microseconds.
    return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(microsecond=0)


def test_a_save_readers_cannot_see_is_not_a_change_for_them(noted):
    assert noted.saved_at > noted.modified_at == noted.noted_at


def test_json_ld_date_modified_is_the_readers_change_time(client, noted):
    page = lxml_html.fromstring(client.get(noted.get_absolute_url()).content.decode())
    blocks = [json.loads(s.text) for s in page.cssselect('script[type="application/ld+json"]')]
    news = next(b for b in blocks if b["@type"] == "NewsArticle")
    assert parsed(news["dateModified"]) == noted.modified_at.replace(microsecond=0)


def test_atom_updated_is_the_readers_change_time(client, noted):
    entry = feedparser.parse(client.get("/feed/atom/").content).entries[0]
    assert parsed(entry.updated) == noted.modified_at.replace(microsecond=0)


def test_sitemap_lastmod_is_the_readers_change_time(client, noted):
    xml = etree.fromstring(client.get("/sitemap-articles.xml").content)
    lastmod = xml.findtext("s:url/s:lastmod", namespaces=SITEMAP)  # a date, in sitemaps
    assert parsed(lastmod).date() == noted.modified_at.date() != noted.saved_at.date()


def test_an_article_without_notes_changed_when_it_was_published(client):
    article = make_article()
    article.save()
    xml = etree.fromstring(client.get("/sitemap-articles.xml").content)
    assert parsed(xml.findtext("s:url/s:lastmod", namespaces=SITEMAP)).date() == \
        article.published_at.date()


def test_a_correction_moves_the_readers_change_time(noted):
    article_correct(article=noted, user=make_user(group="Editors"), note="Another fix.")
    noted.refresh_from_db()
    assert noted.modified_at > timezone.now() - timedelta(minutes=1)
