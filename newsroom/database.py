"""Keeping the database's query planner informed.

SQLite plans queries from the statistics ANALYZE gathers, and has none until it is
run: without them it walks an author's listing through the whole archive instead of
through that author's bylines. PostgreSQL keeps its own statistics (autovacuum).
"""

from django.db import connections


def analyze(using="default"):
    """Refresh the planner's statistics (SQLite: ANALYZE, bounded; PostgreSQL: ANALYZE)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Sample at most this many index rows per index: fast on any database size.
            cursor.execute("PRAGMA analysis_limit=2000")
        cursor.execute("ANALYZE")


def analyze_after_migrate(sender, using="default", **kwargs):
    analyze(using)
