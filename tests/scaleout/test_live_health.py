"""Health as a load balancer sees it, from a real server."""

import json

import pytest

from tests.security.live import postgres_url

from .engines import AppServer

pytestmark = pytest.mark.long


def test_healthz_and_readyz_fail_once_the_sqlite_file_is_gone(tmp_path):
    if postgres_url():
        pytest.skip("the database file check is SQLite's; this run uses PostgreSQL")
    server = AppServer(tmp_path, workers=1).prepare().start()
    try:
        assert server.get("/healthz")[0] == 200
        for suffix in ("", "-wal", "-shm"):
            server.database.path.with_name(server.database.path.name + suffix).unlink(
                missing_ok=True)
        status, _, body = server.get("/healthz")
        assert status == 503
        assert json.loads(body)["checks"]["database"]["status"] == "down"
        assert server.get("/readyz")[0] == 503
    finally:
        server.stop()
