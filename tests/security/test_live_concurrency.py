"""500 comments from 50 concurrent browsers against gunicorn: nothing lost, nothing doubled.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL points there (the
PostgreSQL CI run). Part of `make test-long`.
"""

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from .live import LiveServer

pytestmark = pytest.mark.long

CLIENTS = 50
POSTS_PER_CLIENT = 10
REFUSALS = {429, 503}


@pytest.fixture
def server(tmp_path):
    server = LiveServer(tmp_path, workers=4).prepare().start()
    yield server
    server.stop()
    server.database.drop()


def browse_and_comment(server, client_no):
    """One reader: load the article, read the form's token, post; repeat."""
    results = []
    for n in range(POSTS_PER_CLIENT):
        token = server.comment_form()
        body = f"Comment {n} from reader {client_no}: the harbour plan needs a second look."
        status, headers, _ = server.post_comment(
            token, name=f"Reader {client_no}", email=f"reader{client_no}@example.com", comment=body)
        results.append((body, status, headers))
    return results


def test_500_concurrent_comments_are_each_stored_exactly_once(server):
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = [r for rs in pool.map(lambda c: browse_and_comment(server, c), range(CLIENTS))
                   for r in rs]
    elapsed = time.monotonic() - started
    statuses = Counter(status for _, status, _ in results)
    print(f"\n{len(results)} posts from {CLIENTS} clients in {elapsed:.1f}s: {dict(statuses)}")

    assert len(results) == CLIENTS * POSTS_PER_CLIENT
    assert set(statuses) <= {303} | REFUSALS, statuses
    for _, status, headers in results:
        if status in REFUSALS:
            assert int(headers["Retry-After"]) > 0
    accepted = [body for body, status, _ in results if status == 303]
    refused = [body for body, status, _ in results if status in REFUSALS]
    stored = Counter(body for body, _, _ in server.stored_comments())
    assert all(count == 1 for count in stored.values()), "a comment was stored twice"
    assert set(stored) == set(accepted)
    assert not set(refused) & set(stored)
    print(f"stored {len(stored)} of {len(accepted)} accepted; refused {len(refused)}")


def test_a_resubmitted_form_creates_one_comment_even_when_sent_concurrently(server):
    token = server.comment_form()

    def submit(_):
        return server.post_comment(token, name="Ada", email="ada@example.com",
                                   comment="Sent twice by an impatient double click.")[0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(submit, range(8)))
    assert set(statuses) <= {303} | REFUSALS, statuses
    assert 303 in statuses
    bodies = [body for body, _, _ in server.stored_comments()]
    assert bodies.count("Sent twice by an impatient double click.") == 1
