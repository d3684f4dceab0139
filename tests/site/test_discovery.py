"""What crawlers read: sitemaps, robots.txt, canonical links, OpenGraph and JSON-LD."""

from datetime import timedelta

import extruct
import pytest
from django.utils import timezone
from lxml import etree
from lxml import html as lxml_html

from newsroom.publishing import Status
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return etree.fromstring(response.content)


def json_ld(client, url, type_):
    response = client.get(url)
    data = extruct.extract(
        response.content.decode(), base_url="http://testserver", syntaxes=["json-ld"]
    )
    found = [item for item in data["json-ld"] if item.get("@type") == type_]
    assert len(found) == 1, data["json-ld"]
    return found[0]


@pytest.fixture
def story(db):
    return make_article(
        headline="Harbour plan approved",
        slug="harbour-plan",
        standfirst="The council voted on Tuesday.",
        section=make_section(name="Local", slug="local"),
        tags=[make_tag(name="Transport", slug="transport")],
        authors=[make_author(name="Ravi Patel", slug="ravi-patel", job_title="Reporter")],
        source_name="The Harbour Gazette",
        source_url="https://gazette.example/harbour",
    )


def test_sitemap_index_lists_a_sitemap_per_type(client, story):
    locs = xml(client, "/sitemap.xml").xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
    for kind in ["home", "articles", "sections", "tags", "authors"]:
        assert f"http://127.0.0.1:8000/sitemap-{kind}.xml" in locs


def test_article_sitemap_has_published_articles_with_lastmod(client, story):
    make_article(slug="a-draft", status=Status.DRAFT)
    make_article(slug="scheduled", published_at=timezone.now() + timedelta(hours=2))
    tree = xml(client, "/sitemap-articles.xml")
    urls = tree.xpath("//sm:url", namespaces=NS)
    assert [u.findtext("sm:loc", namespaces=NS) for u in urls] == [
        "http://127.0.0.1:8000/articles/harbour-plan/"
    ]
    assert urls[0].findtext("sm:lastmod", namespaces=NS)


@pytest.mark.parametrize(
    "kind, path",
    [
        ("sections", "/section/local/"),
        ("tags", "/tags/transport/"),
        ("authors", "/authors/ravi-patel/"),
    ],
)
def test_archive_sitemaps_list_pages_with_published_stories(client, story, kind, path):
    make_section(slug="empty-section")
    tree = xml(client, f"/sitemap-{kind}.xml")
    locs = tree.xpath("//sm:loc/text()", namespaces=NS)
    assert locs == [f"http://127.0.0.1:8000{path}"]
    assert tree.xpath("//sm:lastmod/text()", namespaces=NS)


def test_unknown_sitemap_is_404(client):
    assert client.get("/sitemap-nope.xml").status_code == 404


def test_news_sitemap_covers_the_last_two_days_only(client, story):
    make_article(slug="old-news", published_at=timezone.now() - timedelta(days=3))
    make_article(slug="unpublished", status=Status.REVIEW)
    tree = xml(client, "/news-sitemap.xml")
    urls = tree.xpath("//sm:url", namespaces=NS)
    assert len(urls) == 1
    url = urls[0]
    assert url.findtext("sm:loc", namespaces=NS).endswith("/articles/harbour-plan/")
    assert url.findtext("news:news/news:title", namespaces=NS) == "Harbour plan approved"
    assert url.findtext("news:news/news:publication/news:name", namespaces=NS) == "Newsroom"
    assert url.findtext("news:news/news:publication/news:language", namespaces=NS) == "en"
    assert url.findtext("news:news/news:publication_date", namespaces=NS).startswith(
        str(story.published_at.year)
    )


