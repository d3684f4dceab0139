"""Purge backends: a CDN-style HTTP purge API, retries, and an editor's save that a
failing purge never breaks. The API is a local server that records what it is sent."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import checks
from django.db import transaction
from django.test import Client

from newsroom import purging
from tests.factories import kept_page, make_article, make_comment

pytestmark = pytest.mark.django_db(transaction=True)


class PurgeAPI:
    """A purge endpoint on 127.0.0.1 that records each request (and can be made to fail)."""

    def __init__(self):
        self.requests, self.failing = [], False
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                api.requests.append({"path": self.path, "headers": dict(self.headers),
                                     "body": body})
                self.send_response(503 if api.failing else 200)
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/zones/news/purge"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def keys_sent(self):
        return [set(json.loads(r["body"])["tags"]) for r in self.requests]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def api(settings):
    api = PurgeAPI()
    settings.PURGE_BACKENDS = {
        "pagecache": {"BACKEND": "newsroom.purging.PageCacheBackend"},
        "cdn": {"BACKEND": "newsroom.purging.HTTPBackend", "URL": api.url,
                "HEADERS": {"Authorization": "Bearer test-token"}},
    }
    settings.PURGE_REPEAT_SECONDS = 0
    yield api
    api.close()


def test_a_cdn_purge_api_is_sent_the_keys_of_what_changed(api, run_tasks):
    article = make_article()
    api.requests.clear()
    run_tasks()
    comment = make_comment(article=article, status="pending")
    comment.status = "approved"
    comment.save()
    run_tasks()
    assert api.keys_sent()[-1] == {f"comments-{article.pk}"}
    assert api.requests[-1]["headers"]["Authorization"] == "Bearer test-token"
    assert api.requests[-1]["path"] == "/zones/news/purge"


def test_fastly_style_purge_sends_the_keys_in_a_header(api, settings, run_tasks):
    settings.PURGE_BACKENDS["cdn"].update(BODY="header", KEY_HEADER="Surrogate-Key")
    article = make_article()
    run_tasks()
    assert f"article-{article.pk}" in api.requests[-1]["headers"]["Surrogate-Key"].split()


def test_a_failing_purge_never_breaks_the_editors_save_and_is_retried(api, run_tasks):
    api.failing = True
    with transaction.atomic():  # one editor's save
        article = make_article(headline="Saved anyway")  # the save itself must succeed
    run_tasks()
    assert api.requests, "the purge was attempted"
    from django_tasks_db.models import DBTaskResult

    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.args_kwargs["args"][1] == ["cdn"]  # only the backend that failed
    assert retry.args_kwargs["kwargs"]["attempt"] == 1
    assert retry.run_after is not None  # with backoff
    api.failing = False
    retry.run_after = None
    retry.save()
    run_tasks()
    assert f"article-{article.pk}" in api.keys_sent()[-1]


def test_a_repeat_purge_follows_for_http_caches(api, settings, run_tasks):
    settings.PURGE_REPEAT_SECONDS = 2
    with transaction.atomic():
        make_article()
    run_tasks()
    from django_tasks_db.models import DBTaskResult

    repeat = DBTaskResult.objects.filter(status="READY").get()
    assert repeat.args_kwargs["args"][1] == ["cdn"]
    assert repeat.run_after is not None


def test_the_page_cache_is_purged_in_the_committing_process_without_a_worker(api):
    article = make_article(headline="Before")
    url = article.get_absolute_url()
    kept_page(url)
    article.headline = "After"
    article.save()  # no task has run
    assert "After" in Client().get(url).content.decode()


def test_per_process_caches_get_a_system_check_warning(settings):
    from newsroom.checks import cache_is_shared

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [w.id for w in cache_is_shared(None)] == ["newsroom.W001"]
    settings.CACHES = {"default": {"BACKEND": "newsroom.filecache.FileCache", "LOCATION": "/tmp/x"}}
    assert cache_is_shared(None) == []
    assert all(isinstance(w, checks.CheckMessage) for w in cache_is_shared(None))


def test_backends_are_built_from_settings(api):
    names = {name: type(backend).__name__ for name, backend in purging.backends().items()}
    assert names == {"pagecache": "PageCacheBackend", "cdn": "HTTPBackend"}
