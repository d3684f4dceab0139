import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """These tests log in often; what they check does not depend on the hash's cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

