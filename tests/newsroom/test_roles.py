"""Roles are groups with just the permissions the role needs."""

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def perms(name):
    return set(Group.objects.get(name=name).permissions.values_list(
        "content_type__app_label", flat=True))


def test_moderators_hold_comment_permissions_only():
    assert perms("Moderators") == {"comments"}


def test_writers_and_editors_work_on_articles():
    assert "articles" in perms("Writers")
    assert {"articles", "authors"} <= perms("Editors")


@pytest.mark.django_db(transaction=True)
def test_roles_survive_a_transactional_test_flush():
    from tests.factories import make_user

    user = make_user(group="Moderators")
    assert user.has_perm("comments.change_comment")
    assert not user.has_perm("articles.change_article")
