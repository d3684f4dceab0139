"""Readers' pages read from a real streaming replica; what a person just wrote does not.

A second PostgreSQL cluster made with `pg_basebackup -R` from the primary replays its
WAL; the app runs under gunicorn with DATABASE_REPLICA_URLS naming it. What ran where
is read from the replica's own statement log.
"""

import json
import re
import time
from urllib.parse import urlsplit

import pytest

from tests.security.live import LiveDatabase

from .engines import AppServer, connect

pytestmark = pytest.mark.long

PAGES = ["/", "/articles/harbour-plan/", "/section/local/", "/authors/ravi-patel/",
         "/feed/", "/sitemap.xml", "/search/?q=harbour"]
OWN_COMMENTS = re.compile(r"(newsroom_own_comments=[^;]+)")


class Site:
    def __init__(self, database, replica, primary_url):
        self.database, self.replica, self.primary_url = database, replica, primary_url
        self.name = database.name
        self.servers = []

    def server(self, tmp_path, **env):
        if self.servers:  # the first one collected the static files
            env.setdefault("STATIC_ROOT", self.servers[0].env["STATIC_ROOT"])
        server = AppServer(tmp_path, workers=1, database=self.database,
                           DATABASE_REPLICA_URLS=self.replica.url(self.name),
                           PAGE_CACHE="off", FRAGMENT_CACHE="off", **env)
        self.servers.append(server)
        if len(self.servers) == 1:
            server.prepare()
        self.replica.catch_up(self.primary_url)
        return server.start()

    def replica_reads(self):
        """Queries of the app's tables that ran on the replica (not its lag checks or the
        connection's own set-up and liveness statements)."""
        lines = self.replica.log.read_text(errors="replace").splitlines()
        marker = f"[{self.name}] LOG:  statement: "
        return [line.split(marker, 1)[1] for line in lines
                if marker in line and 'FROM "' in line]

    def commit_on_primary(self):
        with connect(self.database.direct_url.replace("postgres://", "postgresql://", 1)) as c:
            c.execute("SELECT pg_current_xact_id()")  # a commit record for the replica

    def fresh_replica(self):
        """Caught up, with a just-replayed commit: lag is near zero, even once paused."""
        self.commit_on_primary()
        self.replica.catch_up(self.primary_url)


@pytest.fixture(scope="module")
def site(replica, primary_url, tmp_path_factory):
    site = Site(LiveDatabase(tmp_path_factory.mktemp("replica-site")), replica, primary_url)
    site.main = site.server(tmp_path_factory.mktemp("main"), DATABASE_REPLICA_CHECK_SECONDS=1)
    yield site
    for server in site.servers:
        server.stop()
    site.database.drop()


@pytest.mark.parametrize("path", PAGES)
def test_a_readers_page_reads_from_the_replica(site, path):
    before = site.replica_reads()
    status, _, _ = site.main.get(path)
    assert status == 200
    assert len(site.replica_reads()) > len(before)


def test_a_request_with_a_session_reads_from_the_primary(site):
    before = site.replica_reads()
    status, _, body = site.main.request("GET", "/articles/harbour-plan/",
                                        headers={"Cookie": "sessionid=someone"})
    assert status == 200 and b"Harbour plan approved" in body
    assert site.replica_reads()[len(before):] == []


def test_a_commenter_with_a_comment_awaiting_moderation_reads_from_the_primary(site):
    site.fresh_replica()
    before = site.replica_reads()
    status, _, _ = site.main.request("GET", "/articles/harbour-plan/",
                                     headers={"Cookie": "newsroom_own_comments=1"})
    assert status == 200
    assert site.replica_reads()[len(before):] == []


def test_a_commenter_sees_their_pending_comment_while_replay_is_paused(site):
    site.fresh_replica()
    token = site.main.comment_form()
    site.replica.pause_replay()
    try:
        status, headers, _ = site.main.post_comment(
            token, name="Ada", email="ada@example.com", comment="Seen at once by its author.")
        assert status == 303  # See Other: the article page, showing it
        cookie = OWN_COMMENTS.search(headers["Set-Cookie"]).group(1)
        location = urlsplit(headers["Location"])
        status, _, body = site.main.request("GET", f"{location.path}?{location.query}",
                                            headers={"Cookie": cookie})
        assert status == 200
        assert b"Seen at once by its author." in body
        # ...which the replica has not replayed yet.
        assert site.replica.query(site.name, "SELECT count(*) FROM comments_comment "
                                  "WHERE body = 'Seen at once by its author.'") == [(0,)]
    finally:
        site.replica.resume_replay()


def test_after_a_write_readers_read_from_the_primary_until_the_replica_replays_it(site):
    site.fresh_replica()
    token = site.main.comment_form()
    site.replica.pause_replay()
    try:
        status, _, _ = site.main.post_comment(
            token, name="Bo", email="bo@example.com", comment="Written while replay waits.")
        assert status == 303
        before = site.replica_reads()
        assert site.main.get("/articles/harbour-plan/")[0] == 200
        # A page a cache may keep is never rendered from before the latest write.
        assert site.replica_reads()[len(before):] == []
    finally:
        site.replica.resume_replay()
    site.replica.catch_up(site.primary_url)
    before = site.replica_reads()
    assert site.main.get("/articles/harbour-plan/")[0] == 200
    assert len(site.replica_reads()) > len(before)


def test_a_replica_lagging_beyond_the_limit_is_skipped(site, tmp_path):
    strict = site.server(tmp_path, DATABASE_REPLICA_MAX_LAG=1, DATABASE_REPLICA_CHECK_SECONDS=0.2)
    site.fresh_replica()
    site.replica.pause_replay()
    try:
        site.commit_on_primary()  # received, not replayed: the replica falls behind
        time.sleep(1.5)
        before = site.replica_reads()
        for path in PAGES:
            assert strict.get(path)[0] == 200, path
        assert site.replica_reads()[len(before):] == []
    finally:
        site.replica.resume_replay()


def test_healthz_reports_the_replica_and_its_lag(site):
    site.fresh_replica()
    status, _, body = site.main.get("/healthz")
    assert status == 200
    report = json.loads(body)["replicas"]["replica1"]
    assert report["status"] == "ok" and report["lag_seconds"] <= 10


def test_pages_are_served_from_the_primary_with_the_replica_stopped(site):
    site.fresh_replica()
    assert site.main.get("/")[0] == 200  # a connection to the replica is open and kept
    site.replica.stop()
    try:
        for path in PAGES:
            status, _, body = site.main.get(path)
            assert status == 200, path
        assert b"Harbour plan approved" in site.main.get("/articles/harbour-plan/")[2]
    finally:
        site.replica.start()
