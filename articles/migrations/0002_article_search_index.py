"""Full-text search index: a GIN index on PostgreSQL, an FTS5 table on SQLite.

Each half runs only on its own database; the other is a no-op.
"""

from django.db import migrations

from ._search_sql import PG_VECTOR


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX article_search_idx ON articles_article USING GIN (({PG_VECTOR}))"
        )
    elif connection.vendor == "sqlite":
        from html import unescape

        from django.utils.html import strip_tags

        schema_editor.execute(
            "CREATE VIRTUAL TABLE articles_article_fts USING fts5("
            "headline, standfirst, body, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        Article = apps.get_model("articles", "Article")
        for pk, headline, standfirst, body in Article.objects.values_list(
            "pk", "headline", "standfirst", "body"
        ).iterator():
            schema_editor.execute(
                "INSERT INTO articles_article_fts(rowid, headline, standfirst, body)"
                " VALUES (%s, %s, %s, %s)",
                [pk, headline, standfirst, " ".join(unescape(strip_tags(body)).split())],
            )


def drop_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_search_idx")
    elif connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS articles_article_fts")


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
