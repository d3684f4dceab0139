"""Fixtures starting real engines: a streaming PostgreSQL replica, nginx.

Where an engine is missing the tests skip and say why, except where CI requires it
(NEWSROOM_REQUIRE_POSTGRES), where they fail instead.
"""

import os
import shutil

import pytest

from tests.security.live import postgres_url

from . import engines


def unavailable(reason, *, required):
    if required:
        pytest.fail(reason + " (and this run requires it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def primary_url():
    url = postgres_url()
    if url is None:
        pytest.skip("read replicas are PostgreSQL's: DATABASE_URL points at SQLite in this run")
    return url


@pytest.fixture(scope="session")
def replica(primary_url):
    """A second PostgreSQL cluster streaming from the primary, removed afterwards."""
    required = bool(os.environ.get("NEWSROOM_REQUIRE_POSTGRES"))
    bin_dir = engines.pg_bin()
    if bin_dir is None:
        unavailable("PostgreSQL's server programs (pg_basebackup, pg_ctl) are not installed",
                    required=required)
    if shutil.which("runuser") is None or os.geteuid() != 0:
        unavailable("starting a PostgreSQL cluster as the postgres user needs root and runuser",
                    required=required)
    refusal = engines.replication_refusal(primary_url)
    if refusal:
        unavailable(refusal, required=required)
    cluster = engines.Replica(primary_url, bin_dir)
    try:
        cluster.create()
    except RuntimeError as exc:
        cluster.destroy()
        unavailable(f"could not make a streaming replica: {exc}. Replication connections "
                    "from 127.0.0.1 must be allowed in the primary's pg_hba.conf (.ci/run "
                    "adds that line)", required=required)
    yield cluster
    cluster.destroy()


@pytest.fixture(scope="session")
def nginx_binary():
    if not engines.NGINX.exists():
        unavailable("nginx is not installed (Debian: apt-get install nginx-light)",
                    required=bool(os.environ.get("NEWSROOM_REQUIRE_NGINX")))
    if shutil.which("openssl") is None:
        unavailable("openssl is not installed (the test makes a certificate with it)",
                    required=bool(os.environ.get("NEWSROOM_REQUIRE_NGINX")))
    return engines.NGINX
