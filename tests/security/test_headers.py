"""Every response carries the security policy; production settings pass `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from tests.factories import make_article, make_user

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def public_and_admin_urls(client):
    article = make_article()
    staff = make_user(is_superuser=True, is_staff=True, password=None)
    urls = ["/", article.get_absolute_url(), article.section.get_absolute_url(), "/no-such-page/"]
    admin_urls = ["/admin/login/", "/admin/", "/admin/articles/article/add/",
                  f"/admin/articles/article/{article.pk}/change/", "/admin/comments/comment/"]
    return urls, admin_urls, staff


def test_every_page_admin_included_has_a_strict_csp_without_unsafe_inline_or_eval(client):
    urls, admin_urls, staff = public_and_admin_urls(client)
    responses = [client.get(url) for url in urls]
    client.force_login(staff)
    responses += [client.get(url) for url in admin_urls]
    for response in responses[:len(urls)]:
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    for response in responses:
        policy = csp_directives(response)
        # The admin's only exception is for styles (see SECURE_CSP_ADMIN).
        styles_only = {"style-src-elem", "style-src-attr"}
        for directive, values in policy.items():
            if directive not in styles_only:
                assert "'unsafe-inline'" not in values, directive
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"]
        assert policy["script-src"][0] == "'self'"
        assert set(policy["script-src"][1:]) <= {v for v in policy["script-src"] if "nonce-" in v}


def test_admin_scripts_carry_the_nonce_of_their_response(client):
    staff = make_user(is_superuser=True, is_staff=True, password=None)
    client.force_login(staff)
    response = client.get("/admin/articles/article/add/")
    nonce = [v for v in csp_directives(response)["script-src"] if v.startswith("'nonce-")][0]
    nonce = nonce.removeprefix("'nonce-").rstrip("'")
    script_tags = [tag.split(">", 1)[0] for tag in response.content.decode().split("<script")[1:]]
    assert script_tags, "the article form should load the admin's scripts"
    for tag in script_tags:
        # Every script carries this response's nonce; the only inline one allowed is
        # the editor's import map (JSON naming module files, not code).
        assert f'nonce="{nonce}"' in tag, tag
        assert "src=" in tag or 'type="importmap"' in tag, tag


def test_admin_pages_alone_may_use_inline_styles(client):
    staff = make_user(is_superuser=True, is_staff=True, password=None)
    client.force_login(staff)
    admin = csp_directives(client.get("/admin/articles/article/add/"))
    public = csp_directives(client.get("/"))
    assert admin["style-src-attr"] == ["'unsafe-inline'"]
    assert admin["style-src-elem"] == ["'self'", "'unsafe-inline'"]
    assert "style-src-attr" not in public and "style-src-elem" not in public
    for policy in (admin, public):
        assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]


def test_public_pages_send_the_standard_security_headers(client):
    article = make_article()
    response = client.get(article.get_absolute_url())
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
                   SECURE_HSTS_PRELOAD=True, SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_https_responses_carry_hsts_and_cookies_are_secure_httponly_samesite(client):
    staff = make_user(is_staff=True, is_superuser=True, password="a long admin passphrase")
    login = client.get("/admin/login/", secure=True)
    assert login["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csrf = login.cookies["csrftoken"]
    response = client.post(
        "/admin/login/?next=/admin/", secure=True,
        data={"username": staff.username, "password": "a long admin passphrase",
              "csrfmiddlewaretoken": csrf.value},
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    for cookie in (csrf, session):
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "CACHE_URL", "DEBUG") and not k.startswith("DJANGO_")}
    env.update(
        SECURE="on", DEBUG="off", SECRET_KEY="p" * 20 + "Qz8!kR2#vL5@xN7$wT1%yU4^mB6&cJ3*",
        ALLOWED_HOSTS="news.example.com", SITE_URL="https://news.example.com",
        CSRF_TRUSTED_ORIGINS="https://news.example.com",
        EMAIL_URL="smtp+tls://mailer:secret@smtp.example.com:587",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    )
    # A deployed site: migrate makes its database (no other command creates one).
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_security_middleware_keeps_readers_pages_publicly_cacheable(client):
    article = make_article()
    response = client.get(article.get_absolute_url())
    assert "public" in response["Cache-Control"]
    assert not response.cookies, "a reader's page must not set cookies"
    assert b"csrfmiddlewaretoken" not in response.content
