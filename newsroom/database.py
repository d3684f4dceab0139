"""Keeping the database's query planner informed.

SQLite plans queries from the statistics ANALYZE gathers, and has none until it is
run: without them it walks an author's listing through the whole archive instead of
through that author's bylines. PostgreSQL keeps its own statistics (autovacuum).
"""

from django.db import connections, transaction


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


def once_after_commit(name, update, flush):
    """Collect into one dict per transaction (`update(collected)`), and call
    `flush(collected)` once after that transaction commits (at once outside one).

    Nothing is flushed for a rolled-back transaction. Django replaces its list of
    commit hooks when a transaction (or a savepoint holding hooks) ends, so a batch
    belongs to the hook list it was registered with.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        collected = {}
        update(collected)
        flush(collected)
        return
    batches = connection.__dict__.setdefault("_newsroom_batches", {})
    hooks = connection.run_on_commit
    batch = batches.get(name)
    if batch is None or batch[0] is not hooks:
        batch = batches[name] = (hooks, {})
        transaction.on_commit(lambda collected=batch[1]: flush(collected))
    update(batch[1])
