"""Faults: the database, the cache or the disk fails; the site answers sensibly and recovers."""

import errno
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client, override_settings

from articles.models import Article
from comments.models import Comment
from tests.factories import comment_form_data, make_article, make_user

from .test_limits import SimpleUploadedFile, article_form, png

pytestmark = pytest.mark.django_db


def database_fails(error, only=""):
    """Make every SQL statement (or those starting with `only`) fail as a real outage would."""
    original = CursorWrapper.execute

    def execute(self, sql, params=None):
        if sql.lstrip().upper().startswith(only):
            raise OperationalError(error)
        return original(self, sql, params)

    return mock.patch.object(CursorWrapper, "execute", execute)


@pytest.fixture
def client():
    # Like a real server: exceptions become responses instead of failing the test.
    return Client(raise_request_exception=False, headers={"Sec-Fetch-Site": "same-origin"})


def assert_branded_503(response):
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "We will be back in a moment" in html
    assert "Traceback" not in html and "OperationalError" not in html
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_a_locked_or_unreachable_database_gives_a_branded_503_then_recovers(client):
    article = make_article()
    with database_fails("could not connect to server: Connection refused"):
        assert_branded_503(client.get(article.get_absolute_url()))
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_database_failure_outside_the_view_is_a_503_too(client):
    client.force_login(make_user(is_staff=True, password=None))
    failure = OperationalError("could not connect to server: Connection refused")
    with mock.patch("django.contrib.sessions.middleware.SessionMiddleware.process_request",
                    side_effect=failure):
        assert_branded_503(client.get("/admin/"))
    assert client.get("/admin/").status_code == 200


def test_a_comment_posted_while_the_database_is_locked_is_refused_whole(client):
    article = make_article()
    with database_fails("database is locked", only="INSERT"):
        response = client.post(f"{article.get_absolute_url()}comments/", comment_form_data(article))
    assert_branded_503(response)
    assert "Nothing you sent was saved" in response.content.decode()
    assert not Comment.objects.exists()
    response = client.post(f"{article.get_absolute_url()}comments/", comment_form_data(article))
    assert response.status_code == 303 and Comment.objects.count() == 1


CACHE_DOWN = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens on port 1


def test_pages_and_comments_work_when_the_cache_server_is_down(client):
    article = make_article()
    with override_settings(CACHES=CACHE_DOWN):
        for url in ("/", article.get_absolute_url(), article.section.get_absolute_url()):
            assert client.get(url).status_code == 200, url
        response = client.post(f"{article.get_absolute_url()}comments/",
                               comment_form_data(article))
    assert response.status_code == 303
    # Whatever rate limiting does without its cache, the comment is held, never published.
    assert Comment.objects.get().status in (Comment.Status.PENDING, Comment.Status.SPAM)


@pytest.fixture
def editor_client(client):
    client.force_login(make_user(is_staff=True, is_superuser=True, password=None))
    return client


def files_under(path):
    return [p for p in path.rglob("*") if p.is_file()] if path.exists() else []


def test_an_unwritable_media_directory_gives_a_clear_error_and_no_row(editor_client, settings):
    settings.MEDIA_ROOT.parent.mkdir(parents=True, exist_ok=True)
    settings.MEDIA_ROOT.write_text("a file where the media directory should be")
    image = SimpleUploadedFile("harbour.png", png((40, 30)), content_type="image/png")
    response = editor_client.post("/admin/articles/article/add/", article_form(image))
    assert response.status_code == 503
    assert "media disk is full or not writable" in response.content.decode()
    assert not Article.objects.exists()


def test_a_disk_filling_up_mid_upload_leaves_no_half_file_and_no_row(editor_client, settings,
                                                                     run_tasks):
    image = SimpleUploadedFile("harbour.png", png((400, 300)), content_type="image/png")
    disk_full = OSError(errno.ENOSPC, "No space left on device")
    with mock.patch("newsroom.storage.os.fsync", side_effect=disk_full):
        response = editor_client.post("/admin/articles/article/add/", article_form(image))
    assert response.status_code == 503
    assert "Nothing was saved" in response.content.decode()
    assert not Article.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == []
    # With room again, the same upload works.
    image.seek(0)
    response = editor_client.post("/admin/articles/article/add/", article_form(image))
    assert response.status_code == 302
    run_tasks()  # the worker writes the clean copy and the renditions
    # The original, once (responsive renditions are written beside it).
    originals = [p for p in files_under(settings.MEDIA_ROOT) if "articles" in p.parts]
    assert len(originals) == 1
