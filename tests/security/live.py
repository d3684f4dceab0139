"""A real server for the long tests: gunicorn with several workers on its own database.

The database is a fresh SQLite file, or (when DATABASE_URL points at PostgreSQL, as
in the PostgreSQL CI run) a fresh PostgreSQL database named after the test run's.
Clients talk to it over HTTP exactly as browsers do.
"""

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
TOKEN = re.compile(r'name="token" value="([^"]+)"')
SEED = """
from datetime import timedelta
from django.utils import timezone
from articles.models import Article, Byline, Section
from authors.models import Author
section = Section.objects.create(name="Local", slug="local")
author = Author.objects.create(name="Ravi Patel", slug="ravi-patel")
article = Article.objects.create(
    headline="Harbour plan approved", slug="harbour-plan", standfirst="The plan passed.",
    body="<p>The council voted.</p>", section=section, status="published",
    published_at=timezone.now() - timedelta(hours=1))
Byline.objects.create(article=article, author=author)
"""
COMMENTS = """
import json
from comments.models import Comment
print(json.dumps(list(Comment.objects.values_list("body", "author_name", "author_email"))))
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


class LiveDatabase:
    """A database of its own for one server: SQLite file or a scratch PostgreSQL database."""

    def __init__(self, tmp_path, via_port=None, suffix="live"):
        self.pg = postgres_url()
        if self.pg:
            parts = urlsplit(self.pg)
            self.name = f"{parts.path.strip('/') or 'newsroom'}_{suffix}"
            self.admin_url = parts._replace(path="/postgres").geturl()
            netloc = parts.netloc if via_port is None else \
                f"{parts.netloc.rsplit('@', 1)[0]}@127.0.0.1:{via_port}"
            self.url = parts._replace(netloc=netloc, path=f"/{self.name}").geturl()
            self.direct_url = parts._replace(path=f"/{self.name}").geturl()
            self._run_admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self._run_admin(f'CREATE DATABASE "{self.name}"')
        else:
            self.path = tmp_path / "live.sqlite3"
            self.url = self.direct_url = f"sqlite:///{self.path}"

    def _run_admin(self, sql):
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql)

    def drop(self):
        if self.pg:
            self._run_admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class LiveServer:
    def __init__(self, tmp_path, *, workers=4, database=None, **env):
        self.tmp = tmp_path
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.database = database or LiveDatabase(tmp_path)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        self.env.update(
            SECRET_KEY=secrets.token_urlsafe(40), DEBUG="off",
            ALLOWED_HOSTS="127.0.0.1,localhost", DATABASE_URL=self.database.url,
            # The configured shared cache (Redis in the PostgreSQL run), else the
            # default: a file cache of this server's own that all its workers share.
            CACHE_URL=os.environ.get("CACHE_URL", f"diskcache://{tmp_path / 'cache'}"),
            MEDIA_ROOT=str(tmp_path / "media"), STATIC_ROOT=str(tmp_path / "static"),
            EMAIL_URL="consolemail://", LOG_LEVEL="WARNING",
            # Rate limits would refuse a load test by design; here we test storage.
            COMMENT_RATE_LIMIT="100000/1", COMMENT_MIN_SECONDS="0",
        )
        self.env.update({k: str(v) for k, v in env.items()})
        self.workers = workers
        self.process = None
        self.task_worker = None

    def manage(self, *args, stdin=None, env=None):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, input=stdin, text=True,
            env={**self.env, "DATABASE_URL": self.database.direct_url, **(env or {})},
            capture_output=True, timeout=180,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def prepare(self):
        self.manage("migrate", "--noinput", "--verbosity", "0")
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        self.manage("shell", stdin=SEED)
        return self

    def start(self):
        self.log = open(self.tmp / f"gunicorn-{self.port}.log", "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--timeout", "60", "--graceful-timeout", "5",
             "--limit-request-line", "8190"],  # as `make run` starts it
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.get("/readyz")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError("gunicorn did not start: " + (self.tmp / self.log.name).read_text())

    def start_task_worker(self):
        """The task worker `make run` starts beside gunicorn (purges, mail)."""
        self.worker_log = open(self.tmp / f"worker-{self.port}.log", "w")
        self.task_worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.1",
             "--no-startup-delay", "--no-reload", "--queue-name", "*"],
            cwd=ROOT, env=self.env, stdout=self.worker_log, stderr=subprocess.STDOUT,
        )
        return self

    def tasks_waiting(self):
        """How many queued tasks the server's worker has not finished (due or not)."""
        sql = ("SELECT count(*) FROM django_tasks_database_dbtaskresult "
               "WHERE status IN ('READY', 'RUNNING')")
        if self.database.pg:
            import psycopg

            with psycopg.connect(self.database.direct_url.replace("postgres://", "postgresql://", 1)) as conn:
                return conn.execute(sql).fetchone()[0]
        import sqlite3

        with sqlite3.connect(self.database.path) as conn:
            return conn.execute(sql).fetchone()[0]

    def wait_for_tasks(self, timeout=30):
        """Until every queued task has run (a purge's repeat included)."""
        deadline = time.monotonic() + timeout
        while self.tasks_waiting():
            assert time.monotonic() < deadline, "tasks did not finish"
            time.sleep(0.1)

    def shell(self, code):
        """Run Python in a separate process on the server's database and cache, as an
        editor's or moderator's request in another worker would; return its output."""
        return self.manage("shell", stdin=code)

    def stop(self):
        if self.task_worker and self.task_worker.poll() is None:
            self.task_worker.terminate()
            try:
                self.task_worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.task_worker.kill()
                self.task_worker.wait()
            self.worker_log.close()
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "log", None):
            self.log.close()

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stored_comments(self):
        return json.loads(self.manage("shell", stdin=COMMENTS).strip().splitlines()[-1])

    # --- HTTP, as a browser does it ------------------------------------------
    def request(self, method, path, body=None, headers=None, timeout=60):
        return http_request(self.port, method, path, body, headers, timeout)

    def get(self, path):
        return self.request("GET", path)

    def comment_form(self, slug="harbour-plan"):
        status, _, body = self.get(f"/articles/{slug}/")
        assert status == 200, status
        return TOKEN.search(body.decode()).group(1)

    def post_comment(self, token, *, name, email, comment, slug="harbour-plan"):
        form = {"name": name, "email": email, "website": "", "comment": comment, "parent": "",
                "token": token, "hp_7q": ""}
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.base,
                   "Sec-Fetch-Site": "same-origin"}
        return self.request("POST", f"/articles/{slug}/comments/", urlencode(form), headers)


def http_request(port, method, path, body=None, headers=None, timeout=60):
    """(status, headers, body) of one request on a new connection to 127.0.0.1:`port`."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


class TcpProxy:
    """A plug we can pull: forwards a local port to the database until stopped."""

    def __init__(self, port, target=("127.0.0.1", 5432)):
        self.port, self.target = port, target
        self.listener, self.sockets = None, []

    def start(self):
        import threading

        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(64)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()
        return self

    def _accept(self, listener):
        import threading

        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self):
        """Refuse new connections and cut the open ones, like a database host going away."""
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        except OSError:
            pass
        self.listener.close()
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass
        self.sockets = []
