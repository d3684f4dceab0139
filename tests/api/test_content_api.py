"""The read-only content API: what it shows, how it pages, how it fails."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.models import Correction
from newsroom.publishing import Status
from pages.models import Page
from tests.factories import make_article, make_author, make_section, make_tag, png_bytes

pytestmark = pytest.mark.django_db


def test_only_published_articles_are_listed_and_readable(api):
    out = make_article(headline="Out now")
    draft = make_article(status=Status.DRAFT, headline="Draft")
    scheduled = make_article(published_at=timezone.now() + timedelta(hours=1), headline="Later")
    review = make_article(status=Status.REVIEW, headline="In review")
    listed = api.get("/api/v1/articles").json()
    assert [item["headline"] for item in listed["items"]] == ["Out now"]
    assert api.get(f"/api/v1/articles/{out.slug}").status_code == 200
    for hidden in (draft, scheduled, review):
        response = api.get(f"/api/v1/articles/{hidden.slug}")
        assert response.status_code == 404
        assert hidden.headline not in response.content.decode()


def test_an_article_carries_what_its_page_shows_and_no_private_data(api):
    writer = make_author(name="Ana Writer", email="ana@newsroom.example", job_title="Reporter")
    section = make_section(name="Politics")
    article = make_article(authors=[writer], section=section, tags=[make_tag(name="Budget")],
                           body="<p>Text<script>alert(1)</script></p>",
                           source_name="Wire", source_url="https://wire.example/story")
    Correction.objects.create(article=article, note="We misspelt a name.")
    data = api.get(f"/api/v1/articles/{article.slug}").json()
    assert data["headline"] == article.headline
    assert data["url"].endswith(f"/articles/{article.slug}/")
    assert data["section"]["name"] == "Politics"
    assert [a["name"] for a in data["authors"]] == ["Ana Writer"]
    assert [t["name"] for t in data["tags"]] == ["Budget"]
    assert data["corrections"][0]["note"] == "We misspelt a name."
    assert data["source"] == {"name": "Wire", "url": "https://wire.example/story"}
    assert "<script>" not in data["body"]
    assert "ana@newsroom.example" not in str(data)


def test_article_lists_page_by_cursor_without_repeats_or_gaps(api):
    now = timezone.now()
    made = [make_article(published_at=now - timedelta(minutes=n)) for n in range(7)]
    seen, url = [], "/api/v1/articles?limit=3"
    while url:
        page = api.get(url).json()
        assert len(page["items"]) <= 3
        seen += [item["id"] for item in page["items"]]
        url = page["next"]
        if url:
            assert page["next_cursor"] in url
    assert seen == [a.pk for a in made]  # newest first, each once


def test_articles_filter_by_section_tag_and_author(api):
    section, tag, author = make_section(), make_tag(), make_author()
    a = make_article(section=section)
    b = make_article(tags=[tag])
    c = make_article(authors=[author])
    make_article()

    def ids(query):
        return [i["id"] for i in api.get(f"/api/v1/articles?{query}").json()["items"]]

    assert ids(f"section={section.slug}") == [a.pk]
    assert ids(f"tag={tag.slug}") == [b.pk]
    assert ids(f"author={author.slug}") == [c.pk]


@pytest.mark.parametrize("query", ["limit=101", "limit=0", "limit=ten", "cursor=not-a-cursor",
                                   "cursor=WzFd"])
def test_bad_paging_is_a_400_problem_naming_the_parameter(api, query):
    response = api.get(f"/api/v1/articles?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 400 and problem["title"] and problem["type"]
    assert problem["errors"][0]["parameter"] == query.split("=")[0]
    assert query.split("=")[0] in problem["detail"]
    assert "no-store" in response["Cache-Control"]


def test_a_hundred_is_the_most_a_page_holds(api):
    response = api.get("/api/v1/articles?limit=100")
    assert response.status_code == 200


def test_a_missing_thing_is_a_404_problem(api):
    for path in ["articles/nothing", "sections/nothing", "tags/nothing", "authors/nothing",
                 "pages/nothing"]:
        response = api.get(f"/api/v1/{path}")
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/problem+json")
        assert response.json()["instance"] == f"/api/v1/{path}"


def test_a_post_is_a_405_problem(api):
    response = api.post("/api/v1/articles")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/problem+json")
    assert "GET" in response["Allow"]


def test_an_unchanged_answer_is_a_304_for_its_etag(api, settings):
    settings.PAGE_CACHE_ENABLED = False  # the view's own answer (the cache's: test_api_caching)
    make_article()
    etag = api.get("/api/v1/articles")["ETag"]
    assert api.get("/api/v1/articles", headers={"If-None-Match": etag}).status_code == 304
    make_article()
    assert api.get("/api/v1/articles", headers={"If-None-Match": etag}).status_code == 200


def test_images_come_as_renditions_and_focal_point_crops(api, run_tasks):
    article = make_article(
        featured_image=SimpleUploadedFile("harbour.png", png_bytes(1200, 600), "image/png"),
        featured_image_alt="Boats at dawn", featured_image_caption="The harbour",
        featured_image_credit="Jane Doe")
    run_tasks()  # the clean copy and its sizes, as the worker makes them
    image = api.get(f"/api/v1/articles/{article.slug}").json()["image"]
    assert image["alt"] == "Boats at dawn" and image["credit"] == "Jane Doe"
    types = {r["type"] for r in image["renditions"]}
    assert types == {"image/webp", "image/png"}
    assert all("/media/renditions/" in r["url"] and r["url"].startswith("http")
               for r in image["renditions"])
    assert set(image["crops"]) == {"16x9", "4x3", "1x1"}
    assert api.get(urlsplit(image["src"]).path).status_code == 200  # served to readers


def test_tags_and_authors_are_those_published_stories_carry(api):
    shown_tag, shown_author = make_tag(), make_author()
    make_article(tags=[shown_tag], authors=[shown_author])
    make_tag()
    make_author()
    make_article(status=Status.DRAFT, tags=[make_tag()], authors=[make_author()])
    assert [t["id"] for t in api.get("/api/v1/tags").json()["items"]] == [shown_tag.pk]
    assert [a["id"] for a in api.get("/api/v1/authors").json()["items"]] == [shown_author.pk]


def test_sections_show_their_place_in_the_tree(api):
    news = make_section(name="News")
    local = make_section(name="Local", parent=news)
    data = api.get(f"/api/v1/sections/{local.slug}").json()
    assert data["parent"]["slug"] == news.slug
    assert [c["name"] for c in data["breadcrumbs"]] == ["News"]
    assert len(api.get("/api/v1/sections").json()["items"]) == 2


def test_static_pages_follow_the_publishing_rule(api):
    about = Page.objects.create(title="About", slug="about", body="<p>Us.</p>",
                                status=Status.PUBLISHED)
    Page.objects.create(title="Soon", slug="soon", body="<p>Not yet.</p>")
    assert [p["slug"] for p in api.get("/api/v1/pages").json()["items"]] == ["about"]
    assert api.get("/api/v1/pages/about").json()["title"] == about.title
    assert api.get("/api/v1/pages/soon").status_code == 404


def test_the_openapi_schema_describes_every_endpoint(api):
    schema = api.get("/api/v1/openapi.json").json()
    assert {"/api/v1/articles", "/api/v1/articles/{slug}", "/api/v1/sections", "/api/v1/tags",
            "/api/v1/authors", "/api/v1/pages", "/api/v1/preview/{token}"} <= set(schema["paths"])
    errors = schema["paths"]["/api/v1/articles"]["get"]["responses"]["400"]["content"]
    assert list(errors) == ["application/problem+json"]


@pytest.mark.parametrize("path", ["articles/a%00b", "tags/a%20b", "preview/x%00y"])
def test_an_address_no_slug_can_have_is_a_400_problem_not_a_server_error(api, path):
    response = api.get(f"/api/v1/{path}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
