"""Abuse limits: oversized bodies, too many fields, image bombs, absurd page numbers."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article
from comments.models import Comment
from newsroom.publishing import Status
from tests.factories import comment_form_data, make_article, make_author, make_section, make_user

pytestmark = pytest.mark.django_db


def png(size, mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_body_over_the_request_limit_gets_413_and_stores_nothing(client, settings):
    settings.MAX_REQUEST_BYTES = 64 * 1024
    article = make_article()
    data = comment_form_data(article, comment="x" * 100_000)
    response = client.post(f"{article.get_absolute_url()}comments/", data)
    assert response.status_code == 413
    assert "at most" in response.content.decode()
    assert "Content-Security-Policy" in response and response["X-Content-Type-Options"] == "nosniff"
    assert not Comment.objects.exists()


def test_too_many_form_fields_get_400_not_500(client):
    article = make_article()
    data = comment_form_data(article, **{f"f{i}": "x" for i in range(1200)})
    response = client.post(f"{article.get_absolute_url()}comments/", data)
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_a_non_numeric_content_length_gets_400(client):
    article = make_article()
    response = client.generic("POST", f"{article.get_absolute_url()}comments/", b"",
                              CONTENT_LENGTH="lots")
    assert response.status_code == 400


@pytest.mark.parametrize("page", ["999999999", "-1", "0", "abc", "1e9", "9" * 400, "%00"])
def test_absurd_page_numbers_get_a_page_not_an_error(client, page):
    article = make_article()
    response = client.get(f"{article.section.get_absolute_url()}?page={page}")
    assert response.status_code == 200
    assert article.headline in response.content.decode()


def test_a_huge_query_string_is_answered_without_error(client):
    response = client.get("/?q=" + "a" * 20_000 + "&page=" + "9" * 5000)
    assert response.status_code in (200, 400, 414)


@pytest.fixture
def editor_client(client):
    client.force_login(make_user(is_staff=True, is_superuser=True, password=None))
    return client


def article_form(image, **extra):
    section, author = make_section(), make_author()
    return {
        "headline": "Harbour plan", "slug": "harbour-plan", "standfirst": "A plan.",
        "body": "<p>Words.</p>", "section": section.pk, "status": Status.DRAFT,
        "published_at_0": "", "published_at_1": "", "comments_open": "on",
        "bylines-TOTAL_FORMS": "1", "bylines-INITIAL_FORMS": "0", "bylines-MIN_NUM_FORMS": "1",
        "bylines-MAX_NUM_FORMS": "1000", "bylines-0-author": author.pk, "bylines-0-position": "0",
        "corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0",
        "featured_image": image, "featured_image_alt": "A harbour",
        "featured_image_caption": "The harbour at dawn.", "featured_image_credit": "Staff",
        **extra,
    }


def test_an_ordinary_image_upload_is_stored(editor_client, settings):
    image = SimpleUploadedFile("harbour.png", png((40, 30)), content_type="image/png")
    response = editor_client.post("/admin/articles/article/add/", article_form(image))
    assert response.status_code == 302
    article = Article.objects.get()
    assert (settings.MEDIA_ROOT / article.featured_image.name).stat().st_size > 0


def test_a_decompression_bomb_is_refused_before_decoding(editor_client, settings):
    # 8000 x 8000 one-bit pixels: a few kilobytes on the wire, 64 million pixels.
    bomb = png((8000, 8000), mode="1")
    assert len(bomb) < 100_000
    image = SimpleUploadedFile("bomb.png", bomb, content_type="image/png")
    response = editor_client.post("/admin/articles/article/add/", article_form(image))
    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
    assert not Article.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
