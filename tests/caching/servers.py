"""Real servers for the caching tests: gunicorn with two workers, its task worker, and
(for tests/caching/test_varnish.py) varnishd in front, all on 127.0.0.1.

Changes are made in a separate process (`manage.py shell`), as an editor's or a
moderator's request in another worker would make them; readers are plain HTTP clients.
"""

import json
import time

from tests.security.live import ROOT, LiveServer

SEED = """
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from articles.models import Article, Byline, Section
from authors.models import Author
news, sport = Section.objects.create(name="News", slug="news"), Section.objects.create(
    name="Sport", slug="sport")
ravi = Author.objects.create(name="Ravi Patel", slug="ravi-patel")
# The sport story shares no section, byline or words with the news: no related-stories
# box links them, so a change to the news leaves its page alone.
mia = Author.objects.create(name="Mia Chen", slug="mia-chen")
earlier = timezone.now() - timedelta(hours=2)
for slug, headline, section, author in [("harbour-plan", "Harbour plan approved", news, ravi),
                                        ("ferry-fares", "Ferry fares frozen", news, ravi),
                                        ("cup-final", "Cup final tonight", sport, mia)]:
    article = Article.objects.create(
        headline=headline, slug=slug, standfirst="The story.", body="<p>Text.</p>",
        section=section, status="published", published_at=earlier)
    Byline.objects.create(article=article, author=author)
get_user_model().objects.create_superuser("chief", "chief@example.com", "unused-password")
"""


def start(tmp_path, *, suffix, **env):
    """Gunicorn (2 workers, as `make run`) and the task worker, with the demo's stories."""
    server = LiveServer(tmp_path, workers=2, database=None, **env)
    if server.database.pg:
        from tests.security.live import LiveDatabase

        server.database = LiveDatabase(tmp_path, suffix=suffix)
        server.env["DATABASE_URL"] = server.database.url
    server.manage("migrate", "--noinput", "--verbosity", "0")
    server.manage("collectstatic", "--noinput", "--verbosity", "0")
    server.shell(SEED)
    return server.start().start_task_worker()


def change(server, code):
    """Make a change in another process, through the services editors' requests use."""
    prelude = (
        "from django.contrib.auth import get_user_model\n"
        "from articles.models import Article\nfrom comments.models import Comment\n"
        "from articles import services as articles\nfrom comments import services as comments\n"
        "chief = get_user_model().objects.get(username='chief')\n"
    )
    return server.shell(prelude + code)


def readers(server, path, count=12, via=None):
    """What `count` readers, each on a new connection, get for `path`."""
    target = via or server
    return [target.get(path) for _ in range(count)]


def every_reader_sees(server, path, text, *, present=True, status=200, within=1.0, via=None):
    """True once every reader gets `status` and (not) `text`, polling for `within` s."""
    deadline = time.monotonic() + within
    while True:
        answers = readers(server, path, via=via)
        ok = all(s == status and ((text.encode() in body) == present) for s, _, body in answers)
        if ok or time.monotonic() > deadline:
            return ok
        time.sleep(0.05)


def stored_json(server, code):
    return json.loads(server.shell(code).strip().splitlines()[-1])


__all__ = ["ROOT", "change", "every_reader_sees", "readers", "start", "stored_json"]
