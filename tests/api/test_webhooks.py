"""Webhooks: signed deliveries of the events editors chose, sent by the task queue,
retried with backoff and logged with the receiver's answers. Against a real local
receiver the test starts."""

import hashlib
import hmac
import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from api.models import Event, Webhook, WebhookDelivery
from articles.models import Article
from articles.services import article_correct, article_publish, article_unpublish
from comments.models import Comment
from comments.services import comment_approve
from newsroom.publishing import Status
from tests.factories import make_article, make_comment, make_user

from .receiver import Receiver, closed_port_url

pytestmark = pytest.mark.django_db(transaction=True)  # events are sent after commit


@pytest.fixture
def receiver():
    started = Receiver()
    yield started
    started.stop()


@pytest.fixture
def editor():
    from tests.factories import recreate_roles

    recreate_roles()
    return make_user(group="Editors")


def hook(url, *events):
    return Webhook.objects.create(url=url, events=list(events or Event.values))


def events(receiver):
    return [json.loads(r["body"])["event"] for r in receiver.received]


def test_a_publication_is_delivered_signed_over_timestamp_and_body(receiver, run_tasks, editor):
    webhook = hook(receiver.url, Event.PUBLISHED)
    draft = make_article(status=Status.DRAFT, headline="Harbour plan approved")
    article_publish(article=draft, user=editor)
    run_tasks()
    [delivery] = receiver.received
    headers, body = delivery["headers"], delivery["body"]
    timestamp = headers["X-Newsroom-Timestamp"]
    assert abs(int(timestamp) - time.time()) < 60
    expected = hmac.new(webhook.secret.encode(), f"{timestamp}.{body}".encode(),
                        hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Newsroom-Signature"], f"sha256={expected}")
    assert headers["X-Newsroom-Event"] == "article.published"
    payload = json.loads(body)
    assert payload["event"] == "article.published"
    assert payload["data"]["headline"] == "Harbour plan approved"
    assert payload["id"] == headers["X-Newsroom-Delivery"]
    logged = WebhookDelivery.objects.get()
    assert (logged.status, logged.response_code, logged.attempts) == ("delivered", 200, 1)


def test_each_address_gets_only_the_events_it_chose(receiver, run_tasks, editor):
    hook(receiver.url, Event.UNPUBLISHED)
    article = make_article()  # published: not chosen
    article.headline = "Edited"
    article.save()  # updated: not chosen
    run_tasks()
    assert receiver.received == []
    article_unpublish(article=article, user=editor)
    run_tasks()
    assert events(receiver) == ["article.unpublished"]
    assert json.loads(receiver.received[0]["body"])["data"]["slug"] == article.slug


def test_edits_and_corrections_of_a_published_story_are_announced(receiver, run_tasks, editor):
    hook(receiver.url)
    article = make_article()
    run_tasks()
    article.headline = "A better headline"
    article.save()
    run_tasks()
    article_correct(article=article, user=editor, note="We misspelt a name.")
    run_tasks()
    assert events(receiver) == ["article.published", "article.updated", "article.corrected"]
    corrected = json.loads(receiver.received[-1]["body"])["data"]
    assert corrected["corrections"][0]["note"] == "We misspelt a name."


def test_drafts_are_never_announced(receiver, run_tasks):
    hook(receiver.url)
    draft = make_article(status=Status.DRAFT)
    draft.headline = "Still a draft"
    draft.save()
    run_tasks()
    assert receiver.received == []


def test_a_scheduled_story_is_announced_when_it_goes_live(receiver, run_tasks, editor):
    hook(receiver.url, Event.PUBLISHED)
    draft = make_article(status=Status.DRAFT, headline="At dawn")
    article_publish(article=draft, user=editor, at=timezone.now() + timedelta(seconds=1.5))
    run_tasks()
    assert receiver.received == []  # not yet
    time.sleep(1.6)
    run_tasks()
    assert events(receiver) == ["article.published"]
    run_tasks()
    assert len(receiver.received) == 1  # once


def test_an_approved_comment_is_announced_once(receiver, run_tasks):
    hook(receiver.url, Event.COMMENT_APPROVED)
    moderator = make_user(is_staff=True)
    comment = make_comment(status=Comment.Status.PENDING, body="Nice work")
    run_tasks()
    assert receiver.received == []  # held comments are nobody's business
    comment_approve(comments=[comment], moderator=moderator)
    run_tasks()
    [delivery] = receiver.received
    data = json.loads(delivery["body"])["data"]
    assert data["id"] == comment.pk and data["article"]["id"] == comment.article_id
    assert "email" not in delivery["body"]


def test_a_failing_receiver_is_retried_with_backoff_and_each_answer_logged(
        receiver, run_tasks, settings):
    settings.WEBHOOK_RETRY_DELAYS = [0, 0, 3600]
    receiver.statuses = [500, 503]
    hook(receiver.url, Event.PUBLISHED)
    make_article()
    run_tasks()  # 500, then 503, then 200: each retry queued after its delay
    delivery = WebhookDelivery.objects.get()
    assert [json.loads(r["body"])["id"] for r in receiver.received] == [delivery.event_id] * 3
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 3, 200)


def test_a_receiver_that_stays_down_is_given_up_on(run_tasks, settings):
    from django_tasks_db.models import DBTaskResult

    settings.WEBHOOK_RETRY_DELAYS = [0, 3600]
    hook(closed_port_url(), Event.PUBLISHED)
    make_article()
    run_tasks()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("pending", 2, None)
    assert "refused" in delivery.error.lower()
    waiting = DBTaskResult.objects.filter(status="READY", task_path__endswith="deliver_webhook")
    assert waiting.get().run_after > timezone.now() + timedelta(minutes=59)  # backing off
    waiting.update(run_after=timezone.now())
    run_tasks()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 3)


def test_a_delivery_task_that_runs_twice_sends_once(receiver, run_tasks):
    from api.webhooks import deliver_webhook

    hook(receiver.url, Event.PUBLISHED)
    make_article()
    run_tasks()
    delivery = WebhookDelivery.objects.get()
    deliver_webhook.call(delivery.pk, 0)  # the same attempt again (a recovered task)
    assert len(receiver.received) == 1


def test_deleting_a_published_story_announces_it_unpublished(receiver, run_tasks):
    hook(receiver.url, Event.UNPUBLISHED)
    article = make_article()
    Article.objects.get(pk=article.pk).delete()
    run_tasks()
    assert events(receiver) == ["article.unpublished"]
