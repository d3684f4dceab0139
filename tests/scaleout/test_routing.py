"""Which requests may read from a replica (newsroom/routers.py): readers' GETs only."""

import pytest
from django.test import RequestFactory

from newsroom.caching import OWN_COMMENTS_COOKIE
from newsroom.routers import ReplicaRouter, may_read_from_replica

factory = RequestFactory()


@pytest.mark.parametrize("path", ["/", "/articles/harbour-plan/", "/feed/", "/sitemap.xml",
                                  "/search/?q=harbour", "/section/local/"])
def test_an_anonymous_readers_get_may_read_from_a_replica(path):
    assert may_read_from_replica(factory.get(path))


def test_a_head_request_may_read_from_a_replica():
    assert may_read_from_replica(factory.head("/articles/harbour-plan/"))


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_request_that_may_write_reads_from_the_primary(method):
    assert not may_read_from_replica(getattr(factory, method)("/articles/harbour-plan/comments/"))


def test_someone_with_a_session_reads_from_the_primary(settings):
    factory.cookies[settings.SESSION_COOKIE_NAME] = "staff-session"
    try:
        assert not may_read_from_replica(factory.get("/articles/harbour-plan/"))
    finally:
        factory.cookies.clear()


def test_a_commenter_with_a_comment_awaiting_moderation_reads_from_the_primary():
    factory.cookies[OWN_COMMENTS_COOKIE] = "signed-ids"
    try:
        assert not may_read_from_replica(factory.get("/articles/harbour-plan/"))
    finally:
        factory.cookies.clear()


@pytest.mark.parametrize("path", ["/admin/login/", "/preview/articles/1/", "/healthz",
                                  "/readyz", "/comments/unsubscribe/token/"])
def test_pages_that_are_not_readers_pages_read_from_the_primary(path):
    assert not may_read_from_replica(factory.get(path))


def test_writes_and_migrations_go_to_the_primary_only():
    router = ReplicaRouter()
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate("replica1", "articles")


def test_reads_outside_a_replica_request_go_to_the_primary():
    assert ReplicaRouter().db_for_read(None) == "default"
