"""Issue 17, point 14: the smaller things readers and crawlers found."""

import feedparser
import pytest
from lxml import html as lxml_html

from tests.factories import make_article, make_tag

pytestmark = pytest.mark.django_db


def doc(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return lxml_html.fromstring(response.content.decode())


def test_a_5000_character_search_gets_the_sites_own_414_page(client):
    response = client.get("/search/?q=" + "a" * 5000)
    assert response.status_code == 414
    page = lxml_html.fromstring(response.content.decode())
    assert page.cssselect("h1")[0].text_content() == "That address is too long"
    assert page.cssselect("link[rel=stylesheet]")


def test_a_long_but_reasonable_search_is_still_answered(client):
    assert client.get("/search/?q=" + "harbour+" * 300).status_code == 200


def test_page_language_og_locale_and_feed_language_agree(client):
    make_article()
    page = doc(client, "/")
    lang = page.get("lang")
    locale = page.cssselect('meta[property="og:locale"]')[0].get("content")
    feed = feedparser.parse(client.get("/feed/").content).feed.language
    assert lang.lower() == locale.replace("_", "-").lower() == feed.lower() == "en-gb"


def test_the_front_page_has_a_real_meta_description(client):
    make_article(headline="Harbour plan approved", featured=True)
    description = doc(client, "/").cssselect('meta[name="description"]')[0].get("content")
    assert len(description) >= 70
    assert "Harbour plan approved" in description


def test_a_tag_page_without_a_description_describes_its_latest_story(client):
    tag = make_tag(name="Transport")
    make_article(headline="Rail link reopens", standfirst="Trains run again.", tags=[tag])
    description = doc(client, tag.get_absolute_url()).cssselect(
        'meta[name="description"]')[0].get("content")
    assert len(description) >= 50
    assert "Transport" in description and "Rail link reopens" in description


def test_an_archive_year_with_nothing_in_it_is_404(client):
    make_article()
    doc(client, "/archive/2027/", status=404)
