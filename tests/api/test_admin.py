"""Editors manage API keys and webhooks in the admin and read the delivery log."""

import re

import pytest

from api.models import ApiKey, Webhook, WebhookDelivery
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = make_user(group="Editors")
    client.force_login(user)
    return user


def test_a_new_key_is_shown_once_and_stored_hashed(client, editor):
    response = client.post("/admin/api/apikey/add/", {"name": "Mobile app",
                                                       "rate_limit": "600/60", "active": "on"},
                           follow=True)
    page = response.content.decode()
    key = ApiKey.objects.get()
    assert "cannot be shown again" in page
    raw = re.search(r"<code class=.api-key.>([^<]+)</code>", page).group(1)
    assert raw.startswith(f"nrk_{key.prefix}_")
    assert raw not in client.get(f"/admin/api/apikey/{key.pk}/change/").content.decode()
    assert client.get("/api/v1/tags", headers={"X-API-Key": raw}).status_code == 200


def test_a_bad_rate_limit_is_refused_with_a_message(client, editor):
    response = client.post("/admin/api/apikey/add/", {"name": "App", "rate_limit": "lots"})
    assert response.status_code == 200
    assert "requests/seconds" in response.content.decode()
    assert not ApiKey.objects.exists()


def test_an_editor_registers_a_webhook_choosing_events(client, editor):
    response = client.post("/admin/api/webhook/add/", {
        "url": "https://partner.example/hooks", "description": "Partner",
        "events": ["article.published", "comment.approved"], "active": "on"})
    assert response.status_code == 302
    webhook = Webhook.objects.get()
    assert webhook.events == ["article.published", "comment.approved"]
    assert webhook.created_by == editor
    page = client.get(f"/admin/api/webhook/{webhook.pk}/change/").content.decode()
    assert webhook.secret in page  # to give to the receiver


def test_a_webhook_needs_an_event_and_a_web_address(client, editor):
    response = client.post("/admin/api/webhook/add/", {"url": "ftp://x.example/", "events": []})
    assert response.status_code == 200
    assert not Webhook.objects.exists()


def test_the_delivery_log_shows_each_response_code(client, editor):
    webhook = Webhook.objects.create(url="https://partner.example/h", events=["article.updated"])
    WebhookDelivery.objects.create(webhook=webhook, event="article.updated", event_id="e1",
                                   body="{}", status="failed", attempts=6, response_code=502)
    page = client.get("/admin/api/webhookdelivery/").content.decode()
    assert "502" in page and "Failed (gave up)" in page
