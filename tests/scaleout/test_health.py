"""/healthz reports each service as JSON (503 when one is down); /readyz for balancers."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db
# A Redis cache on a port where no server listens.
CACHE_DOWN = override_settings(CACHES={"default": {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0"}})


def failing_storage():
    return "the bucket does not answer"


def test_healthz_reports_every_service_as_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok", "cache": "ok", "storage": "ok", "tasks": "ok"}


def test_health_answers_are_never_cached(client):
    for path in ("/healthz", "/readyz"):
        assert client.get(path)["Cache-Control"] == "no-store"


def test_healthz_is_503_when_the_cache_is_down(client):
    with CACHE_DOWN:  # restored before the suite's fixtures clear the cache
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["checks"]["cache"]["status"] == "down"
    assert body["checks"]["database"]["status"] == "ok"


def test_healthz_names_what_a_check_added_in_settings_found(client, settings):
    settings.HEALTH_CHECKS = {**settings.HEALTH_CHECKS,
                              "storage": "tests.scaleout.test_health.failing_storage"}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == {
        "status": "down", "ms": response.json()["checks"]["storage"]["ms"],
        "error": "the bucket does not answer"}


def test_readyz_is_200_while_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


def test_readyz_ignores_a_cache_outage(client):
    with CACHE_DOWN:
        assert client.get("/readyz").status_code == 200


def test_health_endpoints_answer_only_get(client):
    assert client.post("/healthz").status_code == 405
