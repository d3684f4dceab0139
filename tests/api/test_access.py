"""Optional API keys (stored hashed) with their own rate limit; drafts through a preview
link's token."""

import pytest

from api.models import ApiKey
from newsroom.publishing import Status
from previews.services import preview_link_create, preview_link_revoke
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def uncached(settings):
    """Limits count the requests that reach the API; a kept copy costs nothing and is free."""
    settings.PAGE_CACHE_ENABLED = False


def new_key(**kw):
    key = ApiKey(name="Partner", **kw)
    raw = key.issue()
    key.save()
    return key, raw


def test_a_key_is_stored_only_as_its_hash():
    key, raw = new_key()
    stored = ApiKey.objects.filter(pk=key.pk).values().get()
    assert raw not in str(stored)
    assert stored["key_hash"] != raw and len(stored["key_hash"]) == 64


def test_without_a_key_each_address_has_the_default_limit(api, settings, uncached):
    settings.API_RATE_LIMIT = "3/60"
    answers = [api.get("/api/v1/sections", REMOTE_ADDR="203.0.113.5") for _ in range(4)]
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert refused["Content-Type"].startswith("application/problem+json")
    assert int(refused["Retry-After"]) >= 1
    assert refused.json()["retry_after"] == int(refused["Retry-After"])
    assert "API key" in refused.json()["detail"]
    assert api.get("/api/v1/sections", REMOTE_ADDR="203.0.113.6").status_code == 200


def test_a_key_has_its_own_limit(api, settings, uncached):
    settings.API_RATE_LIMIT = "1/60"
    _, raw = new_key(rate_limit="5/60")
    api.get("/api/v1/sections")
    assert api.get("/api/v1/sections").status_code == 429  # this address is out of turns
    with_key = [api.get("/api/v1/sections", headers={"X-API-Key": raw}).status_code
                for _ in range(6)]
    assert with_key == [200] * 5 + [429]
    bearer = api.get("/api/v1/sections", headers={"Authorization": f"Bearer {raw}"})
    assert bearer.status_code == 429  # the same key, however it is sent


@pytest.mark.parametrize("sent", ["nrk_00000000_nonsense", "made-up", "nrk_"])
def test_an_unknown_key_is_refused_not_ignored(api, sent, uncached):
    response = api.get("/api/v1/articles", headers={"X-API-Key": sent})
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")


def test_a_disabled_key_stops_working_at_once(api, uncached):
    key, raw = new_key()
    assert api.get("/api/v1/tags", headers={"X-API-Key": raw}).status_code == 200
    key.active = False
    key.save()
    assert api.get("/api/v1/tags", headers={"X-API-Key": raw}).status_code == 401


def test_a_draft_is_readable_through_its_preview_token_only(api):
    editor = make_user(group="Editors")
    draft = make_article(status=Status.DRAFT, headline="Embargoed")
    link = preview_link_create(article=draft, user=editor)
    response = api.get(f"/api/v1/preview/{link.token}")
    assert response.status_code == 200
    assert response.json()["headline"] == "Embargoed"
    assert response.json()["status"] == "draft"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "Surrogate-Key" not in response
    assert api.get(f"/api/v1/articles/{draft.slug}").status_code == 404
    preview_link_revoke(link=link, user=editor)
    gone = api.get(f"/api/v1/preview/{link.token}")
    assert gone.status_code == 410
    assert gone["Content-Type"].startswith("application/problem+json")
    assert api.get(f"/api/v1/preview/{link.token}x").status_code == 404
