"""The desk and the moderation queue stay quick with many articles and comments.

CI runs it with 2,000 of each; `NEWSROOM_ADMIN_SCALE=100000 make test
PYTEST_ARGS=tests/comments/test_desk_scale.py -s` checks the newsroom-sized case and
prints the timings and query counts.
"""

import os
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from tests.articles.test_admin_scale import bulk_articles
from tests.factories import make_user

pytestmark = pytest.mark.django_db

SCALE = int(os.environ.get("NEWSROOM_ADMIN_SCALE", "2000"))
DESK_QUERIES = 16  # session, user, counts, each role's lists: none grows with the data
QUEUE_QUERIES = 12


def bulk_comments(n):
    articles = list(Article.objects.values_list("pk", flat=True)[:500])
    now = timezone.now()
    for start in range(0, n, 5000):
        Comment.objects.bulk_create(
            [
                Comment(article_id=articles[i % len(articles)], author_name=f"Reader {i}",
                        author_email=f"r{i % 3000}@example.com", body=f"Comment {i}.",
                        status="pending", created_at=now - timezone.timedelta(seconds=i))
                for i in range(start, min(n, start + 5000))
            ],
            batch_size=1000,
        )


def measure(client, url):
    client.get(url)  # warm: the first request pays for imports and template loading
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, url
    print(f"{url}: {elapsed * 1000:.0f} ms, {len(queries)} queries")
    for query in sorted(queries, key=lambda q: -float(q["time"]))[:2]:
        print(f"   slowest: {float(query['time']) * 1000:.0f} ms {query['sql'][:160]}")
    return elapsed, len(queries)


def test_desk_and_queue_are_query_bounded_with_many_articles_and_comments(client):
    bulk_articles(SCALE)
    bulk_comments(SCALE)
    client.force_login(make_user(group="Editors"))  # editors see every panel and the queue
    elapsed, queries = measure(client, "/admin/")
    assert queries <= DESK_QUERIES and elapsed < 3.0
    elapsed, queries = measure(client, "/admin/comments/comment/")
    assert queries <= QUEUE_QUERIES and elapsed < 3.0
    elapsed, queries = measure(client, "/admin/comments/comment/?status__exact=pending")
    assert queries <= QUEUE_QUERIES and elapsed < 3.0
