"""No `next`-style parameter sends anyone off-site; a forged Host header is refused."""

from urllib.parse import urljoin, urlsplit

import pytest

from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "a long staff passphrase"
OFFSITE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "https:evil.example",
    "http://127.0.0.1@evil.example/",
    "javascript:alert(1)",
    "%2F%2Fevil.example",
    " //evil.example",
]


def lands_on_this_site(location, base="http://testserver/admin/login/"):
    """Where a browser would go, resolving `location` as it does (backslashes too)."""
    resolved = urlsplit(urljoin(base, location.replace("\\", "/")))
    return resolved.scheme in ("http", "https") and resolved.netloc == "testserver"


@pytest.fixture
def staff():
    return make_user(is_staff=True, is_superuser=True, password=PASSWORD)


@pytest.mark.parametrize("target", OFFSITE)
def test_admin_login_next_never_leaves_the_site(client, staff, target):
    response = client.post(f"/admin/login/?next={target}",
                           {"username": staff.username, "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert lands_on_this_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", OFFSITE)
def test_admin_logout_next_never_leaves_the_site(client, staff, target):
    client.force_login(staff)
    response = client.post(f"/admin/logout/?next={target}", {"next": target})
    if response.status_code == 302:
        assert lands_on_this_site(response["Location"]), response["Location"]
    else:
        assert response.status_code == 200  # the "logged out" page


@pytest.mark.parametrize("target", OFFSITE)
def test_anonymous_admin_visit_redirects_to_login_on_this_site(client, target):
    response = client.get(f"/admin/?next={target}")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_comment_post_always_redirects_back_to_its_article(client):
    from tests.factories import comment_form_data

    article = make_article()
    response = client.post(f"{article.get_absolute_url()}comments/?next=https://evil.example/",
                           comment_form_data(article, next="https://evil.example/"))
    assert response.status_code == 303
    assert response["Location"].startswith(article.get_absolute_url())


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "localhost:80@evil",
                                  "evil.example:8000"])
def test_forged_host_header_gets_a_400_page_not_a_poisoned_one(client, host):
    article = make_article()
    response = client.get(article.get_absolute_url(), HTTP_HOST=host)
    assert response.status_code == 400
    assert b"evil" not in response.content


def test_forwarded_host_is_not_trusted_for_absolute_urls(client):
    article = make_article()
    response = client.get(article.get_absolute_url(), HTTP_X_FORWARDED_HOST="evil.example")
    assert response.status_code == 200
    assert b"evil.example" not in response.content


def test_password_reset_by_email_is_not_exposed(client):
    # A reset link built from a poisoned Host header is the classic exploit; none exists.
    assert client.get("/admin/password_reset/").status_code in (302, 404)
