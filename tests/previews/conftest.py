import pytest

from tests.factories import make_user

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor():
    return make_user(group="Editors", password=PASSWORD)


@pytest.fixture
def writer():
    return make_user(group="Writers", password=PASSWORD)
