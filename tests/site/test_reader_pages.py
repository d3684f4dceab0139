"""The readers' pages: front page, archives, article extras, pagination and errors."""

from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import html as lxml_html

from newsroom.publishing import Status
from articles.models import Correction
from articles.services import article_correct
from tests.factories import make_article, make_author, make_section, make_tag, make_user, png_bytes

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return lxml_html.fromstring(response.content)


def texts(doc, selector):
    return [" ".join(el.text_content().split()) for el in doc.cssselect(selector)]


def test_front_page_has_lead_top_stories_and_section_blocks_each_story_once(client):
    world, arts = make_section(name="World", slug="world"), make_section(name="Arts", slug="arts")
    now = timezone.now()
    for hours in range(2, 8):
        make_article(headline=f"World {hours}h ago", section=world,
                     published_at=now - timedelta(hours=hours))
    make_article(headline="Lead story", section=world, featured=True)
    make_article(headline="Gallery opens", section=arts, published_at=now - timedelta(days=3))
    make_article(headline="Hidden draft", section=arts, status=Status.DRAFT)
    doc = page(client, "/")
    assert texts(doc, ".teaser--lead .teaser-headline") == ["Lead story"]
    assert texts(doc, ".top-stories .tiles .teaser-headline") == [
        "World 2h ago", "World 3h ago", "World 4h ago"]
    blocks = {
        " ".join(b.cssselect(".block-heading")[0].text_content().split()): texts(
            b, ".teaser-headline"
        )
        for b in doc.cssselect(".section-block")
    }
    # The blocks go on where the top stories stopped: no story shows twice.
    assert blocks == {"World": ["World 5h ago", "World 6h ago", "World 7h ago"],
                      "Arts": ["Gallery opens"]}
    assert "Hidden draft" not in doc.text_content()


def test_section_blocks_show_each_sections_newest_live_stories_not_shown_above(client):
    busy, quiet = make_section(name="Busy", slug="busy"), make_section(name="Quiet", slug="quiet")
    make_section(name="Empty", slug="empty")
    now = timezone.now()
    for hours in range(2, 10):
        make_article(headline=f"Busy {hours}h ago", section=busy,
                     published_at=now - timedelta(hours=hours))
    same_time = now - timedelta(minutes=30)
    for n in range(3):  # three stories published in the same second
        make_article(headline=f"Busy tie {n}", section=busy, published_at=same_time)
    make_article(headline="Busy scheduled", section=busy, published_at=now + timedelta(hours=1))
    make_article(headline="Busy draft", section=busy, status=Status.DRAFT)
    make_article(headline="Quiet story", section=quiet, published_at=now - timedelta(days=2))
    doc = page(client, "/")
    assert texts(doc, ".top-stories .teaser-headline") == [
        "Busy tie 2", "Busy tie 1", "Busy tie 0", "Busy 2h ago"]
    blocks = {
        b.cssselect(".block-heading")[0].text_content().strip(): texts(b, ".teaser-headline")
        for b in doc.cssselect(".section-block")
    }
    assert list(blocks) == ["Busy", "Quiet"]  # editors' order; no block for an empty section
    assert blocks["Busy"] == ["Busy 3h ago", "Busy 4h ago", "Busy 5h ago", "Busy 6h ago"]
    assert blocks["Quiet"] == ["Quiet story"]


def test_front_page_without_featured_stories_leads_with_the_newest(client):
    make_article(headline="Old", published_at=timezone.now() - timedelta(days=1))
    make_article(headline="Newest")
    assert texts(page(client, "/"), ".teaser--lead .teaser-headline") == ["Newest"]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/section/s/",
        "/tags/t/",
        "/authors/a/",
        "/archive/2025/",
        "/search/?q=story",
        "/feed/",
        "/articles/first/",
    ],
)
def test_page_query_count_does_not_grow_with_content(client, url, settings):
    settings.PAGE_CACHE_ENABLED = False  # count renders, not cache hits
    section, tag = make_section(slug="s"), make_tag(slug="t")
    author = make_author(slug="a")
    when = datetime(2025, 6, 1, tzinfo=dt_timezone.utc)
    make_article(slug="first", section=section, tags=[tag], authors=[author], published_at=when)
    make_article(section=section, tags=[tag], authors=[author], published_at=when, headline="Story")
    client.get(url)  # the first render loads what each worker keeps (the menus)
    before = count_queries(client, url)
    for n in range(6):
        make_article(
            section=make_section() if n % 2 else section,
            tags=[tag, make_tag()],
            authors=[author, make_author()],
            published_at=when,
            headline=f"Story {n}",
        )
    assert count_queries(client, url) == before


