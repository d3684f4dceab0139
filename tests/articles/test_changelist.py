"""The article list editors live in: filters, search, bulk actions, bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html as lxml_html

from articles.models import Article, AuditEntry
from newsroom.publishing import Status
from tests.factories import make_article, make_author, make_comment, make_section, make_tag

pytestmark = pytest.mark.django_db

LIST = "/admin/articles/article/"


def test_filters_and_search_by_headline_and_body(client, editor):
    section, author = make_section(name="Sport"), make_author(name="Ravi Patel")
    hit = make_article(
        headline="Harbour plan",
        body="<p>Tide tables and quays.</p>",
        section=section,
        authors=[author],
        status=Status.REVIEW,
    )
    miss = make_article(headline="Budget vote")
    client.force_login(editor)
    for query in [
        {"q": "Harbour"},
        {"q": "quays"},
        {"status__exact": "review"},
        {"section__id__exact": section.pk},
        {"bylines__author__id__exact": author.pk},
    ]:
        html = client.get(LIST, query).content.decode()
        assert hit.headline in html and miss.headline not in html, query
    assert client.get(LIST, {"published_at__year": miss.published_at.year}).status_code == 200


def test_pending_comment_counts_per_article(client, editor):
    busy = make_article(headline="Busy story")
    for _ in range(3):
        make_comment(article=busy, status="pending")
    make_comment(article=busy, status="approved")
    client.force_login(editor)
    page = lxml_html.fromstring(client.get(LIST).content)
    row = page.xpath("//tr[.//a[text()='Busy story']]")[0]
    assert row.xpath("string(td[contains(@class,'field-pending_comments')])") == "3"


def test_list_runs_the_same_number_of_queries_for_5_or_40_articles(client, editor):
    tag = make_tag()
    for _ in range(5):
        make_comment(article=make_article(tags=[tag]), status="pending")
    client.force_login(editor)
    client.get(LIST)  # warm the session and content types

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries), [q["sql"] for q in queries]

    few, _ = count()
    for _ in range(35):
        make_comment(article=make_article(tags=[tag]), status="pending")
    many, sql = count()
    assert many == few
    # No unfiltered full-table count on every page load.
    assert sum("COUNT(*)" in q.upper() and "WHERE" not in q.upper() for q in sql) <= 1


def test_bulk_publish_asks_for_confirmation_before_touching_anything(client, editor):
    drafts = [make_article(status=Status.REVIEW, headline=f"Ready {i}") for i in range(2)]
    client.force_login(editor)
    ids = [a.pk for a in drafts]
    response = client.post(
        LIST, {"action": "publish_selected", "_selected_action": ids, "index": "0"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Yes, publish 2 articles" in html and "Ready 1" in html
    assert not Article.objects.published().exists()
    response = client.post(
        LIST, {"action": "publish_selected", "_selected_action": ids, "post": "yes"}
    )
    assert response.status_code == 302
    assert Article.objects.published().count() == 2
    assert AuditEntry.objects.filter(action="publish").count() == 2


@pytest.mark.parametrize(
    "action,field,expected",
    [
        ("unpublish_selected", "status", Status.DRAFT),
        ("feature_selected", "featured", True),
    ],
)
def test_bulk_unpublish_and_feature(client, editor, action, field, expected):
    article = make_article()
    client.force_login(editor)
    client.post(LIST, {"action": action, "_selected_action": [article.pk], "post": "yes"})
    article.refresh_from_db()
    assert getattr(article, field) == expected


def test_list_counts_at_most_a_capped_number_of_rows(client, editor, monkeypatch):
    from articles.admin import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "CAP", 3)
    for _ in range(5):
        make_article()
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        client.get(LIST)
    counts = [
        q["sql"]
        for q in queries
        if q["sql"].upper().startswith("SELECT COUNT(") and "articles_article" in q["sql"]
        and "= 'review'" not in q["sql"]  # the header's "in review" count, not the list's
    ]
    assert counts and all("LIMIT 3" in sql and "comments_comment" not in sql for sql in counts), (
        counts
    )
