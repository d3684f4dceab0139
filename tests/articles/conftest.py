import pytest

from tests.factories import make_author, make_user

from .admin_forms import PASSWORD


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """These tests log in dozens of staff users; the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(client):
    return make_user(group="Editors", password=PASSWORD)


@pytest.fixture
def writer():
    """A writer with an author profile: articles with that byline are theirs."""
    user = make_user(group="Writers", password=PASSWORD)
    make_author(name=f"Writer {user.username}", user=user)
    return user


@pytest.fixture
def other_writer():
    user = make_user(group="Writers", password=PASSWORD)
    make_author(name=f"Writer {user.username}", user=user)
    return user


@pytest.fixture
def moderator():
    return make_user(group="Moderators", password=PASSWORD)
