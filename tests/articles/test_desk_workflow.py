"""What waits, for whom: statuses at a glance, withdrawing, mail to editors, the desk."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import html as lxml_html

from articles import services
from articles.models import Article, AuditEntry
from newsroom.publishing import Status
from tests.factories import make_article, make_comment, make_user

from .admin_forms import article_form_data, change_url

pytestmark = pytest.mark.django_db

LIST = "/admin/articles/article/"


def listed(client, **params):
    page = lxml_html.fromstring(client.get(LIST, params).content)
    rows = page.xpath("//table[@id='result_list']/tbody/tr")
    return [" ".join(r.text_content().split()) for r in rows]


def test_a_scheduled_article_reads_scheduled_with_its_time(client, editor):
    when = timezone.now() + timedelta(days=2)
    make_article(headline="Tomorrow's story", published_at=when)
    client.force_login(editor)
    (row,) = listed(client)
    assert f"Scheduled for {timezone.localtime(when):%d %b %Y, %H:%M}" in row


def test_the_status_filter_tells_scheduled_from_published(client, editor):
    make_article(headline="Later", published_at=timezone.now() + timedelta(days=1))
    make_article(headline="Live now")
    client.force_login(editor)
    (scheduled,) = listed(client, desk="scheduled")
    (published,) = listed(client, desk="published")
    assert "Later" in scheduled and "Live now" in published


def test_a_writer_withdraws_their_article_from_review(client, writer):
    article = make_article(status=Status.REVIEW, authors=[writer.author])
    client.force_login(writer)
    assert "Withdraw from review" in client.get(change_url(article)).content.decode()
    response = client.post(f"{LIST}{article.pk}/withdraw/")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert AuditEntry.objects.get().action == "withdraw"


def test_a_writer_cannot_withdraw_someone_elses_article(client, writer, other_writer):
    article = make_article(status=Status.REVIEW, authors=[other_writer.author])
    client.force_login(writer)
    assert client.post(f"{LIST}{article.pk}/withdraw/").status_code == 404
    article.refresh_from_db()
    assert article.status == Status.REVIEW


def test_withdrawing_needs_a_post(client, writer):
    article = make_article(status=Status.REVIEW, authors=[writer.author])
    client.force_login(writer)
    assert client.get(f"{LIST}{article.pk}/withdraw/").status_code == 405


def test_editors_get_one_mail_when_an_article_is_submitted(
        client, writer, committed):
    make_user(group="Editors", email="desk@newsroom.example")
    article = make_article(status=Status.DRAFT, authors=[writer.author], headline="Harbour plan")
    client.force_login(writer)
    with committed():
        response = client.post(change_url(article), article_form_data(article, status="review"))
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["desk@newsroom.example"]
    assert "Harbour plan" in message.body and "?desk=review" in message.body


def test_submissions_close_together_share_the_next_mail(writer, settings,
                                                         committed):
    settings.REVIEW_DIGEST_INTERVAL = 600
    make_user(group="Editors", email="desk@newsroom.example")
    for n in range(3):
        article = make_article(status=Status.DRAFT, authors=[writer.author])
        with committed():
            services.article_submit(article=article, user=writer)
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="submit", editors_notified_at=None).count() == 2


def test_the_header_counts_articles_in_review_and_comments_waiting(client, editor):
    make_article(status=Status.REVIEW)
    make_comment(status="pending")
    make_comment(status="pending")
    client.force_login(editor)
    nav = lxml_html.fromstring(client.get("/admin/").content).xpath("//nav[@class='desk-nav']")
    text = " ".join(nav[0].text_content().split())
    assert "1 in review" in text and "2 comments waiting" in text


def test_the_writers_desk_lists_their_drafts_and_what_is_in_review(client, writer, other_writer):
    make_article(status=Status.DRAFT, authors=[writer.author], headline="My draft")
    make_article(status=Status.REVIEW, authors=[writer.author], headline="Mine in review")
    make_article(status=Status.DRAFT, authors=[other_writer.author], headline="Not mine")
    client.force_login(writer)
    page = client.get("/admin/").content.decode()
    assert "My draft" in page and "Mine in review" in page and "Not mine" not in page


def test_the_editors_desk_lists_review_oldest_first_and_what_is_scheduled(client, editor):
    older = make_article(status=Status.REVIEW, headline="Waiting longest")
    Article.objects.filter(pk=older.pk).update(saved_at=timezone.now() - timedelta(days=1))
    make_article(status=Status.REVIEW, headline="Just in")
    make_article(headline="Going out tomorrow", published_at=timezone.now() + timedelta(days=1))
    client.force_login(editor)
    page = client.get("/admin/").content.decode()
    assert page.index("Waiting longest") < page.index("Just in")
    assert "Going out tomorrow" in page


def test_the_desk_costs_the_same_queries_whatever_is_waiting(client, editor):
    client.force_login(editor)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/").status_code == 200
        return len(captured)

    make_article(status=Status.REVIEW)
    make_comment(status="pending")
    few = queries()
    for _ in range(12):
        make_article(status=Status.REVIEW)
        make_article(published_at=timezone.now() + timedelta(hours=3))
        make_comment(status="pending")
    assert queries() == few


def test_an_editor_sends_an_article_back_with_a_note_the_writer_reads(client, editor, writer):
    article = make_article(status=Status.REVIEW, authors=[writer.author], headline="Bridge")
    client.force_login(editor)
    response = client.post(f"{LIST}{article.pk}/send-back/", {"note": "Add the council's reply."})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    client.force_login(writer)
    assert "Add the council&#x27;s reply." in client.get("/admin/").content.decode()
    assert "Add the council&#x27;s reply." in client.get(change_url(article)).content.decode()


def test_sending_back_needs_a_note(client, editor):
    article = make_article(status=Status.REVIEW)
    client.force_login(editor)
    client.post(f"{LIST}{article.pk}/send-back/", {"note": "  "})
    article.refresh_from_db()
    assert article.status == Status.REVIEW


def test_a_writer_cannot_send_back(client, writer):
    article = make_article(status=Status.REVIEW, authors=[writer.author])
    client.force_login(writer)
    response = client.post(f"{LIST}{article.pk}/send-back/", {"note": "Looks good to me"})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Status.REVIEW


def test_the_form_hears_who_else_has_the_article_open(client, editor):
    article = make_article()
    colleague = make_user(group="Editors", username="ana")
    client.force_login(colleague)
    assert client.post(f"{LIST}{article.pk}/presence/").json() == {"others": []}
    client.force_login(editor)
    assert client.post(f"{LIST}{article.pk}/presence/").json() == {"others": ["ana"]}


def test_someone_gone_quiet_is_no_longer_present(editor):
    from articles.presence import PRESENCE_SECONDS, article_present

    colleague = make_user(group="Editors", username="ana")
    article_present(article_id=1, user=colleague, now=1000.0)
    later = 1000.0 + PRESENCE_SECONDS + 1
    assert article_present(article_id=1, user=editor, now=later) == []


def test_presence_of_an_article_you_cannot_see_is_a_404(client, writer):
    article = make_article(status=Status.DRAFT)
    client.force_login(writer)
    assert client.post(f"{LIST}{article.pk}/presence/").status_code == 404