def test_article_shows_reading_time_and_updated_time(client):
    article = make_article(
        body="<p>" + "word " * 700 + "</p>", published_at=timezone.now() - timedelta(days=1)
    )
    article_correct(article=article, user=make_user(group="Editors"),
                    note="Adds the council's reply.", kind=Correction.Kind.UPDATE)
    doc = page(client, article.get_absolute_url())
    assert texts(doc, ".reading-time") == ["4 min read"]
    assert texts(doc, ".byline .updated")[0].startswith("Updated")


def test_article_without_an_update_note_shows_no_updated_time(client):
    article = make_article(published_at=timezone.now())
    assert page(client, article.get_absolute_url()).cssselect(".byline .updated") == []


def test_article_lists_every_author_box(client):
    article = make_article(authors=[make_author(name="Ann One"), make_author(name="Ben Two")])
    doc = page(client, article.get_absolute_url())
    assert texts(doc, ".author-box h2") == ["About Ann One", "About Ben Two"]


def test_author_page_shows_profile_and_links(client):
    make_author(
        name="Ravi Patel",
        slug="ravi",
        job_title="Correspondent",
        website="https://ravi.example",
        social_links=["https://social.example/@ravi"],
    )
    doc = page(client, "/authors/ravi/")
    assert texts(doc, ".job-title") == ["Correspondent"]
    hrefs = [a.get("href") for a in doc.cssselect(".profile-links a")]
    assert hrefs == ["https://ravi.example", "https://social.example/@ravi", "/authors/ravi/feed/"]


def test_date_archive_by_year_month_and_day(client):
    june = datetime(2025, 6, 14, 12, tzinfo=dt_timezone.utc)
    make_article(headline="June story", published_at=june)
    make_article(headline="July story", published_at=june + timedelta(days=30))
    make_article(headline="June draft", published_at=june, status=Status.DRAFT)
    assert texts(page(client, "/archive/2025/"), ".teaser-headline") == ["July story", "June story"]
    assert texts(page(client, "/archive/2025/6/"), ".teaser-headline") == ["June story"]
    assert texts(page(client, "/archive/2025/6/14/"), ".teaser-headline") == ["June story"]
    page(client, "/archive/2025/6/15/", status=404)  # nothing published that day
    index = page(client, "/archive/")
    assert texts(index, ".archive-months a") == ["July", "June"]


@pytest.mark.parametrize(
    "url",
    [
        "/archive/2025/13/",
        "/archive/2025/2/30/",
        "/archive/0/",
        "/archive/99999/",
        "/archive/2025/0/1/",
    ],
)
def test_impossible_dates_are_404(client, url):
    page(client, url, status=404)


@pytest.mark.parametrize(
    "value, shown",
    [("abc", 1), ("999999", 3), ("-1", 3), ("0", 3), ("2.5", 1), ("", 1), ("9" * 400, 3)],
)
def test_pagination_survives_bad_page_numbers(client, settings, value, shown):
    settings.ARTICLES_PER_PAGE = 1
    section = make_section(slug="s")
    for n in range(3):
        make_article(section=section)
    doc = page(client, f"/section/s/?page={value}")
    assert f"Page {shown} of 3" in doc.text_content()


def test_missing_page_is_a_branded_404(client):
    doc = page(client, "/no-such-page/", status=404)
    assert texts(doc, "h1") == ["We can’t find that page"]
    assert doc.cssselect(".site-name") and doc.cssselect('form[role="search"]')


def test_server_error_page_is_branded_and_needs_no_database(rf, django_assert_num_queries):
    from newsroom.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


@pytest.mark.parametrize(
    "url", ["/", "/section/s/", "/authors/a/", "/articles/first/", "/archive/"]
)
def test_reader_pages_stay_public_cacheable(client, url):
    make_article(slug="first", section=make_section(slug="s"), authors=[make_author(slug="a")])
    response = client.get(url)
    assert "public" in response["Cache-Control"]
    assert not response.cookies
    assert b"csrfmiddlewaretoken" not in response.content




def test_images_carry_dimensions_and_below_the_fold_ones_load_lazily(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    author = make_author()
    author.photo = SimpleUploadedFile("ravi.png", png_bytes(2, 1))
    author.save()
    article = make_article(
        authors=[author],
        featured_image_alt="The harbour at dawn",
        featured_image_caption="Dawn",
        featured_image_credit="A. Photographer",
    )
    article.featured_image = SimpleUploadedFile("harbour.png", png_bytes(2, 1))
    article.save()
    doc = page(client, article.get_absolute_url())
    [top] = doc.cssselect(".featured-image img")
    assert (top.get("width"), top.get("height"), top.get("loading")) == ("2", "1", None)
    assert top.get("alt") == "The harbour at dawn"
    assert texts(doc, ".featured-image figcaption") == ["Dawn A. Photographer"]
    [photo] = doc.cssselect(".author-box img")
    assert photo.get("loading") == "lazy" and photo.get("width") and photo.get("height")
