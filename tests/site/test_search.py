"""Site search: ranked, highlighted, published-only, calm with any input."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from lxml import html as lxml_html

from newsroom.publishing import Status
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def results(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    doc = lxml_html.fromstring(response.content)
    return response, doc, [h.text_content() for h in doc.cssselect("main .teaser-headline")]


def test_search_finds_words_in_headline_standfirst_and_body(client):
    make_article(headline="Harbour plan approved")
    make_article(standfirst="The harbour will grow.")
    make_article(body="<p>Boats filled the <em>harbour</em> at dawn.</p>")
    make_article(headline="Nothing to see")
    _, _, found = results(client, "harbour")
    assert len(found) == 3
    assert "Nothing to see" not in found


def test_headline_matches_rank_above_body_matches(client):
    make_article(headline="Budget talks stall", body="<p>Ministers met.</p>")
    make_article(headline="Weather report", body="<p>Rain, then the budget was mentioned once.</p>")
    _, _, found = results(client, "budget")
    assert found[0] == "Budget talks stall"


def test_matches_are_highlighted_with_mark(client):
    make_article(headline="Election results are in", body="<p>The election was close.</p>")
    _, doc, _ = results(client, "election")
    marks = [m.text_content().lower() for m in doc.cssselect("main mark")]
    assert "election" in marks
    snippet = doc.cssselect("main .snippet")[0].text_content()
    assert "election was close" in snippet.lower()


def test_search_stems_words(client):
    make_article(headline="Councillors voted against the plan")
    _, _, found = results(client, "voting")
    assert found == ["Councillors voted against the plan"]


def test_search_never_finds_drafts_or_scheduled_articles(client):
    make_article(headline="Secret draft harbour", status=Status.DRAFT)
    make_article(headline="Future harbour", published_at=timezone.now() + timedelta(days=1))
    make_article(headline="Public harbour")
    _, _, found = results(client, "harbour")
    assert found == ["Public harbour"]


@pytest.mark.django_db(transaction=True)  # cached result pages are purged after commit
def test_search_index_follows_edits_and_deletes(client):
    article = make_article(headline="Old words")
    article.headline = "Fresh lighthouse news"
    article.save()
    assert results(client, "lighthouse")[2] == ["Fresh lighthouse news"]
    assert results(client, "old")[2] == []
    article.delete()
    assert results(client, "lighthouse")[2] == []


def test_body_markup_is_not_searchable_or_shown(client):
    make_article(headline="Link story", body='<p>See <a href="https://example.com/x">this</a>.</p>')
    _, doc, found = results(client, "href")
    assert found == []
    _, doc, _ = results(client, "link story")
    assert "<a" not in doc.cssselect("main .snippet")[0].text_content()


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "'",
        "*",
        "AND",
        "NOT OR NEAR(",
        "-",
        ":",
        "() {} []",
        "%",
        "\\",
        "<script>alert(1)</script>",
        "ü ñ 日本",
        "a" * 3900,  # longer URLs get the site's 414 page (tests/site/test_smaller_points.py)
        "harbour " * 300,
        "\u0000",
        "NEAR/2",
        "^col:x",
    ],
)
def test_odd_queries_get_a_calm_page(client, q):
    make_article(headline="Harbour news")
    response, doc, _ = results(client, q)
    assert b"<script>alert(1)</script>" not in response.content


def test_empty_query_shows_a_prompt_not_results(client):
    make_article()
    _, doc, found = results(client, "   ")
    assert found == []
    assert "Type a word or two" in doc.text_content()


def test_no_results_says_so(client):
    _, doc, _ = results(client, "zebra")
    assert "0 results" in doc.text_content()
    assert "No stories match" in doc.text_content()


def test_long_query_is_trimmed_with_a_notice(client):
    _, doc, _ = results(client, "word " * 100)
    assert "first 200 characters" in doc.text_content()


def test_search_results_paginate_and_keep_the_query(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    for n in range(5):
        make_article(headline=f"Ferry story {n}")
    response, doc, found = results(client, "ferry", page="2")
    assert len(found) == 2
    assert doc.cssselect('a[rel="next"]')[0].get("href") == "?q=ferry&page=3"
    assert results(client, "ferry", page="999")[2] == results(client, "ferry", page="3")[2]


def test_a_very_common_word_ranks_the_newest_matches_and_says_there_are_more(
    client, monkeypatch
):
    from articles import search

    monkeypatch.setattr(search, "MAX_RESULTS", 3)
    oldest = make_article(headline="Storm storm storm warning")  # the best match, but oldest
    for n in range(4):
        make_article(headline=f"Storm story {n}", body="<p>A storm passed.</p>")
    response, doc, found = results(client, "storm")
    assert found == ["Storm story 3", "Storm story 2", "Storm story 1"]
    assert oldest.headline not in found
    status = doc.cssselect(".result-count")[0].text_content()
    assert status == "More than 3 results for “storm”: the best matches among the 3 newest."


def test_search_page_is_public_and_not_indexed(client):
    response, doc, _ = results(client, "harbour")
    assert "public" in response["Cache-Control"]
    assert "csrftoken" not in response.cookies
    assert doc.cssselect('meta[name="robots"]')[0].get("content") == "noindex, follow"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL index check")
def test_postgres_search_uses_the_gin_index():
    from articles.models import Article
    from articles.search import search

    # Enough published rows that scanning them all costs more than the index lookup.
    first = make_article(headline="Indexed lighthouse")
    Article.objects.bulk_create(
        Article(
            headline=f"Story {n}",
            slug=f"story-{n}",
            standfirst="Words.",
            body="<p>Text.</p>",
            section=first.section,
            status=Status.PUBLISHED,
            published_at=first.published_at,
        )
        for n in range(2000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
        # Scanning a few thousand stored vectors, or walking the primary key newest
        # first, may rightly beat the index here; what this checks is that search
        # queries can use it at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    from django.utils import timezone

    from articles.search import _matches_postgres

    plan = _matches_postgres("lighthouse", timezone.now()).explain()
    assert "article_search_idx" in plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
@pytest.mark.django_db(transaction=True)  # cached result pages are purged after commit
def test_rebuild_command_indexes_articles_saved_without_signals(client):
    from io import StringIO

    from django.core.management import call_command

    from articles.models import Article

    article = make_article(headline="Before")
    Article.objects.filter(pk=article.pk).update(headline="Quietly renamed lighthouse")
    assert results(client, "lighthouse")[2] == []
    call_command("rebuild_search_index", stdout=StringIO())
    assert results(client, "lighthouse")[2] == ["Quietly renamed lighthouse"]
