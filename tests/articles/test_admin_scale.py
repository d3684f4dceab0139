"""The article list stays quick with many articles: bounded queries, no full count.

CI runs it with 2,000 articles; `NEWSROOM_ADMIN_SCALE=100000 make test
PYTEST_ARGS=tests/articles/test_admin_scale.py` checks the newsroom-sized case.
"""

import os
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Byline
from newsroom.publishing import Status
from tests.factories import make_author, make_section

pytestmark = pytest.mark.django_db

ARTICLES = int(os.environ.get("NEWSROOM_ADMIN_SCALE", "2000"))
PAGES = [
    "/admin/articles/article/",
    "/admin/articles/article/?status__exact=published",
    "/admin/articles/article/?q=Headline+1999",
    "/admin/articles/article/?o=-7",  # ordered by pending comments
    "/admin/articles/article/?p=3",
]


def bulk_articles(n):
    sections = [make_section() for _ in range(5)]
    authors = [make_author() for _ in range(20)]
    now = timezone.now()
    statuses = [Status.PUBLISHED] * 8 + [Status.DRAFT, Status.REVIEW]
    for start in range(0, n, 5000):
        batch = [
            Article(
                headline=f"Headline {i}",
                slug=f"headline-{i}",
                standfirst="S.",
                body=f"<p>Body {i}</p>",
                section=sections[i % 5],
                status=statuses[i % 10],
                published_at=now - timedelta(minutes=i)
                if statuses[i % 10] == Status.PUBLISHED
                else None,
            )
            for i in range(start, min(n, start + 5000))
        ]
        Article.objects.bulk_create(
            batch, batch_size=1000
        )  # no save(): no history rows needed here
    Byline.objects.bulk_create(
        [
            Byline(article_id=pk, author=authors[pk % 20])
            for pk in Article.objects.values_list("pk", flat=True)
        ],
        batch_size=5000,
    )


def test_article_list_is_quick_and_query_bounded_with_many_articles(client, editor):
    bulk_articles(ARTICLES)
    client.force_login(editor)
    client.get(PAGES[0])
    for url in PAGES:
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, url
        assert len(queries) <= 12, (url, [q["sql"][:120] for q in queries])
        print(f"{url}: {elapsed * 1000:.0f} ms, {len(queries)} queries")
        assert elapsed < 2.0, (url, elapsed)
