"""`make stack`: the whole production topology on this machine, end to end.

nginx -> Varnish -> two app servers, a task worker, a PostgreSQL primary with a
streaming replica, Redis and SeaweedFS, on their fixed ports (deploy/stack.py). Each
test reads the site through nginx on 127.0.0.1:8080, as a reader would.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.security.live import ROOT

sys.path.insert(0, str(ROOT / "deploy"))
import stack as topology  # noqa: E402

sys.path.pop(0)

pytestmark = pytest.mark.long
BASE = f"http://127.0.0.1:{topology.PORTS['nginx']}"


@pytest.fixture(scope="module")
def stack():
    if gone := topology.missing():
        if os.environ.get("NEWSROOM_REQUIRE_NGINX"):  # set by .ci/run
            pytest.fail("missing Debian packages for make stack: " + " ".join(gone))
        pytest.skip("make stack needs Debian packages: " + " ".join(gone))
    # Not pytest's tmp_path: PostgreSQL's user must reach the clusters' directories.
    directory = Path(tempfile.mkdtemp(prefix="newsroom-stack-"))
    directory.chmod(0o755)
    env = {**os.environ, "STACK_DIR": str(directory / "stack")}
    up = subprocess.run([sys.executable, "deploy/stack.py", "up"], cwd=ROOT, env=env,
                        capture_output=True, text=True, timeout=600)
    try:
        assert up.returncode == 0, up.stdout + up.stderr
        assert "http://127.0.0.1:8080/" in up.stdout  # it says where everything is
        yield env
    finally:
        down = subprocess.run([sys.executable, "deploy/stack.py", "down"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=180)
        assert down.returncode == 0, down.stdout + down.stderr
        left = [port for port in {**topology.PORTS, **topology.WEED_PORTS}.values()
                if topology.port_taken(port)]
        assert left == [], f"make stack-down left ports open: {left}"
        assert not (directory / "stack").exists()
        shutil.rmtree(directory, ignore_errors=True)


def get(path, **headers):
    request = urllib.request.Request(BASE + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def change(env, code):
    """A change made as an editor's or a moderator's request would make it."""
    prelude = ("from django.contrib.auth import get_user_model\n"
               "from articles.models import Article\nfrom comments.models import Comment\n"
               "from articles import services as articles\n"
               "from comments import services as comments\n"
               "chief = get_user_model().objects.get(username='admin')\n")
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", prelude + code],
                            cwd=ROOT, env=topology.app_env(STACK_DIR=env["STACK_DIR"]), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def shows(path, text, *, present=True, within=5.0):
    deadline = time.monotonic() + within
    while True:
        status, headers, body = get(path)
        if status == 200 and (text.encode() in body) == present:
            return headers
        if time.monotonic() > deadline:
            return None
        time.sleep(0.2)


def first_article():
    status, _, body = get("/")
    assert status == 200
    return re.search(rb'href="(/articles/[^"/]+/)"', body).group(1).decode()


def test_readers_get_pages_through_nginx_and_varnish_keeps_them(stack):
    path = first_article()
    get(path)
    status, headers, body = get(path, **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["X-Cache"] == "HIT"
    assert headers["Content-Encoding"] == "gzip"
    assert get("/healthz")[0] == 200
    # Media come from the S3 bucket, through the app.
    image = re.search(rb'src="(/media/[^"]+)"', get("/")[2]).group(1).decode()
    status, headers, _ = get(image)
    assert status == 200 and headers["Content-Type"].startswith("image/")


def test_a_published_story_shows_through_varnish(stack):
    get("/")
    assert get("/")[1]["X-Cache"] == "HIT"
    change(stack, """
from articles.models import Byline, Section
from authors.models import Author
story = Article.objects.create(headline="Stack story goes live", slug="stack-story",
    standfirst="s", body="<p>b</p>", section=Section.objects.first())
Byline.objects.create(article=story, author=Author.objects.first())
articles.article_publish(article=story, user=chief)
""")
    assert shows("/", "Stack story goes live"), "the front page never showed the new story"
    assert shows("/articles/stack-story/", "Stack story goes live")


def test_a_reader_comment_approved_by_a_moderator_shows_to_every_reader(stack):
    path = first_article()
    token = json.loads(get(path + "comments/token/")[2])["token"]
    time.sleep(3.5)  # a reader takes a moment to type (the "too fast" rule)
    form = {"name": "Stack Reader", "email": "stack@example.com", "website": "", "parent": "",
            "hp_7q": "", "token": token, "comment": "Comment through the whole stack"}
    request = urllib.request.Request(
        BASE + path + "comments/", data=urlencode(form).encode(), method="POST",
        headers={"Origin": BASE, "Sec-Fetch-Site": "same-origin",
                 "Content-Type": "application/x-www-form-urlencoded"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        status = urllib.request.build_opener(NoRedirect).open(request, timeout=15).status
    except urllib.error.HTTPError as error:
        status = error.code
    assert status == 303
    assert shows(path, "Comment through the whole stack", present=False, within=0)
    change(stack, "comments.comment_approve(comments=list(Comment.objects.filter("
                  "body__contains='whole stack')), moderator=chief)")
    assert shows(path, "Comment through the whole stack"), "the approved comment never showed"


def test_killing_one_app_server_loses_no_get_and_the_site_stays_up(stack):
    path = first_article()
    pids = json.loads((ROOT / stack["STACK_DIR"] / "pids.json").read_text())
    os.killpg(pids["app1"], signal.SIGKILL)
    # Each a render (a query string of its own), so each reaches an app server.
    statuses = [get(f"{path}?after-kill={n}")[0] for n in range(40)]
    assert statuses == [200] * 40
