"""Every change to an article (edit form, bulk action, service) takes one saving path:
the same role rule, the same audit entry for the same transition, the same old-address
redirect."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles import services
from articles.models import Article, ArticleRedirect, AuditEntry
from newsroom.publishing import Status
from tests.factories import make_article

from .admin_forms import article_form_data, change_url

pytestmark = pytest.mark.django_db


def audit_of(article):
    return list(
        AuditEntry.objects.filter(article=article).order_by("at", "id").values_list(
            "action", "detail"
        )
    )


@pytest.mark.parametrize(
    ("before", "change", "audited"),
    [
        (Status.DRAFT, {"status": Status.REVIEW}, ["submit"]),
        (Status.REVIEW, {"status": Status.PUBLISHED}, ["publish"]),
        (Status.PUBLISHED, {"status": Status.ARCHIVED}, ["archive"]),
        (Status.PUBLISHED, {"status": Status.DRAFT}, ["unpublish"]),
        (Status.PUBLISHED, {"headline": "A sharper headline"}, []),
        (Status.REVIEW, {"headline": "Tidied while in review"}, []),
    ],
    ids=["submit", "publish", "archive", "unpublish", "edit-live", "edit-in-review"],
)
def test_a_save_audits_exactly_the_status_transition_it_makes(editor, before, change, audited):
    article = make_article(status=before)
    for field, value in change.items():
        setattr(article, field, value)
    services.article_save(article=article, user=editor)
    assert [action for action, _ in audit_of(article)] == audited


def test_the_form_and_the_service_record_a_schedule_the_same_way(client, editor):
    when = (timezone.localtime() + timedelta(days=1)).replace(microsecond=0)
    by_form, by_service = make_article(status=Status.REVIEW), make_article(status=Status.REVIEW)
    client.force_login(editor)
    response = client.post(
        change_url(by_form), article_form_data(by_form, status=Status.PUBLISHED, published_at=when)
    )
    assert response.status_code == 302
    services.article_schedule(article=by_service, user=editor, at=when)
    assert audit_of(by_form) == audit_of(by_service)
    assert audit_of(by_form)[0][0] == "schedule"


def test_the_form_and_the_bulk_action_record_a_publish_the_same_way(client, editor):
    by_form, by_action = make_article(status=Status.REVIEW), make_article(status=Status.REVIEW)
    client.force_login(editor)
    client.post(change_url(by_form), article_form_data(by_form, status=Status.PUBLISHED))
    client.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [by_action.pk], "post": "yes",
         "index": "0"},
    )
    assert audit_of(by_form) == audit_of(by_action) == [("publish", "")]


@pytest.mark.parametrize(
    "change",
    [{"status": Status.PUBLISHED}, {"status": Status.ARCHIVED}, {"featured": True}],
    ids=["publish", "archive", "feature"],
)
def test_a_writer_cannot_publish_or_feature_by_saving_through_the_service(writer, change):
    article = make_article(status=Status.DRAFT, authors=[writer.author])
    for field, value in change.items():
        setattr(article, field, value)
    with pytest.raises(PermissionDenied):
        services.article_save(article=article, user=writer)
    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.featured) == (Status.DRAFT, False)
    assert audit_of(article) == []


def test_a_writer_cannot_change_their_article_once_it_is_in_review(writer):
    article = make_article(status=Status.REVIEW, authors=[writer.author])
    article.headline = "Sneaked in after submitting"
    with pytest.raises(PermissionDenied):
        services.article_save(article=article, user=writer)
    assert Article.objects.get(pk=article.pk).headline != "Sneaked in after submitting"


def test_a_writer_saves_their_draft_then_submits_it(writer):
    article = make_article(status=Status.DRAFT, authors=[writer.author])
    article.headline = "Second draft"
    services.article_save(article=article, user=writer)
    services.article_submit(article=article, user=writer)
    assert Article.objects.get(pk=article.pk).status == Status.REVIEW
    assert [action for action, _ in audit_of(article)] == ["submit"]


def test_only_a_published_articles_old_slug_is_kept(editor):
    live, draft = make_article(slug="live-before"), make_article(slug="draft-before",
                                                                 status=Status.DRAFT)
    for article in (live, draft):
        article.slug = article.slug.replace("before", "after")
        services.article_save(article=article, user=editor)
    assert list(ArticleRedirect.objects.values_list("old_slug", "article")) == [
        ("live-before", live.pk)
    ]
