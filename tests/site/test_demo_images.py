"""The demo stories have real pictures, offered the way search engines and feeds ask
(issue 17, point 9)."""

import io
import json

import feedparser
import pytest
from django.core.files.storage import default_storage
from lxml import html as lxml_html
from PIL import Image, ImageStat

from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    from demo.content import load_demo

    load_demo(out=lambda *a: None)
    return Article.objects.published()


def stored_image(url):
    name = url.split("/media/", 1)[1]
    with default_storage.open(name) as f:
        return Image.open(io.BytesIO(f.read()))


def ld_blocks(client, url):
    page = lxml_html.fromstring(client.get(url).content.decode())
    return page, [json.loads(s.text) for s in page.cssselect('script[type="application/ld+json"]')]


def test_every_demo_story_has_a_picture_with_alt_caption_and_credit(demo):
    assert demo.count() >= 15
    for article in demo:
        assert article.featured_image, article.slug
        assert article.featured_image_alt and article.featured_image_caption, article.slug
        assert article.featured_image_credit, article.slug


def test_demo_pictures_are_drawn_scenes_not_blank(demo):
    for article in demo:
        with article.featured_image.open() as f:
            image = Image.open(io.BytesIO(f.read())).convert("L")
        assert image.size == (1600, 1200)
        spread = ImageStat.Stat(image).stddev[0]
        assert spread > 20, f"{article.slug} looks blank (stddev {spread:.1f})"
        assert len(image.getcolors(maxcolors=1 << 16) or range(1 << 16)) > 50


def test_news_article_image_comes_in_16x9_4x3_and_1x1_at_least_1200_wide(client, demo):
    article = demo.first()
    _, blocks = ld_blocks(client, article.get_absolute_url())
    news = next(b for b in blocks if b["@type"] == "NewsArticle")
    ratios = []
    for url in news["image"]:
        assert url.startswith("http")
        image = stored_image(url)
        assert image.width >= 1200, url
        ratios.append(round(image.width / image.height, 2))
    assert ratios == [round(16 / 9, 2), round(4 / 3, 2), 1.0]


def test_publisher_logo_is_a_raster_image(client, demo):
    _, blocks = ld_blocks(client, demo.first().get_absolute_url())
    logo = next(b for b in blocks if b["@type"] == "NewsArticle")["publisher"]["logo"]
    assert logo["url"].endswith(".png")
    assert logo["width"] >= 112 and logo["height"] >= 112 or logo["width"] >= 600


def test_an_article_shares_its_own_picture(client, demo):
    article = demo.first()
    page, _ = ld_blocks(client, article.get_absolute_url())
    og = page.cssselect('meta[property="og:image"]')[0].get("content")
    assert stored_image(og).width >= 1200
    assert page.cssselect('meta[property="og:image:alt"]')[0].get("content") == \
        article.featured_image_alt


@pytest.mark.parametrize("url", ["/", "/archive/", "/search/"])
def test_pages_without_a_picture_share_the_sites_default_image(client, demo, url):
    page = lxml_html.fromstring(client.get(url).content.decode())
    og = page.cssselect('meta[property="og:image"]')[0].get("content")
    assert og.startswith("http") and "og-default" in og


def test_the_hero_image_is_fetched_first(client, demo):
    page = lxml_html.fromstring(client.get(demo.first().get_absolute_url()).content.decode())
    assert page.cssselect(".featured-image img")[0].get("fetchpriority") == "high"


def test_feeds_carry_the_picture_as_enclosure_and_media_content(client, demo):
    rss = feedparser.parse(client.get("/feed/").content)
    entry = rss.entries[0]
    [enclosure] = entry.enclosures
    assert enclosure.type == "image/jpeg" and int(enclosure.length) > 0
    assert entry.media_content[0]["medium"] == "image"
    assert int(entry.media_content[0]["width"]) >= 1200


def test_loading_the_demo_again_renders_no_picture_twice(db, monkeypatch, settings, tmp_path):
    from demo import content as demo

    demo.load_demo(out=lambda *a: None)
    Article.objects.update(featured_image="", featured_image_renditions={})
    settings.MEDIA_ROOT = tmp_path / "other-media"

    def refuse(*args, **kwargs):
        raise AssertionError("a picture was rendered again")

    monkeypatch.setattr(demo, "render_image_data", refuse)
    demo.load_demo(out=lambda *a: None)
    assert not Article.objects.published().filter(featured_image="").exists()
    article = Article.objects.published().first()
    assert default_storage.exists(article.featured_image.name)
