"""Media in a real S3-compatible bucket (SeaweedFS): random names, renditions made by
the task, a private bucket served through the app, and the orphan sweep."""

import re
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.models import Article, Status
from newsroom import ops
from newsroom.storage import S3MediaStorage, s3_options
from newsroom.tasks_media import sweep_orphans
from tests.factories import make_article, png_bytes

from .conftest import PORTS

pytestmark = pytest.mark.django_db
HASHED = re.compile(r"^renditions/[0-9a-f]{32}\.(webp|png|jpg)$")


def _article_with_image(run_tasks, name="a.php.png", status=Status.PUBLISHED):
    article = make_article(status=status, featured_image_alt="Boats",
                           featured_image_caption="Dawn", featured_image_credit="Staff")
    article.featured_image = SimpleUploadedFile(name, png_bytes(1000, 500))
    article.save()
    run_tasks()
    article.refresh_from_db()
    return article


def test_an_upload_is_stored_in_the_bucket_under_a_name_the_server_chose(s3_media, run_tasks):
    article = _article_with_image(run_tasks, name="a.php.png")
    name = article.featured_image.name
    assert re.fullmatch(r"articles/\d{4}/\d{2}/[0-9a-f]{32}\.png", name), name
    assert s3_media.exists(name)
    assert "php" not in name
    assert article.featured_image_renditions["original_name"] == "a.php.png"


def test_the_original_file_name_is_kept_escaped(s3_media, run_tasks):
    article = _article_with_image(run_tasks, name='<img src=x onerror="alert(1)">.png')
    kept = article.featured_image_renditions["original_name"]
    assert "<" not in kept and '"' not in kept and kept.startswith("%3Cimg")


def test_renditions_are_made_by_the_task_into_the_bucket_under_content_hashes(
        s3_media, run_tasks):
    article = _article_with_image(run_tasks)
    names = [n for key in ("webp", "fallback") for _, n in article.featured_image_renditions[key]]
    assert names and all(HASHED.match(n) for n in names), names
    assert all(s3_media.exists(n) for n in names)
    assert not list(s3_media.bucket.objects.filter(Prefix="incoming/"))  # the raw upload is gone


def test_a_rendition_is_served_with_far_future_caching(client, s3_media, run_tasks):
    article = _article_with_image(run_tasks)
    _, name = article.featured_image_renditions["webp"][0]
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"RIFF"
    assert "immutable" in response["Cache-Control"] and "max-age=31536000" in response["Cache-Control"]


def test_the_bucket_refuses_anonymous_reads(s3_media, run_tasks):
    article = _article_with_image(run_tasks)
    url = f"http://127.0.0.1:{PORTS['s3']}/media/{article.featured_image.name}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=5)
    assert refused.value.code in (401, 403)


def test_an_unpublished_articles_image_and_sizes_are_not_served_to_readers(
        client, s3_media, run_tasks):
    draft = _article_with_image(run_tasks, status=Status.DRAFT)
    _, rendition = draft.featured_image_renditions["fallback"][0]
    assert client.get(draft.featured_image.url).status_code == 404
    assert client.get(f"/media/{rendition}").status_code == 404
    Article.objects.filter(pk=draft.pk).update(status=Status.PUBLISHED,
                                               published_at=timezone.now())
    assert client.get(draft.featured_image.url).status_code == 200


def test_the_orphan_sweep_removes_old_unreferenced_files_and_keeps_referenced_ones(
        s3_media, run_tasks):
    article = _article_with_image(run_tasks)
    referenced = [article.featured_image.name] + [
        n for key in ("webp", "fallback") for _, n in article.featured_image_renditions[key]]
    orphan = s3_media.save("articles/2026/01/left-behind.png", SimpleUploadedFile("x", b"x"))
    later = timezone.now() + timedelta(hours=2)  # everything is now more than an hour old
    assert sweep_orphans(now=later) == [orphan]
    assert all(s3_media.exists(n) for n in referenced)
    assert not s3_media.exists(orphan)


def test_the_orphan_sweep_leaves_files_younger_than_an_hour(s3_media):
    fresh = s3_media.save("incoming/just-uploaded.png", SimpleUploadedFile("x", b"x"))
    assert sweep_orphans() == []
    assert s3_media.exists(fresh)


def test_storage_is_reported_reachable(s3_media):
    assert ops.storage_check()[1] is True


def test_storage_is_reported_down_when_the_s3_server_does_not_answer(s3_server):
    options = s3_options(s3_server.replace(str(PORTS["s3"]), "18699"))
    name, ok, detail = ops.storage_check(S3MediaStorage(**options))
    assert (name, ok) == ("storage", False) and detail
