"""PostgreSQL search: a stored tsvector column the database computes itself.

Ranking from the indexed expression recomputed every matching story's tsvector from
its text (seconds for a word found in most stories); a stored generated column is
computed once per write. The model does not declare it: PostgreSQL fills it on every
insert and update. SQLite keeps its FTS5 table (migration 0002); there this is a no-op.
"""

from django.db import migrations

from ._search_sql import PG_VECTOR


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS article_search_idx")
    schema_editor.execute(
        "ALTER TABLE articles_article ADD COLUMN search_vector tsvector"
        f" GENERATED ALWAYS AS ({PG_VECTOR}) STORED"
    )
    # Articles are written rarely and searched often: entries go straight into the
    # index (no pending list to scan on every search, nor to skew the planner's costs).
    schema_editor.execute(
        "CREATE INDEX article_search_idx ON articles_article USING GIN (search_vector)"
        " WITH (fastupdate = off)"
    )


def drop_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS article_search_idx")
    schema_editor.execute("ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute(
        f"CREATE INDEX article_search_idx ON articles_article USING GIN (({PG_VECTOR}))"
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_article_section_pub_idx")]

    operations = [migrations.RunPython(add_column, drop_column)]
