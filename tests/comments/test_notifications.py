"""Mail: digests for moderators, opt-in mail for commenters, one-click unsubscribe."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from comments import services
from comments.models import Comment
from newsroom.models import OutgoingMail
from tests.factories import make_article, make_comment, make_user, post_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article(headline="Harbour plan")


@pytest.fixture
def moderator():
    return make_user(group="Moderators", email="mod@newsroom.example")


def test_moderators_get_one_digest_for_many_pending_comments(
        client, article, moderator, settings, committed):
    settings.COMMENT_DIGEST_INTERVAL = 600
    for n in range(4):  # four requests, each committing and enqueuing its own digest
        with committed():
            post_comment(client, article, ip=f"192.0.2.{n}", email=f"r{n}@example.com",
                         comment=f"c{n}")
    assert len(mail.outbox) == 1
    # The first comment was announced; the rest wait for the next digest.
    assert Comment.objects.filter(moderators_notified_at=None).count() == 3


def test_comments_held_back_from_a_digest_are_in_the_next_one(article, moderator, settings):
    settings.COMMENT_DIGEST_INTERVAL = 600
    earlier = make_comment(article=article, status="pending",
                           moderators_notified_at=timezone.now() - timedelta(minutes=11))
    make_comment(article=article, status="pending", body="Waiting for the next digest")
    call_command("send_comment_digest", stdout=StringIO())
    assert len(mail.outbox) == 1
    assert "Waiting for the next digest" in mail.outbox[0].body
    assert earlier.body not in mail.outbox[0].body


def test_digest_says_why_comments_were_held_and_never_their_email(article, moderator):
    held = make_comment(article=article, status="pending", author_email="hidden@example.com")
    held.set_reasons([{"rule": "too_many_links", "detail": "3 links (more than 2)."}])
    held.save()
    services.notifications.send_moderator_digest.call()
    assert "held: 3 links (more than 2)." in mail.outbox[0].body
    assert "hidden@example.com" not in mail.outbox[0].body


def test_a_mail_outage_loses_no_comment_and_the_digest_waits_to_retry(
        client, article, moderator, monkeypatch, committed):
    def down(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", down)
    with committed():
        response = post_comment(client, article, comment="Still saved")
    assert response.status_code == 303
    assert Comment.objects.get().body == "Still saved"
    # The digest is in the outbox, waiting for its retry (tests/tasks: a real SMTP outage).
    assert OutgoingMail.objects.get().status == OutgoingMail.Status.RETRYING


def test_commenter_who_opted_in_is_told_of_approval(client, article, moderator,
                                                    committed):
    post_comment(client, article, notify_on_approval="on", email="ada@example.com")
    comment = Comment.objects.get()
    mail.outbox.clear()
    with committed():
        services.comment_approve(comments=[comment], moderator=moderator)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.com"]
    assert "Harbour plan" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_commenter_who_did_not_opt_in_gets_no_mail(article, moderator,
                                                   committed):
    comment = make_comment(article=article, status="pending")
    with committed():
        services.comment_approve(comments=[comment], moderator=moderator)
    assert mail.outbox == []


def test_reply_notifies_the_parent_who_opted_in_once_the_reply_is_approved(
        article, moderator, committed):
    parent = make_comment(article=article, author_email="parent@example.com", notify_on_reply=True)
    reply = make_comment(article=article, parent=parent, status="pending", author_name="Bo",
                         body="I disagree")
    assert mail.outbox == []  # nothing while the reply is pending
    with committed():
        services.comment_approve(comments=[reply], moderator=moderator)
    assert [m.to for m in mail.outbox] == [["parent@example.com"]]
    assert "Bo replied" in mail.outbox[0].body and "I disagree" in mail.outbox[0].body


def unsubscribe_url(message):
    return re.search(r"https?://[^/]+(/comments/unsubscribe/[^/\s]+/)", message.body).group(1)


def test_one_click_unsubscribe_stops_all_mail_to_that_address(
        client, article, moderator, committed):
    first = make_comment(article=article, status="pending", author_email="Ada@example.com",
                         notify_on_approval=True)
    other = make_comment(article=article, author_email="ada@example.com", notify_on_reply=True)
    with committed():
        services.comment_approve(comments=[first], moderator=moderator)
    url = unsubscribe_url(mail.outbox[0])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Stop emails" in confirm.content.decode()
    other.refresh_from_db()
    assert other.notify_on_reply  # a GET (link scanners) changes nothing
    done = client.post(url)
    assert "You are unsubscribed" in done.content.decode()
    other.refresh_from_db()
    assert not other.notify_on_reply


def test_forged_unsubscribe_link_is_404(client):
    comment = make_comment(notify_on_reply=True)
    response = client.post(f"/comments/unsubscribe/{comment.pk}:forged/")
    assert response.status_code == 404
    comment.refresh_from_db()
    assert comment.notify_on_reply
