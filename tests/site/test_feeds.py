"""RSS and Atom feeds, read back with feedparser as a feed reader would."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from newsroom.publishing import Status
from tests.factories import make_article, make_author, make_comment, make_section, make_tag

pytestmark = pytest.mark.django_db

FEEDS = ["/feed/", "/feed/atom/"]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.fixture
def story(db):
    ravi = make_author(name="Ravi Patel", slug="ravi-patel")
    mina = make_author(name="Mina Ode", slug="mina-ode")
    return make_article(
        headline="Harbour plan approved",
        standfirst="The council voted on Tuesday.",
        section=make_section(name="Local", slug="local"),
        tags=[make_tag(name="Transport", slug="transport"), make_tag(name="Council")],
        authors=[ravi, mina],
    )


@pytest.mark.parametrize("url", FEEDS)
def test_site_feed_carries_full_item_metadata(client, story, url):
    response, feed = parse(client, url)
    assert feed.feed.title == "Newsroom"
    assert feed.feed.link.startswith("http")
    [entry] = feed.entries
    assert entry.title == "Harbour plan approved"
    assert entry.link.endswith("/articles/" + story.slug + "/")
    assert entry.summary == "The council voted on Tuesday."
    assert [a.name for a in entry.authors] == ["Ravi Patel", "Mina Ode"]
    assert entry.published_parsed is not None
    assert {t.term for t in entry.tags} == {"Local", "Transport", "Council"}


def test_atom_feed_gives_each_coauthor_with_their_own_page(client, story):
    _, feed = parse(client, "/feed/atom/")
    assert [a.href for a in feed.entries[0].authors] == [
        "http://127.0.0.1:8000/authors/ravi-patel/", "http://127.0.0.1:8000/authors/mina-ode/"]
    assert feed.entries[0].updated_parsed is not None


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_never_include_drafts_or_scheduled_articles(client, story, url):
    make_article(headline="Draft piece", status=Status.DRAFT)
    make_article(headline="Tomorrow's piece", published_at=timezone.now() + timedelta(days=1))
    _, feed = parse(client, url)
    assert [e.title for e in feed.entries] == ["Harbour plan approved"]


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_never_include_email_addresses(client, story, url):
    make_comment(article=story, author_email="secret-reader@example.com")
    response, _ = parse(client, url)
    assert b"@" not in response.content.replace(b"xmlns", b"")


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_section_feed_lists_only_that_section(client, story, suffix):
    make_article(headline="Elsewhere")
    _, feed = parse(client, f"/section/local/feed/{suffix}")
    assert feed.feed.title == "Local | Newsroom"
    assert [e.title for e in feed.entries] == ["Harbour plan approved"]


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_author_feed_lists_only_their_articles(client, story, suffix):
    make_article(headline="By someone else")
    _, feed = parse(client, f"/authors/mina-ode/feed/{suffix}")
    assert feed.feed.title == "Mina Ode | Newsroom"
    assert [e.title for e in feed.entries] == ["Harbour plan approved"]


def test_feeds_of_unknown_sections_and_authors_are_404(client):
    assert client.get("/section/nope/feed/").status_code == 404
    assert client.get("/authors/nope/feed/atom/").status_code == 404


def test_feeds_are_public_cacheable_and_typed(client, story):
    rss = client.get("/feed/")
    atom = client.get("/feed/atom/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "public" in rss["Cache-Control"]
    assert not rss.cookies


def test_pages_advertise_their_feeds(client, story):
    from lxml import html

    doc = html.fromstring(client.get("/section/local/").content)
    hrefs = {link.get("href") for link in doc.cssselect('link[rel="alternate"]')}
    assert {"/feed/", "/feed/atom/", "/section/local/feed/", "/section/local/feed/atom/"} <= hrefs


def test_rss_feed_gives_each_coauthor_as_its_own_creator(client, story):
    response, _ = parse(client, "/feed/")
    from lxml import etree

    creators = etree.fromstring(response.content).findall(
        ".//item/{http://purl.org/dc/elements/1.1/}creator")
    assert [c.text for c in creators] == ["Ravi Patel", "Mina Ode"]


@pytest.mark.parametrize("url", ["/tags/transport/feed/", "/tags/transport/feed/atom/"])
def test_tag_feeds_list_the_tags_stories(client, story, url):
    make_article(headline="Untagged story")
    _, feed = parse(client, url)
    assert [e.title for e in feed.entries] == ["Harbour plan approved"]


def test_tag_page_advertises_its_feeds(client, story):
    from lxml import html as lxml_html

    page = lxml_html.fromstring(client.get("/tags/transport/").content)
    hrefs = {link.get("href") for link in page.cssselect('link[rel="alternate"]')}
    assert {"/tags/transport/feed/", "/tags/transport/feed/atom/"} <= hrefs


def test_an_unknown_tag_feed_is_404(client, db):
    assert client.get("/tags/no-such-tag/feed/").status_code == 404


@pytest.mark.parametrize("url", FEEDS + ["/tags/transport/feed/"])
def test_a_feeds_self_link_comes_from_site_url_not_the_request_host(client, story, url,
                                                                    settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    response = client.get(url, HTTP_HOST="localhost")
    text = response.content.decode()
    assert "localhost" not in text
    assert f'{settings.SITE_URL}{url}' in text
