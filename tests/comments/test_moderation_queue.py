"""The moderation queue in the admin: order, reasons, filters, bulk actions, the log."""

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from comments.models import Comment, ModerationAction, ModerationWord
from comments.signals import comment_visibility_changed
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/comment/"


@pytest.fixture
def moderator(client):
    user = make_user(group="Moderators")
    client.force_login(user)
    return user


def rows(client, **params):
    doc = lxml_html.fromstring(client.get(QUEUE, params).content)
    return [row.text_content() for row in doc.xpath("//table[@id='result_list']/tbody/tr")]


def act(client, action, *comments):
    return client.post(QUEUE, {"action": action, "_selected_action": [c.pk for c in comments]})


def test_queue_lists_pending_first_then_oldest_first(client, moderator):
    article = make_article()
    now = timezone.now()
    make_comment(article=article, body="old approved", created_at=now - timedelta(days=3))
    make_comment(article=article, body="new pending", status="pending", created_at=now)
    make_comment(article=article, body="old pending", status="pending",
                 created_at=now - timedelta(days=1))
    listed = rows(client)
    bodies = ["old pending", "new pending", "old approved"]
    order = [next(b for b in bodies if b in row) for row in listed]
    assert order == ["old pending", "new pending", "old approved"]


def test_queue_shows_why_a_comment_was_held_and_filters_by_reason(client, moderator):
    held = make_comment(status="pending", body="with links")
    held.set_reasons([{"rule": "too_many_links", "detail": "5 links (more than 2)."}])
    held.save()
    make_comment(status="pending", body="plain")
    listed = rows(client, reason="too_many_links")
    assert len(listed) == 1
    assert "5 links (more than 2)." in listed[0]


def test_queue_filters_by_article_and_status_and_searches(client, moderator):
    article = make_article(headline="Harbour plan")
    make_comment(article=article, body="about the harbour", status="pending")
    make_comment(body="elsewhere", status="pending")
    assert len(rows(client, article__id__exact=article.pk)) == 1
    assert len(rows(client, status__exact="pending")) == 2
    assert len(rows(client, q="harbour")) == 1


def test_queue_shows_the_article_and_the_parent_in_context(client, moderator):
    parent = make_comment(author_name="First Reader", body="The original point")
    reply = make_comment(article=parent.article, parent=parent, status="pending", body="A reply")
    listed = rows(client, status__exact="pending")
    assert parent.article.headline in listed[0]
    assert "First Reader: The original point" in listed[0]
    page = client.get(f"{QUEUE}{reply.pk}/change/").content.decode()
    assert "The original point" in page


@pytest.mark.parametrize("action, status", [
    ("approve", "approved"), ("mark_spam", "spam"), ("remove", "removed"),
])
def test_bulk_actions_change_status_and_log_who_and_when(client, moderator, action, status):
    comments = [make_comment(status="pending") for _ in range(3)]
    assert act(client, action, *comments).status_code == 302
    for comment in comments:
        comment.refresh_from_db()
        assert comment.status == status
        assert comment.moderated_by == moderator
        log = ModerationAction.objects.get(comment=comment)
        assert (log.action, log.from_status, log.to_status, log.moderator) == (
            action.replace("mark_", ""), "pending", status, moderator)


def test_restore_puts_spam_back_in_the_queue(client, moderator):
    spam = make_comment(status="spam")
    act(client, "restore", spam)
    spam.refresh_from_db()
    assert spam.status == "pending"
    assert ModerationAction.objects.get(comment=spam).action == "restore"


def test_status_changed_on_the_comment_page_is_logged_too(client, moderator):
    comment = make_comment(status="pending")
    response = client.post(f"{QUEUE}{comment.pk}/change/", {
        "status": "approved",
        "actions-TOTAL_FORMS": "0", "actions-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "approved"
    assert ModerationAction.objects.get(comment=comment).moderator == moderator


def test_moderation_log_is_shown_on_the_comment_page(client, moderator):
    comment = make_comment(status="pending")
    act(client, "approve", comment)
    page = client.get(f"{QUEUE}{comment.pk}/change/").content.decode()
    assert "Moderation log" in page
    assert moderator.username in page


def test_approval_announces_the_visibility_change_after_commit(
        client, moderator, committed):
    comment = make_comment(status="pending")
    received = []

    def listener(sender, article, comment_ids, **kwargs):
        received.append((article.pk, comment_ids))

    comment_visibility_changed.connect(listener)
    try:
        with committed():
            act(client, "approve", comment)
    finally:
        comment_visibility_changed.disconnect(listener)
    assert received == [(comment.article_id, [comment.pk])]


def test_editors_moderate_too(client):
    """Editors get the moderators' permissions by default (issue 15), so they may act."""
    comment = make_comment(status="pending")
    client.force_login(make_user(group="Editors"))
    act(client, "approve", comment)
    comment.refresh_from_db()
    assert comment.status == "approved"


def test_writers_see_no_comments_at_all(client):
    make_comment(author_email="private.person@example.com")
    client.force_login(make_user(group="Writers"))
    assert client.get(QUEUE).status_code == 403


def test_editors_keep_the_hold_and_spam_word_list(client):
    client.force_login(make_user(group="Editors"))
    response = client.post("/admin/comments/moderationword/add/",
                           {"word": "casino", "action": "spam", "match": "word"})
    assert response.status_code == 302
    assert ModerationWord.objects.get().action == "spam"
