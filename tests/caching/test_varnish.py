"""A real varnishd (deploy/varnish/default.vcl, xkey) in front of gunicorn with two workers.

The app purges Varnish by surrogate key through its task worker; each change must
show through Varnish within a second, and pages it does not touch stay Varnish hits.
"""

import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.security.live import free_port, http_request

from .servers import ROOT, change, every_reader_sees, start

sys.path.insert(0, str(ROOT / "deploy" / "varnish"))
from render_backends import write_config as write_varnish_config  # noqa: E402

sys.path.pop(0)

VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
if not os.path.exists(VARNISHD):
    if os.environ.get("CI"):
        raise RuntimeError("varnishd is missing: .ci/run installs Debian's varnish package")
    pytest.skip("varnishd is not installed (Debian: apt-get install varnish varnish-modules)",
                allow_module_level=True)


class Varnish:
    def __init__(self, tmp_path, backend_port, port):
        self.port = port
        self.vcl = write_varnish_config(tmp_path, [f"127.0.0.1:{backend_port}"])
        self.workdir = tmp_path / "varnish"
        self.process = None

    def start(self):
        self.log = open(self.workdir.with_suffix(".log"), "w")
        self.process = subprocess.Popen(
            [VARNISHD, "-F", "-j", "none", "-n", str(self.workdir), "-a", f"127.0.0.1:{self.port}",
             "-T", "127.0.0.1:0", "-f", str(self.vcl), "-s", "malloc,64m"],
            stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        raise AssertionError("varnishd did not start: " + self.workdir.with_suffix(".log").read_text())

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.log.close()

    def request(self, method, path, headers=None):
        return http_request(self.port, method, path, headers=headers)

    def get(self, path):
        return self.request("GET", path)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("varnish")
    varnish_port = free_port()
    server = start(tmp, suffix="varnish",
                   PURGE_VARNISH_URLS=f"http://127.0.0.1:{varnish_port}/")
    varnish = Varnish(tmp, server.port, varnish_port).start()
    server.wait_for_tasks()  # the seed's purges, and their repeats
    yield server, varnish
    varnish.stop()
    server.stop()
    server.database.drop()


def through_varnish(varnish, path):
    status, headers, body = varnish.get(path)
    return status, headers.get("X-Cache"), body


def warm(varnish, *paths):
    for path in paths:
        varnish.get(path)
        status, cache, _ = through_varnish(varnish, path)
        assert (status, cache) == (200, "HIT"), path


def sees(stack, path, text, **kw):
    """Every reader through Varnish sees it within a second; then the purge's repeat
    runs, so that it cannot land in the next test."""
    server, varnish = stack
    seen = every_reader_sees(server, path, text, via=varnish, within=1.0, **kw)
    server.wait_for_tasks()
    return seen


def test_varnish_keeps_public_pages_and_passes_personal_ones(stack):
    _, varnish = stack
    warm(varnish, "/articles/harbour-plan/")
    status, headers, _ = varnish.request("GET", "/articles/harbour-plan/",
                                         headers={"Cookie": "sessionid=abc"})
    assert headers.get("X-Cache") == "MISS"
    assert "private" in headers["Cache-Control"]


def test_only_the_app_may_purge(stack):
    _, varnish = stack
    status, _, body = varnish.request("PURGE", "/")
    assert status == 400  # from 127.0.0.1 (a purger) but naming no key
    vcl = (ROOT / "deploy" / "varnish" / "default.vcl").read_text()
    assert 'acl purgers {\n    "127.0.0.1";\n    "::1";\n}' in vcl


def test_publishing_shows_through_varnish_and_other_sections_stay_hits(stack):
    server, varnish = stack
    warm(varnish, "/", "/articles/cup-final/")
    change(server, """
from articles.models import Byline, Section
from authors.models import Author
draft = Article.objects.create(headline="Quay reopens", slug="quay-reopens", standfirst="s",
    body="<p>b</p>", section=Section.objects.get(slug="news"))
Byline.objects.create(article=draft, author=Author.objects.get(slug="ravi-patel"))
articles.article_publish(article=draft, user=chief)
""")
    assert sees(stack, "/", "Quay reopens")
    assert through_varnish(varnish, "/articles/cup-final/")[1] == "HIT"


def test_unpublishing_shows_through_varnish(stack):
    server, varnish = stack
    warm(varnish, "/articles/ferry-fares/")
    change(server, "articles.article_unpublish(article=Article.objects.get(slug='ferry-fares'),"
                   " user=chief)")
    assert sees(stack, "/articles/ferry-fares/", "Ferry fares", status=404, present=False)


def test_a_correction_shows_through_varnish(stack):
    server, varnish = stack
    warm(varnish, "/articles/harbour-plan/")
    change(server, "articles.article_correct(article=Article.objects.get(slug='harbour-plan'),"
                   " user=chief, note='The quay is 40 m long.')")
    assert sees(stack, "/articles/harbour-plan/", "The quay is 40 m long.")


def test_approving_and_removing_a_comment_show_through_varnish(stack):
    server, varnish = stack
    pk = int(change(server, """
comment = Comment.objects.create(article=Article.objects.get(slug='harbour-plan'),
    author_name='Bo', author_email='bo@example.com', body='Seen through Varnish', status='pending')
print(comment.pk)
""").strip().splitlines()[-1])
    warm(varnish, "/articles/harbour-plan/", "/articles/cup-final/")
    change(server, f"comments.comment_approve(comments=[Comment.objects.get(pk={pk})],"
                   " moderator=chief)")
    assert sees(stack, "/articles/harbour-plan/", "Seen through Varnish")
    assert through_varnish(varnish, "/articles/cup-final/")[1] == "HIT"
    change(server, f"comments.comment_remove(comments=[Comment.objects.get(pk={pk})],"
                   " moderator=chief)")
    assert sees(stack, "/articles/harbour-plan/", "Seen through Varnish", present=False)
