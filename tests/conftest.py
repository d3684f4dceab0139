import time

import pytest
from django.db import OperationalError


@pytest.fixture(scope="session", autouse=True)
def _own_file_cache(tmp_path_factory):
    """The default file cache, in a folder of this test run's (not the site's var/cache)."""
    from django.conf import settings
    from django.test import override_settings

    if settings.CACHES["default"]["BACKEND"] != "newsroom.filecache.FileCache":
        yield
        return
    location = str(tmp_path_factory.mktemp("cache"))
    with override_settings(CACHES={"default": {**settings.CACHES["default"], "LOCATION": location}}):
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Plain static storage (no collectstatic needed), media in a temp dir, fresh cache."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEMO_CREDENTIALS_FILE = tmp_path / "demo-credentials.txt"
    # The test client's login() authenticates without a request, which django-axes
    # refuses; tests/security/test_login_throttling.py turns it back on.
    settings.AXES_ENABLED = False
    from django.core.cache import cache

    from newsroom import faults

    faults._cache_failed_at = None  # an outage simulated by one test ends with it
    cache.clear()
    yield
    cache.clear()
    faults._cache_failed_at = None


@pytest.fixture
def run_tasks():
    """Run the queued tasks that are due, as the worker `make run` starts would."""
    from unittest import mock

    from django.core.management import call_command

    def run():
        # The worker closes connections not in autocommit between tasks, as after a
        # request; here that is the test's own transaction (PostgreSQL would lose it).
        # With a live server, the test database (SQLite's shared in-memory cache) may be
        # locked by a request the browser is still making: try again, as a worker's
        # next poll would.
        for attempt in range(50):
            try:
                with mock.patch(
                        "django_tasks_db.management.commands.db_worker.close_old_connections"):
                    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload",
                                 "--queue-name", "*", verbosity=0)
                return
            except OperationalError as error:
                if "locked" not in str(error) or attempt == 49:
                    raise
                time.sleep(0.1)

    return run


@pytest.fixture
def committed(django_capture_on_commit_callbacks, run_tasks):
    """`with committed():` runs what the block left for after commit, then the tasks
    that enqueued (mail goes out from the worker, never the request)."""
    from contextlib import contextmanager

    @contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        run_tasks()

    return block


@pytest.fixture
def client():
    """Django's test client, sending what every current browser sends with a request to
    the page's own site (`Sec-Fetch-Site`): comment posts without it are refused."""
    from django.test import Client

    return Client(headers={"Sec-Fetch-Site": "same-origin"})
