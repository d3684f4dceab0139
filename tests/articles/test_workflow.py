"""Draft → in review → published (→ archived), scheduling, audit and corrections."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles import services
from articles.models import Article, AuditEntry
from newsroom.publishing import Status
from tests.factories import make_article

from .admin_forms import article_form_data, change_url


def news_article_ld(html):
    """The page's NewsArticle JSON-LD, parsed."""
    from lxml import html as lxml_html

    blocks = lxml_html.fromstring(html).xpath("//script[@type='application/ld+json']/text()")
    return next(d for d in map(json.loads, blocks) if d.get("@type") == "NewsArticle")

pytestmark = pytest.mark.django_db


def at(monkeypatch, moment):
    """Move the clock the publishing rule reads (as time passing would)."""
    monkeypatch.setattr("newsroom.publishing.timezone.now", lambda: moment)


def test_scheduled_article_appears_at_its_time_with_no_job(client, editor, monkeypatch):
    article = make_article(status=Status.DRAFT, headline="Budget embargo lifts")
    when = timezone.now() + timedelta(hours=2)
    services.article_schedule(article=article, user=editor, at=when)
    for url in ["/", article.section.get_absolute_url()]:
        assert "Budget embargo lifts" not in client.get(url).content.decode()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert list(Article.objects.scheduled()) == [article]

    at(monkeypatch, when + timedelta(seconds=1))
    assert client.get(article.get_absolute_url()).status_code == 200
    for url in ["/", article.section.get_absolute_url()]:
        assert "Budget embargo lifts" in client.get(url).content.decode()
    assert AuditEntry.objects.get(article=article).action == "schedule"


def test_schedule_refuses_a_time_in_the_past(editor):
    article = make_article(status=Status.DRAFT)
    with pytest.raises(ValidationError):
        services.article_schedule(
            article=article, user=editor, at=timezone.now() - timedelta(minutes=1)
        )


def test_editor_schedules_from_the_edit_form(client, editor):
    article = make_article(status=Status.REVIEW)
    when = timezone.localtime() + timedelta(days=1)
    client.force_login(editor)
    response = client.post(
        change_url(article),
        article_form_data(
            article, status=Status.PUBLISHED, published_at=when.replace(microsecond=0)
        ),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and not article.is_published
    entry = AuditEntry.objects.get(article=article)
    assert (entry.action, entry.actor) == ("schedule", editor)


def test_publish_and_unpublish_are_audited_with_who_and_when(client, editor):
    article = make_article(status=Status.REVIEW)
    services.article_publish(article=article, user=editor)
    assert article.is_published
    services.article_unpublish(article=article, user=editor)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    actions = list(
        AuditEntry.objects.filter(article=article)
        .order_by("at", "id")
        .values_list("action", "actor")
    )
    assert actions == [("publish", editor.pk), ("unpublish", editor.pk)]
    assert client.get(article.get_absolute_url()).status_code == 404


def test_writer_cannot_publish_through_the_service(writer):
    article = make_article(status=Status.DRAFT, authors=[writer.author])
    with pytest.raises(PermissionDenied):
        services.article_publish(article=article, user=writer)
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_archiving_in_the_form_takes_the_article_down_and_is_audited(client, editor):
    article = make_article()
    client.force_login(editor)
    client.post(change_url(article), article_form_data(article, status=Status.ARCHIVED))
    assert client.get(article.get_absolute_url()).status_code == 404
    assert AuditEntry.objects.get(article=article).action == "archive"


def test_deleting_is_audited_and_the_record_outlives_the_article(client, editor):
    article = make_article(headline="Doomed story")
    client.force_login(editor)
    response = client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="delete")
    assert (entry.article, entry.article_headline, entry.actor) == (None, "Doomed story", editor)
    html = client.get("/admin/articles/auditentry/").content.decode()
    assert "Doomed story" in html


def test_audit_log_is_read_only_and_for_editors(client, editor, writer):
    services.article_publish(article=make_article(status=Status.DRAFT), user=editor)
    client.force_login(writer)
    assert client.get("/admin/articles/auditentry/").status_code == 403
    client.force_login(editor)
    assert client.get("/admin/articles/auditentry/").status_code == 200
    entry = AuditEntry.objects.get()
    assert (
        client.post(f"/admin/articles/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_editor_adds_a_correction_readers_see_it_dated_with_date_modified(client, editor):
    article = make_article()
    client.force_login(editor)
    response = client.post(
        change_url(article),
        article_form_data(
            article, corrections=[("correction", "An earlier version misspelt the mayor's name.")]
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.noted_at is not None
    client.logout()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Updated <time" in html
    assert "misspelt the mayor&#x27;s name" in html
    assert news_article_ld(html)["dateModified"] == article.noted_at.isoformat()
    assert AuditEntry.objects.get(article=article).action == "correct"


def test_article_without_notes_says_no_update_and_date_modified_is_publish_time(client):
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Updated <time" not in html
    assert news_article_ld(html)["dateModified"] == article.published_at.isoformat()


def test_writer_cannot_add_corrections(writer):
    article = make_article(authors=[writer.author], status=Status.DRAFT)
    with pytest.raises(PermissionDenied):
        services.article_correct(article=article, user=writer, note="Sneaky note")
