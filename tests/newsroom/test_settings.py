"""Settings come from the environment; production never runs on a made-up secret."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def run_settings(**env):
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='newsroom.settings'; "
        "from django.conf import settings; "
        "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'], "
        "settings.CACHES['default']['BACKEND'])"
    )
    full_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CACHE_URL")}
    full_env.update(env)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=full_env,
                          capture_output=True, text=True)


def test_missing_secret_key_is_refused_when_debug_is_off():
    result = run_settings(DEBUG="off", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_database_and_cache_are_chosen_by_url():
    result = run_settings(
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://u:p@db.example:5432/news",
        CACHE_URL="redis://cache.example:6379/1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False", "django.db.backends.postgresql", "django.core.cache.backends.redis.RedisCache",
    ]


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_immediate_transactions():
    if connection.vendor != "sqlite":
        pytest.skip("this run uses " + connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The test database may be in memory, where WAL does not apply.
    assert mode in ("wal", "memory")
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.django_db
def test_suite_runs_on_postgresql_when_ci_requires_it():
    if not os.environ.get("NEWSROOM_REQUIRE_POSTGRES"):
        pytest.skip("NEWSROOM_REQUIRE_POSTGRES is not set: this run is not the PostgreSQL run")
    assert connection.vendor == "postgresql"


def test_cache_is_redis_when_ci_requires_it():
    if not os.environ.get("NEWSROOM_REQUIRE_REDIS"):
        pytest.skip("NEWSROOM_REQUIRE_REDIS is not set: this run is not the Redis run")
    from django.core.cache import caches

    cache = caches["default"]

    cache.set("newsroom-ci-probe", "ok", 10)
    assert cache.get("newsroom-ci-probe") == "ok"
    assert "redis" in type(cache).__module__


def site_url(**env):
    code = ("import os; os.environ['DJANGO_SETTINGS_MODULE']='newsroom.settings'; "
            "from django.conf import settings; print(settings.SITE_URL)")
    full_env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT")}
    full_env.update(env)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=full_env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_site_url_follows_the_port_the_server_runs_on():
    assert site_url(SITE_URL="", PORT="8106") == "http://127.0.0.1:8106"


def test_site_url_defaults_to_port_8000():
    assert site_url(SITE_URL="") == "http://127.0.0.1:8000"


def test_a_set_site_url_wins_over_the_port():
    assert site_url(SITE_URL="https://news.example.com/", PORT="8106") == \
        "https://news.example.com"


def test_make_run_passes_its_port_to_the_server_and_the_demo():
    result = subprocess.run(["make", "-n", "run", "PORT=8106"], cwd=ROOT, capture_output=True,
                            text=True)
    lines = result.stdout.splitlines()
    assert any(line.startswith("PORT=8106 ") and "gunicorn" in line and ":8106" in line
               for line in lines), result.stdout
    assert any(line.startswith("PORT=8106 ") and "load_demo" in line for line in lines)
