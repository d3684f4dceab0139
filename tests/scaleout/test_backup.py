"""`manage.py backup` and `manage.py restore`: the database and the media, round trip."""

import tarfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from articles.models import Article
from comments.models import Comment
from tests.factories import make_article, make_comment, png_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def media_files():
    from ops.backups import media_names

    return {name: default_storage.open(name).read() for name in media_names()}


@pytest.fixture
def newsroom():
    article = make_article(
        headline="Harbour plan approved",
        featured_image=SimpleUploadedFile("harbour.png", png_bytes(800, 400), "image/png"),
        featured_image_alt="Boats at dawn", featured_image_caption="The harbour",
        featured_image_credit="Jane Doe",
    )
    make_comment(article=article, body="Approved and visible.")
    make_comment(article=article, body="Awaiting a moderator.", status=Comment.Status.PENDING)
    return article


def test_a_restore_brings_back_articles_comments_and_images(newsroom, tmp_path):
    images = media_files()
    assert len(images) > 1  # the upload and its renditions
    call_command("backup", output=str(tmp_path / "backup.tar"))

    Article.objects.all().delete()
    for name in images:
        default_storage.delete(name)
    assert not Comment.objects.exists() and not media_files()

    call_command("restore", str(tmp_path / "backup.tar"), interactive=False)
    article = Article.objects.get()
    assert article.headline == "Harbour plan approved"
    assert sorted(Comment.objects.values_list("body", "status")) == [
        ("Approved and visible.", "approved"), ("Awaiting a moderator.", "pending")]
    assert media_files() == images
    assert default_storage.exists(article.featured_image.name)


def test_a_backup_is_one_file_with_a_manifest_the_database_and_the_media(newsroom, tmp_path):
    call_command("backup", output=str(tmp_path / "backup.tar"))
    with tarfile.open(tmp_path / "backup.tar") as archive:
        names = archive.getnames()
    assert names[0] == "manifest.json"
    assert names[1] in ("database.sqlite3", "database.dump")
    assert {n.removeprefix("media/") for n in names[2:]} == set(media_files())


def test_restoring_something_that_is_not_a_backup_fails_clearly(tmp_path):
    (tmp_path / "notes.txt").write_text("not a backup")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("restore", str(tmp_path / "notes.txt"), interactive=False)
