"""Site search: ranked full-text matches with highlighted snippets.

PostgreSQL uses a stored, GIN-indexed tsvector column it computes itself (migration
0006); SQLite uses an FTS5 table of plain text kept in step by signals (migration
0002). Both rank at most MAX_RESULTS matches in one query and mark up snippets only
for the page shown. Both go through `Article.objects.published()`, so search never finds what
readers may not see.
"""

import re

from django.db import connection
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from newsroom.prepared import EXAMPLE_TIME, prepared

from .models import Article, published_teasers

MAX_QUERY_LENGTH = 200
# How many of the most recently added matches are ranked (and can be paged through).
MAX_RESULTS = 1000
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
    """Published articles matching `query`, best first: (ranked ids, more_exist).

    Ranking every match of a word found in nearly every story costs time in proportion
    to the archive, so only the MAX_RESULTS most recently added matches are ranked (all
    of them, for any query matching fewer); `more_exist` says when there were more.
    """
    words = terms(query)
    if not words:
        return [], False
    if connection.vendor == "postgresql":
        matches, value = POSTGRES_MATCHES, query
    else:
        matches, value = SQLITE_MATCHES, fts_match(words)
    # The database puts them best first, among equals the newest first, and hands back
    # plain rows: converting a thousand dates in Python cost more than the search.
    rows = matches.around(RANKED, value, timezone.now())
    more = len(rows) > MAX_RESULTS
    if more:  # ranked among the MAX_RESULTS newest (highest ids) only
        newest = set(sorted((row[0] for row in rows), reverse=True)[:MAX_RESULTS])
        rows = [row for row in rows if row[0] in newest]
    return [row[0] for row in rows], more


def results(ids, query):
    """The articles with these ids, in this order, ready for the results page."""
    found = published_teasers(ids)
    return decorate([found[pk] for pk in ids if pk in found], query)


def _matches_postgres(query, now):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField

    # The stored, GIN-indexed tsvector column migration 0006 adds (PostgreSQL only).
    vector = RawSQL("articles_article.search_vector", [], output_field=SearchVectorField())
    tsquery = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    return (
        Article.objects.published(now)
        .annotate(search_vector=vector)
        .filter(search_vector=tsquery)
        .annotate(rank=SearchRank(F("search_vector"), tsquery))
        .order_by("-id")
        .values_list("pk", "rank", "published_at")
    )[: MAX_RESULTS + 1]


def fts_match(words):
    """An FTS5 query for `words`, each quoted so its syntax characters lose their meaning.

    No prefix queries: FTS5 merges a prefix's doclists across the whole archive before
    it can rank anything, and the porter stemmer already finds "election" for "elect".
    """
    return " ".join(f'"{word}"' for word in words)


def _matches_sqlite(match, now):
    # Joined with the FTS5 table so bm25() scores each match in the same pass, newest
    # first so the limit stops the walk; snippets are made for the shown page only.
    return (
        Article.objects.published(now)
        .extra(
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE} MATCH %s", f"{FTS_TABLE}.rowid = articles_article.id"],
            params=[match],
            # bm25 is lower-is-better; weight headline over standfirst over body.
            select={"rank": f"-bm25({FTS_TABLE}, 10.0, 4.0, 1.0)"},
            order_by=[f"-{FTS_TABLE}.rowid"],
        )
        .values_list("pk", "rank", "published_at")
    )[: MAX_RESULTS + 1]


# Every search runs one of these two shapes: compiled once per process. Both give
# (id, rank, published_at) rows, newest first; RANKED orders their ids best first
# (the ids alone: SQLite's driver would turn every date back into a datetime).
RANKED = ("WITH matched(id, rank, published) AS ({rows})"
          " SELECT id FROM matched ORDER BY rank DESC, published DESC, id DESC")
POSTGRES_MATCHES = prepared(_matches_postgres, "example words", EXAMPLE_TIME)
SQLITE_MATCHES = prepared(_matches_sqlite, '"example"', EXAMPLE_TIME)


def _marked_postgres(query, ids):
    from django.contrib.postgres.search import SearchHeadline, SearchQuery

    tsquery = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    marks = {"start_sel": START, "stop_sel": STOP, "config": SEARCH_CONFIG}
    rows = Article.objects.filter(pk__in=ids).annotate(
        headline_marked=SearchHeadline("headline", tsquery, highlight_all=True, **marks),
        standfirst_marked=SearchHeadline("standfirst", tsquery, highlight_all=True, **marks),
        snippet_marked=SearchHeadline(
            F("body"), tsquery, max_fragments=2, max_words=30, min_words=12,
            fragment_delimiter=" … ", **marks,
        ),
    ).values_list("pk", "headline_marked", "standfirst_marked", "snippet_marked")
    return {pk: marked for pk, *marked in rows}


def _marked_sqlite(query, ids):
    # FTS5 seeks on a rowid range but not on a list of rowids, so walk the range the
    # shown rows span and mark up only those (the CASE skips the others' snippets).
    marks = f"'{START}', '{STOP}'"
    wanted = ", ".join(["%s"] * len(ids))
    columns = [
        f"highlight({FTS_TABLE}, 0, {marks})",
        f"highlight({FTS_TABLE}, 1, {marks})",
        f"snippet({FTS_TABLE}, 2, {marks}, ' … ', 24)",
    ]
    only = ", ".join(f"CASE WHEN rowid IN ({wanted}) THEN {column} END" for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, {only} FROM {FTS_TABLE}"
            f" WHERE {FTS_TABLE} MATCH %s AND rowid BETWEEN %s AND %s",
            [*ids, *ids, *ids, fts_match(terms(query)), min(ids), max(ids)],
        )
        shown = set(ids)
        return {pk: marked for pk, *marked in cursor.fetchall() if pk in shown}


def decorate(articles, query):
    """Give each result of `query` safe `headline_hl` and `snippet` HTML (one query)."""
    articles = list(articles)
    if not articles or not terms(query):
        return articles
    marking = _marked_postgres if connection.vendor == "postgresql" else _marked_sqlite
    marked = marking(query, [article.pk for article in articles])
    for article in articles:
        headline, standfirst, body = marked.get(article.pk, (None, None, None))
        article.headline_hl = highlight(headline or article.headline)
        # PostgreSQL snippets come from the HTML body: drop its tags before escaping.
        body = strip_tags(body or "")
        standfirst = standfirst or article.standfirst
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


def rebuild_index(batch=2_000):
    """Refill the FTS5 table from every article (after bulk edits that skip signals)."""
    if not _fts_available():
        return 0
    articles = Article.objects.order_by("pk").values_list("pk", "headline", "standfirst", "body")
    count, last = 0, 0
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
        # A batch at a time by id, with no read left open while the index is written.
        while chunk := list(articles.filter(pk__gt=last)[:batch]):
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE}(rowid, headline, standfirst, body) VALUES (%s, %s, %s, %s)",
                [(pk, headline, standfirst, plain_text(body))
                 for pk, headline, standfirst, body in chunk],
            )
            count, last = count + len(chunk), chunk[-1][0]
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
