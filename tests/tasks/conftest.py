"""Real task workers (`manage.py run_worker` subprocesses) on a database of their own,
mailing a real SMTP server on 127.0.0.1."""

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.security.live import LiveDatabase

from .smtp import SMTPServer

ROOT = Path(__file__).resolve().parents[2]
SMTP_PORT = 18531  # this suite's ports: 18530-18539
SEED = """
from django.utils import timezone
from articles.models import Article, Section
section = Section.objects.create(name="Local", slug="local")
Article.objects.create(headline="Harbour plan", slug="harbour-plan", standfirst="S.",
    body="<p>B.</p>", section=section, status="published", published_at=timezone.now())
"""


class Site:
    """The environment a worker runs in, and `shell()` to act on its database."""

    def __init__(self, tmp_path, database):
        self.tmp = tmp_path
        self.database = database
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        self.env.update(
            SECRET_KEY=secrets.token_urlsafe(40), DEBUG="off", DATABASE_URL=database.url,
            CACHE_URL="locmemcache://", MEDIA_ROOT=str(tmp_path / "media"),
            EMAIL_URL=f"smtp://127.0.0.1:{SMTP_PORT}", EMAIL_TIMEOUT="10",
            MODERATOR_EMAILS="mod@newsroom.example", LOG_LEVEL="INFO",
            MAIL_RETRY_DELAYS="0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5", PYTHONUNBUFFERED="1",
        )
        self.workers = []

    def shell(self, code):
        result = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code], cwd=ROOT,
                                env=self.env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout.strip()

    def start_worker(self):
        log = self.tmp / f"worker-{len(self.workers)}.log"
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.1"], cwd=ROOT,
            env=self.env, stdout=open(log, "w"), stderr=subprocess.STDOUT,
        )
        process.log = log
        self.workers.append(process)
        return process

    def stop_workers(self):
        for process in self.workers:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tasks-db")
    database = LiveDatabase(tmp)
    site = Site(tmp, database)
    result = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
                            cwd=ROOT, env=site.env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    site.shell(SEED)
    yield database
    database.drop()


@pytest.fixture
def site(migrated, tmp_path):
    site = Site(tmp_path, migrated)
    site.shell("from django_tasks_db.models import DBTaskResult; DBTaskResult.objects.all().delete()\n"
               "from newsroom.models import OutgoingMail; OutgoingMail.objects.all().delete()\n"
               "from comments.models import Comment; Comment.objects.all().delete()")
    yield site
    site.stop_workers()


@pytest.fixture
def smtp():
    server = SMTPServer(SMTP_PORT)
    yield server
    server.stop()


def wait_until(predicate, timeout=20, every=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    return predicate()
