"""Featured images come from the local uploads folder, through the upload pipeline."""

import socket

import pytest
from PIL import Image

from articles.models import Article

from . import wxr

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploads(tmp_path):
    folder = tmp_path / "uploads"
    (folder / "2020" / "01").mkdir(parents=True)
    image = Image.new("RGB", (900, 600), (20, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    image.save(folder / "2020" / "01" / "harbour.jpg", "JPEG", exif=exif)
    (folder / "2020" / "01" / "not-a-photo.jpg").write_bytes(b"<html>nope</html>")
    return folder


def with_thumbnail(file, **kw):
    return dict(items=[
        wxr.item(1, "Harbour", meta={"_thumbnail_id": "9"}),
        wxr.attachment(9, file, parent=1, alt="The harbour at dawn", caption="Dawn over the harbour",
                       **kw),
    ])


def test_the_thumbnail_becomes_the_featured_image_with_alt_caption_and_credit(
        run_import, uploads, run_tasks):
    run_import("--uploads", str(uploads), **with_thumbnail("2020/01/harbour.jpg", credit="Jo Bloggs"))
    run_tasks()  # the sizes are rendered by the worker, as for an upload
    article = Article.objects.get()
    assert (article.featured_image_alt, article.featured_image_caption,
            article.featured_image_credit) == ("The harbour at dawn", "Dawn over the harbour", "Jo Bloggs")
    assert article.featured_picture is not None  # renditions made, as for an upload
    stored = Image.open(article.featured_image.path)
    assert 0x010F not in stored.getexif()  # re-encoded without the camera's metadata


def test_the_featured_image_shows_on_the_article_page(run_import, uploads, client):
    run_import("--uploads", str(uploads), **with_thumbnail("2020/01/harbour.jpg"))
    page = client.get(Article.objects.get().get_absolute_url()).content.decode()
    assert 'alt="The harbour at dawn"' in page


def test_a_missing_file_is_reported_and_never_fetched(run_import, uploads, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the import tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    out = run_import("--uploads", str(uploads), **with_thumbnail("2020/01/gone.jpg"))
    assert not Article.objects.get().featured_image
    assert "not found in the uploads folder" in out and "2020/01/gone.jpg" in out


def test_a_file_that_is_no_photo_is_refused_with_the_reason(run_import, uploads):
    out = run_import("--uploads", str(uploads), **with_thumbnail("2020/01/not-a-photo.jpg"))
    assert not Article.objects.get().featured_image
    assert "not an image we can read" in out


def test_a_path_outside_the_uploads_folder_is_never_read(run_import, uploads):
    out = run_import("--uploads", str(uploads), **with_thumbnail("../../../etc/passwd"))
    assert not Article.objects.get().featured_image
    assert "not found in the uploads folder" in out


def test_without_an_uploads_folder_images_wait_for_a_later_run(run_import, uploads):
    export = with_thumbnail("2020/01/harbour.jpg")
    out = run_import(**export)
    assert "no --uploads folder given" in out
    run_import("--uploads", str(uploads), **export)
    assert Article.objects.get().featured_image


def test_an_attachment_listed_before_its_post_is_found_too(run_import, uploads):
    export = with_thumbnail("2020/01/harbour.jpg")
    export["items"].reverse()
    run_import("--uploads", str(uploads), **export)
    assert Article.objects.get().featured_image


def test_every_waiting_image_is_done_however_many_wait(run_import, uploads, monkeypatch):
    from wpimport import finish

    monkeypatch.setattr(finish, "BATCH", 2)
    items = []
    for n in range(1, 6):
        items += [wxr.item(n, meta={"_thumbnail_id": str(100 + n)}),
                  wxr.attachment(100 + n, "2020/01/harbour.jpg", parent=n, alt="Harbour")]
    run_import("--uploads", str(uploads), items=items)
    assert Article.objects.exclude(featured_image="").count() == 5