def test_robots_txt_points_at_the_sitemaps(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text
    assert "Sitemap: http://127.0.0.1:8000/news-sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_article_json_ld_is_a_full_news_article(client, story):
    data = json_ld(client, "/articles/harbour-plan/", "NewsArticle")
    assert data["headline"] == "Harbour plan approved"
    assert data["description"] == "The council voted on Tuesday."
    assert data["datePublished"] == story.published_at.isoformat()
    assert data["dateModified"]
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Ravi Patel",
            "url": "http://127.0.0.1:8000/authors/ravi-patel/",
        }
    ]
    assert data["publisher"]["@type"] == "NewsMediaOrganization"
    assert data["publisher"]["name"] == "Newsroom"
    assert data["isBasedOn"] == {
        "@type": "CreativeWork",
        "name": "The Harbour Gazette",
        "url": "https://gazette.example/harbour",
    }
    assert data["mainEntityOfPage"]["@id"] == "http://127.0.0.1:8000/articles/harbour-plan/"


def test_article_json_ld_has_the_featured_image(client, story, run_tasks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import png_bytes

    story.featured_image = SimpleUploadedFile("pic.png", png_bytes())
    story.save()
    run_tasks()  # the clean copy, made by the worker
    data = json_ld(client, "/articles/harbour-plan/", "NewsArticle")
    assert all(url.startswith("http://127.0.0.1:8000/media/") for url in data["image"])
    assert len(data["image"]) == 3  # 16:9, 4:3 and 1:1


def test_article_has_breadcrumbs(client, story):
    data = json_ld(client, "/articles/harbour-plan/", "BreadcrumbList")
    names = [item["name"] for item in data["itemListElement"]]
    assert names == ["Home", "Local", "Harbour plan approved"]
    assert [item["position"] for item in data["itemListElement"]] == [1, 2, 3]


def test_author_page_describes_a_person(client, story):
    data = json_ld(client, "/authors/ravi-patel/", "ProfilePage")
    person = data["mainEntity"]
    assert person["@type"] == "Person"
    assert person["name"] == "Ravi Patel"
    assert person["jobTitle"] == "Reporter"
    assert person["url"] == "http://127.0.0.1:8000/authors/ravi-patel/"


def test_json_ld_cannot_be_broken_out_of(client):
    make_article(slug="evil", headline="</script><script>alert(1)</script>")
    response = client.get("/articles/evil/")
    assert b"<script>alert(1)" not in response.content
    data = json_ld(client, "/articles/evil/", "NewsArticle")
    assert data["headline"] == "</script><script>alert(1)</script>"


def test_article_has_opengraph_and_twitter_tags(client, story):
    [graph] = extruct.extract(
        client.get("/articles/harbour-plan/").content.decode(), syntaxes=["opengraph"]
    )["opengraph"]
    data = dict(graph["properties"])
    assert data["og:type"] == "article"
    assert data["og:title"] == "Harbour plan approved"
    assert data["og:url"] == "http://127.0.0.1:8000/articles/harbour-plan/"
    assert data["article:section"] == "Local"
    assert data["article:tag"] == "Transport"
    assert data["article:author"] == "http://127.0.0.1:8000/authors/ravi-patel/"
    doc = lxml_html.fromstring(client.get("/articles/harbour-plan/").content)
    # Without a picture of its own, the page shares the site's default image, large.
    assert doc.cssselect('meta[name="twitter:card"]')[0].get("content") == "summary_large_image"
    assert "og-default" in doc.cssselect('meta[property="og:image"]')[0].get("content")


@pytest.mark.parametrize(
    "path, canonical",
    [
        ("/", "/"),
        ("/articles/harbour-plan/?utm_source=x", "/articles/harbour-plan/"),
        ("/section/local/", "/section/local/"),
        ("/tags/transport/", "/tags/transport/"),
        ("/authors/ravi-patel/", "/authors/ravi-patel/"),
        ("/archive/", "/archive/"),
        ("/search/?q=harbour", "/search/"),
    ],
)
def test_every_page_has_one_canonical_link(client, story, path, canonical):
    doc = lxml_html.fromstring(client.get(path).content)
    links = doc.cssselect('link[rel="canonical"]')
    assert [link.get("href") for link in links] == ["http://127.0.0.1:8000" + canonical]


def test_canonical_of_a_later_page_keeps_the_page_number(client, settings, story):
    settings.ARTICLES_PER_PAGE = 1
    make_article(section=story.section)
    doc = lxml_html.fromstring(client.get("/section/local/?page=2").content)
    assert doc.cssselect('link[rel="canonical"]')[0].get("href").endswith("/section/local/?page=2")
