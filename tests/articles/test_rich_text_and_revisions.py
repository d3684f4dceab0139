"""The body editor, what the sanitiser lets through, and article revisions."""

import pytest
from lxml import html as lxml_html

from articles.models import AuditEntry
from newsroom.publishing import Status
from tests.factories import make_article

from .admin_forms import article_form_data, change_url

pytestmark = pytest.mark.django_db

HOSTILE_BODY = (
    '<p onclick="steal()">Hello <a href="javascript:alert(1)">click</a>'
    '<a href="https://example.org/" onmouseover="x()">ok</a></p>'
    "<script>alert(1)</script><style>body{display:none}</style>"
    '<iframe src="https://evil.example/"></iframe><marquee>old</marquee>'
    '<img src="x" onerror="alert(1)"><h2>Heading</h2><blockquote>Quote</blockquote>'
    '<ul><li>one</li></ul><figure><img src="https://example.org/a.jpg" alt="A">'
    "<figcaption>Cap</figcaption></figure>"
)


def test_admin_body_is_sanitised_on_save_whatever_is_posted(client, editor):
    article = make_article()
    client.force_login(editor)
    response = client.post(change_url(article), article_form_data(article, body=HOSTILE_BODY))
    assert response.status_code == 302
    article.refresh_from_db()
    for bad in [
        "<script",
        "<style",
        "<iframe",
        "<marquee",
        "javascript:",
        "onclick",
        "onmouseover",
        "onerror",
    ]:
        assert bad not in article.body, bad
    for kept in [
        "<h2>Heading</h2>",
        "<blockquote>Quote</blockquote>",
        "<li>one</li>",
        "<figcaption>Cap</figcaption>",
        'href="https://example.org/"',
    ]:
        assert kept in article.body, kept


def test_body_is_sanitised_even_when_saved_outside_the_admin():
    article = make_article(body=HOSTILE_BODY)
    assert "<script" not in article.body and "javascript:" not in article.body


def test_change_form_uses_the_rich_text_editor_with_local_assets_only(client, editor):
    client.force_login(editor)
    page = lxml_html.fromstring(client.get(change_url(make_article())).content)
    assert page.xpath(
        "//textarea[@name='body'][@*[starts-with(name(), 'data-django-prose-editor')]]"
    )
    assets = page.xpath("//script/@src | //link[@rel='stylesheet']/@href")
    assert any("django_prose_editor" in a for a in assets)
    assert not [a for a in assets if a.startswith(("http:", "https:", "//"))]


def test_prose_editor_assets_ship_with_the_project(client, editor):
    from django.conf import settings
    from django.contrib.staticfiles import finders

    client.force_login(editor)
    page = lxml_html.fromstring(client.get(change_url(make_article())).content)
    sources = [s for s in page.xpath("//script/@src") if "django_prose_editor" in s]
    assert sources
    for src in sources:
        assert finders.find(src.removeprefix(settings.STATIC_URL)), src


def test_every_save_keeps_a_revision_with_who_made_it(client, editor):
    article = make_article(headline="First")
    client.force_login(editor)
    client.post(change_url(article), article_form_data(article, headline="Second"))
    client.post(change_url(article), article_form_data(article, headline="Third"))
    headlines = [(r.headline, r.history_user) for r in article.history.order_by("history_date")]
    assert headlines == [("First", None), ("Second", editor), ("Third", editor)]


def test_editor_compares_two_versions(client, editor):
    article = make_article(headline="Old headline", body="<p>Tide is low.</p>")
    client.force_login(editor)
    client.post(
        change_url(article),
        article_form_data(article, headline="New headline", body="<p>Tide is high.</p>"),
    )
    older, newer = article.history.order_by("history_date")
    history = client.get(f"/admin/articles/article/{article.pk}/history/").content.decode()
    assert "Compare selected versions" in history
    response = client.get(
        f"/admin/articles/article/{article.pk}/history/compare/",
        {"a": older.history_id, "b": newer.history_id},
    )
    page = lxml_html.fromstring(response.content)
    rows = {
        r.xpath("string(th)"): r.xpath("string(td[1])") + "|" + r.xpath("string(td[2])")
        for r in page.xpath("//table[@class='revision-compare']/tbody/tr")
    }
    assert rows["Headline"] == "Old headline|New headline"
    assert "Tide is low." in rows["Body"] and "Tide is high." in rows["Body"]
    assert "Status" not in rows  # unchanged fields are not listed


def test_compare_with_bad_version_ids_is_a_clear_400(client, editor):
    article = make_article()
    client.force_login(editor)
    response = client.get(
        f"/admin/articles/article/{article.pk}/history/compare/", {"a": "x", "b": "99"}
    )
    assert response.status_code == 400
    assert "Choose two versions" in response.content.decode()


def test_editor_restores_an_old_version_and_it_is_audited(client, editor):
    article = make_article(headline="Right headline")
    client.force_login(editor)
    client.post(change_url(article), article_form_data(article, headline="Wrong headline"))
    old = article.history.order_by("history_date").first()
    url = f"/admin/articles/article/{article.pk}/history/{old.history_id}/"
    form_page = client.get(url).content.decode()
    assert "Right headline" in form_page
    response = client.post(url, article_form_data(article, headline="Right headline"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Right headline"
    assert AuditEntry.objects.filter(article=article, action="restore", actor=editor).exists()


def test_writer_cannot_restore_a_version_of_their_article_once_submitted(client, writer):
    article = make_article(authors=[writer.author], status=Status.DRAFT, headline="Draft one")
    article.status = Status.REVIEW
    article.save()
    old = article.history.order_by("history_date").first()
    client.force_login(writer)
    response = client.post(
        f"/admin/articles/article/{article.pk}/history/{old.history_id}/",
        article_form_data(article, status=Status.DRAFT),
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Status.REVIEW
