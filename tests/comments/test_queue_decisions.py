"""Deciding on a comment from its row in the queue: one POST, CSRF-checked, logged."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from lxml import html as lxml_html

from comments.models import Comment, ModerationAction
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/comment/"


def decide(client, comment, decision, query=""):
    return client.post(f"{QUEUE}{comment.pk}/decide/{decision}/{query}")


@pytest.fixture
def moderator(client):
    user = make_user(group="Moderators")
    client.force_login(user)
    return user


def test_each_row_has_approve_spam_and_remove_buttons(client, moderator):
    comment = make_comment(status="pending")
    page = lxml_html.fromstring(client.get(QUEUE).content)
    actions = page.xpath("//table[@id='result_list']//button/@formaction")
    for decision in ("approve", "spam", "remove"):
        assert f"{QUEUE}{comment.pk}/decide/{decision}/" in actions


def test_the_approve_button_approves_and_logs_who_did_it(client, moderator):
    comment = make_comment(status="pending")
    response = decide(client, comment, "approve")
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "approved" and comment.moderated_by == moderator
    assert ModerationAction.objects.get(comment=comment).action == "approve"


@pytest.mark.parametrize(("decision", "status"), [("spam", "spam"), ("remove", "removed")])
def test_spam_and_remove_buttons_use_the_same_services(client, moderator, decision, status):
    comment = make_comment(status="pending")
    decide(client, comment, decision)
    comment.refresh_from_db()
    assert comment.status == status


def test_a_decision_returns_to_the_queue_with_its_filters(client, moderator):
    comment = make_comment(status="pending")
    response = decide(client, comment, "approve", "?status__exact=pending&reason=hold_word")
    assert response["Location"] == f"{QUEUE}?status__exact=pending&reason=hold_word"


def test_approve_all_from_this_commenter_approves_only_their_pending_comments(client, moderator):
    article = make_article()
    first = make_comment(article=article, status="pending", author_email="ada@example.com")
    second = make_comment(article=article, status="pending", author_email="ADA@example.com")
    other = make_comment(article=article, status="pending", author_email="bob@example.com")
    decide(client, first, "approve-commenter")
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert (statuses[first.pk], statuses[second.pk], statuses[other.pk]) == (
        "approved", "approved", "pending")


def test_a_decision_needs_a_post(client, moderator):
    comment = make_comment(status="pending")
    assert client.get(f"{QUEUE}{comment.pk}/decide/approve/").status_code == 405


def test_a_decision_without_the_csrf_token_is_refused():
    comment = make_comment(status="pending")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_user(group="Moderators"))
    assert browser.post(f"{QUEUE}{comment.pk}/decide/approve/").status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_an_unknown_decision_is_a_404(client, moderator):
    comment = make_comment(status="pending")
    assert decide(client, comment, "publish-everything").status_code == 404


def test_someone_who_cannot_moderate_cannot_decide(client):
    comment = make_comment(status="pending")
    client.force_login(make_user(group="Writers"))
    assert decide(client, comment, "approve").status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_editors_can_decide_too(client):
    comment = make_comment(status="pending")
    client.force_login(make_user(group="Editors"))
    decide(client, comment, "approve")
    comment.refresh_from_db()
    assert comment.status == "approved"


def test_an_ordinary_pending_comment_says_why_it_waits(client, moderator):
    make_comment(status="pending")
    page = lxml_html.fromstring(client.get(QUEUE).content)
    held = page.xpath("string(//td[contains(@class,'field-reason_list')])")
    assert "Awaiting review" in held


def test_the_queue_costs_the_same_queries_however_long_it_is(client, moderator):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(QUEUE).status_code == 200
        return len(captured)

    parent = make_comment()
    make_comment(article=parent.article, parent=parent, status="pending")
    few = queries()
    for _ in range(30):
        make_comment(article=make_article(), status="pending")
    assert queries() == few


def test_each_comment_shows_its_commenters_record(client, moderator):
    article = make_article()
    make_comment(article=article, author_email="ada@example.com", status="approved")
    make_comment(article=article, author_email="Ada@example.com", status="spam")
    make_comment(article=article, author_email="ada@example.com", status="pending",
                 body="The newest one")
    page = lxml_html.fromstring(client.get(QUEUE, {"status__exact": "pending"}).content)
    record = page.xpath("string(//*[contains(@class,'comment-card__history')])")
    assert record == "Their record: 1 approved, 1 spam, 0 removed"
