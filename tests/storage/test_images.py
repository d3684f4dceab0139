"""What the renditions task writes: no metadata at all (JPEG comments included), the
colour profile kept as sRGB, sizes decoded at the scale they need."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms

from articles.models import Status
from newsroom import images
from newsroom.tasks_media import sweep_orphans
from tests.factories import make_article

pytestmark = pytest.mark.django_db
SCRIPT = b"<script>alert(document.cookie)</script>"


def _jpeg(size=(1200, 800), **options):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG", **options)
    return out.getvalue()


def _stored(run_tasks, data, name="photo.jpg"):
    article = make_article(status=Status.PUBLISHED, featured_image_alt="Boats",
                           featured_image_caption="Dawn", featured_image_credit="Staff")
    article.featured_image = SimpleUploadedFile(name, data)
    article.save()
    run_tasks()
    article.refresh_from_db()
    names = [article.featured_image.name] + [
        n for key in ("webp", "fallback") for _, n in article.featured_image_renditions[key]]
    storage = article.featured_image.storage
    return {n: storage.open(n).read() for n in names}


def test_a_jpeg_comment_holding_a_script_is_not_in_any_stored_file(run_tasks):
    raw = _jpeg(comment=SCRIPT)
    assert SCRIPT in raw
    for name, data in _stored(run_tasks, raw).items():
        assert SCRIPT not in data, name
        assert b"\xff\xfe" not in data[:data.find(b"\xff\xda")], name  # no COM before the scan


def test_xmp_is_not_in_any_stored_file(run_tasks):
    raw = _jpeg(xmp=b"<x:xmpmeta>SecretPhotographer</x:xmpmeta>")
    for name, data in _stored(run_tasks, raw).items():
        assert b"SecretPhotographer" not in data, name


def test_an_srgb_colour_profile_is_kept(run_tasks):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    for name, data in _stored(run_tasks, _jpeg(icc_profile=srgb)).items():
        assert Image.open(io.BytesIO(data)).info.get("icc_profile"), name


def test_another_colour_profile_is_converted_to_srgb(run_tasks):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    # Pillow builds no other RGB profile: rename this one, so it reads as not sRGB.
    other = srgb.replace("sRGB".encode("utf-16-be"), "Wide".encode("utf-16-be"))
    assert "srgb" not in ImageCms.getProfileDescription(
        ImageCms.ImageCmsProfile(io.BytesIO(other))).lower()
    for name, data in _stored(run_tasks, _jpeg(icc_profile=other)).items():
        kept = Image.open(io.BytesIO(data)).info["icc_profile"]
        description = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(kept)))
        assert "srgb" in description.lower(), name


def test_a_big_jpeg_is_decoded_at_a_fraction_of_its_size(settings):
    settings.IMAGE_ORIGINAL_MAX_WIDTH = 1000
    fmt, image, _ = images._decode(_jpeg(size=(4000, 3000)), 1000)
    assert fmt == "JPEG" and image.width == 1000  # decoded at 1/4 scale, not 4000 wide


def test_the_orphan_sweep_on_disk_keeps_referenced_files_and_removes_old_orphans(
        run_tasks, settings):
    from datetime import timedelta

    from django.core.files.storage import default_storage
    from django.utils import timezone

    kept = _stored(run_tasks, _jpeg())
    orphan = default_storage.save("renditions/left-behind.jpg", SimpleUploadedFile("x", b"x"))
    removed = sweep_orphans(now=timezone.now() + timedelta(hours=2))
    assert removed == [orphan]
    assert all(default_storage.exists(n) for n in kept)


def test_the_orphan_sweep_keeps_an_image_an_old_revision_shows(run_tasks):
    from datetime import timedelta

    from django.core.files.storage import default_storage
    from django.utils import timezone

    article = make_article(status=Status.PUBLISHED, featured_image_alt="Boats",
                           featured_image_caption="Dawn", featured_image_credit="Staff")
    article.featured_image = SimpleUploadedFile("first.jpg", _jpeg())
    article.save()
    run_tasks()
    article.refresh_from_db()
    first = article.featured_image.name
    article.featured_image = SimpleUploadedFile("second.jpg", _jpeg(size=(900, 600)))
    article.save()
    run_tasks()
    assert article.history.filter(featured_image=first).exists()  # the revision shows it
    sweep_orphans(now=timezone.now() + timedelta(hours=2))
    assert default_storage.exists(first)
