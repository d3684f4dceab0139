"""A cache server that accepts connections but never answers.

Before short timeouts and the breaker, each page took about 20 s and a comment post
45 s. Now a request loses at most one short timeout before the page is rendered
without the cache, and rate limits still fail closed: the comment is held.
"""

import json
import socket
import time
from urllib.parse import urlencode

import pytest

from tests.security.live import LiveServer, free_port



@pytest.fixture
def silent_cache():
    """A TCP port that completes connections (the kernel's backlog) and never replies."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", free_port()))
    listener.listen(128)
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    listener.close()


@pytest.fixture
def server(tmp_path, silent_cache):
    server = LiveServer(tmp_path, workers=2, COMMENT_MIN_SECONDS="0")
    server.prepare()  # migrate and seed with a working cache
    server.env["CACHE_URL"] = silent_cache
    server.start()
    yield server
    server.stop()
    server.database.drop()


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_pages_are_served_without_a_silent_cache_after_one_short_timeout(server):
    timings = []
    for _ in range(10):
        (status, headers, _), seconds = timed(lambda: server.get("/articles/harbour-plan/"))
        assert status == 200
        timings.append(seconds)
    # Far from the 20 s a page used to take; the bounds are generous because the page
    # is rendered uncached on a machine that may be busy. The cost the cache adds is
    # pinned in-process below.
    assert max(timings) < 3.0, timings
    assert sorted(timings)[len(timings) // 2] < 1.0, timings


def test_a_comment_posted_while_the_cache_is_silent_is_held_not_published(server):
    status, _, body = server.get("/articles/harbour-plan/comments/token/")
    token = json.loads(body)["token"]
    form = {"name": "Ada", "email": "ada@example.com", "website": "",
            "comment": "Posted while the cache is silent.", "parent": "", "token": token}
    (status, _, _), seconds = timed(lambda: server.request(
        "POST", "/articles/harbour-plan/comments/", urlencode(form),
        {"Content-Type": "application/x-www-form-urlencoded", "Origin": server.base,
         "Sec-Fetch-Site": "same-origin"}))
    assert status in (302, 303)
    assert seconds < 2.0
    stored = json.loads(server.shell(
        "import json\nfrom comments.models import Comment\n"
        "print(json.dumps(list(Comment.objects.values_list('status', 'reason_codes'))))"
    ).strip().splitlines()[-1])
    assert stored == [["pending", "rate_limit_unavailable"]]


def test_a_silent_cache_costs_one_short_timeout_then_is_skipped(silent_cache):
    from django.conf import settings
    from django.core.cache.backends.redis import RedisCache

    from redis.backoff import NoBackoff
    from redis.retry import Retry

    from newsroom.faults import cache_call

    options = {**settings.CACHES["default"].get("OPTIONS", {})} \
        if settings.CACHES["default"]["BACKEND"].endswith("RedisCache") else {}
    options.update(socket_connect_timeout=settings.CACHE_TIMEOUT_SECONDS,
                   socket_timeout=settings.CACHE_TIMEOUT_SECONDS)
    options.setdefault("retry", Retry(NoBackoff(), 0))  # as settings.py sets for Redis
    silent = RedisCache(silent_cache, {"OPTIONS": options})
    missing = object()
    first, first_seconds = timed(lambda: cache_call(missing, silent.get, "page"))
    assert first is missing
    assert first_seconds < 0.25  # one 50 ms timeout
    later = [timed(lambda: cache_call(missing, silent.get, "page"))[1] for _ in range(20)]
    assert max(later) < 0.01  # skipped for CACHE_RETRY_SECONDS: no wait at all
