"""The query planner's statistics are refreshed by migrate and on demand."""

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db


def planner_knows_bylines():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'articles_byline'")
        else:
            cursor.execute("SELECT COUNT(*) FROM pg_stats WHERE tablename = 'articles_byline'")
        return cursor.fetchone()[0] > 0


def test_analyze_database_gives_the_planner_statistics_of_the_content():
    author = make_author()
    for _ in range(5):
        make_article(authors=[author])
    call_command("analyze_database", stdout=open("/dev/null", "w"))
    assert planner_knows_bylines()
