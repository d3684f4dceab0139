"""Site search: ranked full-text matches with highlighted snippets.

PostgreSQL uses a GIN-indexed tsvector expression (migration 0002); SQLite uses an
FTS5 table of plain text kept in step by signals (migration 0003). Both go through
`Article.objects.published()`, so search never finds what readers may not see.
"""

import re

from django.db import connection
from django.db.models import F, FloatField, TextField
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from .models import Article

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# Private-use characters mark matches inside snippets: they never occur in our text,
# so escaping the snippet first and turning markers into <mark> afterwards is safe.
START, STOP = "\ue000", "\ue001"
FTS_TABLE = "articles_article_fts"
SEARCH_CONFIG = "english"
_WORD = re.compile(r"\w+", re.UNICODE)


def clean_query(raw):
    """Trim whatever a reader typed to something searchable ('' when nothing is)."""
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def terms(query):
    return _WORD.findall(query.lower())[:MAX_TERMS]


def highlight(text):
    """Escape `text` and turn the match markers into <mark> elements."""
    text = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(text)


def search(query):
    """Published articles matching `query`, best first, with `headline_hl` and `snippet`."""
    words = terms(query)
    if not words:
        return Article.objects.none()
    if connection.vendor == "postgresql":
        return _search_postgres(query)
    return _search_sqlite(words)


def _search_postgres(query):
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVector,
    )

    # Must stay the very expression migration 0002 indexes, or the index goes unused.
    vector = (
        SearchVector("headline", weight="A", config=SEARCH_CONFIG)
        + SearchVector("standfirst", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )
    tsquery = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    marks = {"start_sel": START, "stop_sel": STOP}
    return (
        Article.objects.published()
        .for_listing()
        .annotate(search_vector=vector)
        .filter(search_vector=tsquery)
        .annotate(
            rank=SearchRank(vector, tsquery),
            headline_marked=SearchHeadline(
                "headline", tsquery, config=SEARCH_CONFIG, highlight_all=True, **marks
            ),
            standfirst_marked=SearchHeadline(
                "standfirst", tsquery, config=SEARCH_CONFIG, highlight_all=True, **marks
            ),
            snippet_marked=SearchHeadline(
                F("body"),
                tsquery,
                config=SEARCH_CONFIG,
                max_fragments=2,
                max_words=30,
                min_words=12,
                fragment_delimiter=" … ",
                **marks,
            ),
        )
        .order_by("-rank", "-published_at", "-id")
    )


def _search_sqlite(words):
    # Every word quoted (FTS5 syntax characters lose their meaning), the last one a prefix
    # so "elect" finds "election" while the reader is still typing.
    match = " ".join(f'"{word}"' for word in words[:-1]) + f' "{words[-1]}"*'
    where = f"{FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid = articles_article.id"

    def fts(expression, output_field):
        sql = f"(SELECT {expression} FROM {FTS_TABLE} WHERE {where})"
        return RawSQL(sql, [match], output_field=output_field)

    matching = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])
    return (
        Article.objects.published()
        .for_listing()
        .filter(id__in=matching)
        .annotate(
            # bm25 is lower-is-better; weight headline over standfirst over body.
            rank=fts(f"-bm25({FTS_TABLE}, 10.0, 4.0, 1.0)", FloatField()),
            headline_marked=fts(f"highlight({FTS_TABLE}, 0, '{START}', '{STOP}')", TextField()),
            standfirst_marked=fts(f"highlight({FTS_TABLE}, 1, '{START}', '{STOP}')", TextField()),
            snippet_marked=fts(
                f"snippet({FTS_TABLE}, 2, '{START}', '{STOP}', ' … ', 24)", TextField()
            ),
        )
        .order_by("-rank", "-published_at", "-id")
    )


def decorate(articles):
    """Give each result safe `headline_hl` and `snippet` HTML for the template."""
    for article in articles:
        article.headline_hl = highlight(article.headline_marked or article.headline)
        # PostgreSQL snippets come from the HTML body: drop its tags before escaping.
        body = strip_tags(article.snippet_marked or "")
        standfirst = article.standfirst_marked or article.standfirst
        # Show the body's matching passage, or the standfirst when only that matched.
        article.snippet = highlight(
            body if START in body or START not in standfirst else standfirst
        )
    return articles


# --- SQLite FTS5 index upkeep -------------------------------------------------------


def _fts_available():
    return connection.vendor == "sqlite"


def index_article(article):
    if not _fts_available():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [article.pk])
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, headline, standfirst, body) VALUES (%s, %s, %s, %s)",
            [article.pk, article.headline, article.standfirst, plain_text(article.body)],
        )


def rebuild_index():
    """Refill the FTS5 table from every article (after bulk edits that skip signals)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
    count = 0
    for article in Article.objects.only("pk", "headline", "standfirst", "body").iterator():
        index_article(article)
        count += 1
    return count


def plain_text(html):
    """Body text as a reader sees it: tags gone, entities decoded."""
    from html import unescape

    return " ".join(unescape(strip_tags(html)).split())


@receiver(post_save, sender=Article, dispatch_uid="articles-search-index")
def _index_on_save(sender, instance, raw=False, **kwargs):
    index_article(instance)


@receiver(post_delete, sender=Article, dispatch_uid="articles-search-unindex")
def _unindex_on_delete(sender, instance, **kwargs):
    if _fts_available():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [instance.pk])
