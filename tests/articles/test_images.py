"""Image uploads: clean copies in modern formats, and clear refusals of anything else."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import html as lxml_html
from PIL import Image

from articles.models import Article
from tests.factories import make_article, make_author

from .admin_forms import article_form_data, change_url

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def photo_bytes(fmt="JPEG", size=(1200, 800), exif=True, color=(200, 30, 30)):
    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    options = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCameraMaker"  # Make
        data[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}
        options["exif"] = data
    image.save(out, fmt, **options)
    return out.getvalue()


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def post_with_image(client, article, file, **fields):
    data = article_form_data(
        article,
        featured_image_alt="Boats in the harbour at dawn",
        featured_image_caption="The harbour on Tuesday",
        featured_image_credit="Jane Doe/Agency",
    )
    data.update(fields)
    data["featured_image"] = file
    return client.post(change_url(article), data)


def errors(response):
    page = lxml_html.fromstring(response.content)
    return " ".join(page.xpath("string(//*[contains(@class,'errorlist')])").split()) + " ".join(
        e.text_content() for e in page.xpath("//*[contains(@class,'errornote')]")
    )


def test_photo_is_stored_without_exif_or_gps_and_rendered_for_srcset(client, editor, run_tasks):
    raw = photo_bytes()
    assert b"SecretCameraMaker" in raw
    article = make_article()
    client.force_login(editor)
    assert post_with_image(client, article, upload(raw)).status_code == 302
    run_tasks()  # the renditions are made by the worker
    article.refresh_from_db()
    stored = (
        [article.featured_image.name]
        + [n for _, n in article.featured_image_renditions["webp"]]
        + [n for _, n in article.featured_image_renditions["fallback"]]
    )
    for name in stored:
        with default_storage.open(name) as f:
            data = f.read()
        assert b"SecretCameraMaker" not in data, name
        image = Image.open(io.BytesIO(data))
        assert not image.getexif(), name
        assert GPS_IFD not in image.getexif()
    widths = [w for w, _ in article.featured_image_renditions["webp"]]
    assert widths == [480, 960, 1200]
    assert all(n.endswith(".webp") for _, n in article.featured_image_renditions["webp"])
    assert all(n.endswith(".jpg") for _, n in article.featured_image_renditions["fallback"])

    page = lxml_html.fromstring(client.get(article.get_absolute_url()).content)
    source = page.xpath("//figure[@class='featured-image']//source[@type='image/webp']")[0]
    assert source.get("srcset").count("w,") == 2
    img = page.xpath("//figure[@class='featured-image']//img")[0]
    assert img.get("alt") == "Boats in the harbour at dawn" and "480w" in img.get("srcset")
    assert "Jane Doe/Agency" in page.xpath("string(//figure[@class='featured-image']/figcaption)")


def test_png_with_transparency_keeps_a_png_fallback(client, editor, run_tasks):
    image = Image.new("RGBA", (600, 400), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    article = make_article()
    client.force_login(editor)
    assert (
        post_with_image(
            client, article, upload(out.getvalue(), "logo.png", "image/png")
        ).status_code
        == 302
    )
    run_tasks()
    article.refresh_from_db()
    assert all(n.endswith(".png") for _, n in article.featured_image_renditions["fallback"])


def test_alt_text_caption_and_credit_are_required_with_an_image(client, editor):
    article = make_article()
    client.force_login(editor)
    response = post_with_image(
        client, article, upload(photo_bytes()), featured_image_alt="", featured_image_credit=""
    )
    assert response.status_code == 200
    assert "alt text is required" in errors(response)
    assert not Article.objects.get(pk=article.pk).featured_image


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.mark.parametrize(
    "name,data,content_type",
    [
        ("vector.svg", SVG, "image/svg+xml"),
        ("vector.jpg", SVG, "image/jpeg"),
        ("page.html", HTML, "text/html"),
        ("page.png", HTML, "image/png"),
        ("truncated.jpg", photo_bytes()[:600], "image/jpeg"),
        ("empty.jpg", b"", "image/jpeg"),
    ],
)
def test_non_images_and_corrupt_files_are_refused_with_a_message(
    client, editor, name, data, content_type
):
    article = make_article()
    client.force_login(editor)
    response = post_with_image(client, article, upload(data, name, content_type))
    assert response.status_code == 200
    message = errors(response)
    assert "image" in message.lower() or "file" in message.lower(), message
    assert not Article.objects.get(pk=article.pk).featured_image


def test_gif_is_refused_naming_the_formats_we_take(client, editor):
    out = io.BytesIO()
    Image.new("RGB", (50, 50)).save(out, "GIF")
    article = make_article()
    client.force_login(editor)
    response = post_with_image(client, article, upload(out.getvalue(), "anim.gif", "image/gif"))
    assert "upload a JPEG, PNG or WebP photo" in errors(response)


def test_oversized_upload_is_refused_with_the_limit(client, editor, settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 10_000
    article = make_article()
    client.force_login(editor)
    response = post_with_image(
        client, article, upload(photo_bytes(size=(1500, 1500), exif=False) + b"\0" * 20_000)
    )
    assert "images may be at most" in errors(response)


def test_decompression_bomb_is_refused_before_decoding(client, editor, settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    # A few kilobytes of PNG that would decode to 25 megapixels.
    out = io.BytesIO()
    Image.new("L", (5000, 5000)).save(out, "PNG", optimize=True)
    assert len(out.getvalue()) < 100_000
    article = make_article()
    client.force_login(editor)
    response = post_with_image(client, article, upload(out.getvalue(), "bomb.png", "image/png"))
    assert "more than we can safely process" in errors(response)
    assert not Article.objects.get(pk=article.pk).featured_image


def test_polyglot_is_re_encoded_so_its_payload_is_never_served(client, editor, run_tasks):
    polyglot = photo_bytes(exif=False) + b"<html><script>alert(document.cookie)</script></html>"
    article = make_article()
    client.force_login(editor)
    assert post_with_image(client, article, upload(polyglot, "innocent.jpg")).status_code == 302
    run_tasks()
    article.refresh_from_db()
    with default_storage.open(article.featured_image.name) as f:
        assert b"<script" not in f.read()


def test_author_photo_is_cleaned_and_needs_alt_caption_and_credit(client, editor, run_tasks):
    author = make_author(name="Ravi Patel", slug="ravi-patel")
    client.force_login(editor)
    data = {
        "name": author.name,
        "slug": author.slug,
        "job_title": "",
        "bio": "Writes.",
        "website": "",
        "social_links": "[]",
        "user": "",
        "photo": upload(photo_bytes(size=(800, 800))),
        "photo_alt": "",
        "photo_caption": "",
        "photo_credit": "",
    }
    response = client.post(f"/admin/authors/author/{author.pk}/change/", data)
    assert "alt text is required" in errors(response)
    data.update(
        photo=upload(photo_bytes(size=(800, 800))),
        photo_alt="Ravi smiling",
        photo_caption="Ravi Patel",
        photo_credit="Staff photo",
    )
    assert client.post(f"/admin/authors/author/{author.pk}/change/", data).status_code == 302
    run_tasks()
    author.refresh_from_db()
    with default_storage.open(author.photo.name) as f:
        assert b"SecretCameraMaker" not in f.read()
    assert author.picture is not None and author.picture.width == 800
