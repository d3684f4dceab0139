import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Plain static storage (no collectstatic needed), media in a temp dir, fresh cache."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEMO_CREDENTIALS_FILE = tmp_path / "demo-credentials.txt"
    # The test client's login() authenticates without a request, which django-axes
    # refuses; tests/security/test_login_throttling.py turns it back on.
    settings.AXES_ENABLED = False
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    """Django's test client, sending what every current browser sends with a request to
    the page's own site (`Sec-Fetch-Site`): comment posts without it are refused."""
    from django.test import Client

    return Client(headers={"Sec-Fetch-Site": "same-origin"})
