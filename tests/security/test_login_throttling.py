"""Password guessing at the admin login is stopped after a few tries (django-axes)."""

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "the editor's real passphrase"


@pytest.fixture(autouse=True)
def throttling_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


@pytest.fixture
def editor():
    return make_user(username="editor", group="Editors", password=PASSWORD)


def log_in(client, username, password, address="198.51.100.7"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password},
                       REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_out_even_the_right_one(client, editor):
    for attempt in range(5):
        response = log_in(client, "editor", f"guess-{attempt}")
        assert response.status_code in (200, 429)  # form again, then the lockout page
    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    assert "paused for 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_under_the_limit_does_not_lock(client, editor):
    for attempt in range(4):
        assert log_in(client, "editor", f"guess-{attempt}").status_code == 200
    assert log_in(client, "editor", PASSWORD).status_code == 302


def test_a_locked_pair_does_not_lock_other_staff_or_the_owner_elsewhere(client, editor):
    make_user(username="colleague", group="Editors", password=PASSWORD)
    for attempt in range(6):
        log_in(client, "editor", f"guess-{attempt}")
    assert log_in(client, "colleague", PASSWORD).status_code == 302
    client.logout()
    assert log_in(client, "editor", PASSWORD, address="192.0.2.10").status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, editor, settings):
    for attempt in range(6):
        log_in(client, "editor", f"guess-{attempt}")
    assert log_in(client, "editor", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME * 2)
    assert log_in(client, "editor", PASSWORD).status_code == 302
