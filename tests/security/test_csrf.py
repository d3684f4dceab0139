"""Every state-changing view refuses a forged cross-site request.

The admin relies on Django's CSRF token. The comment form cannot (it is served in
publicly cached pages), so it relies on its signed per-article token plus an
Origin / Sec-Fetch-Site check: both halves are tested here.
"""

import pytest
from django.test import Client

from articles.models import Article, Section, Tag
from authors.models import Author
from comments.models import Comment
from tests.factories import SAME_ORIGIN, comment_form_data, make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(is_staff=True, is_superuser=True, password=None))
    return client


def snapshot():
    return (
        list(Article.objects.values_list("pk", "headline", "status")),
        list(Section.objects.values_list("pk", "name")),
        list(Tag.objects.values_list("pk", "name")),
        list(Author.objects.values_list("pk", "name")),
        list(Comment.objects.values_list("pk", "status", "body")),
    )


def admin_posts(article, comment):
    """Every kind of state-changing admin request, with plausible data and no token."""
    a, s, t, au = article.pk, article.section.pk, "tag", article.byline_authors[0].pk
    return [
        ("/admin/articles/article/add/", {"headline": "Forged", "slug": "forged"}),
        (f"/admin/articles/article/{a}/change/", {"headline": "Hijacked"}),
        (f"/admin/articles/article/{a}/delete/", {"post": "yes"}),
        ("/admin/articles/article/", {"action": "publish_now", "_selected_action": [a]}),
        (f"/admin/articles/section/{s}/change/", {"name": "Hijacked"}),
        (f"/admin/articles/section/{s}/delete/", {"post": "yes"}),
        ("/admin/articles/tag/add/", {"name": t, "slug": t}),
        (f"/admin/authors/author/{au}/change/", {"name": "Hijacked"}),
        (f"/admin/authors/author/{au}/delete/", {"post": "yes"}),
        ("/admin/comments/comment/", {"action": "approve", "_selected_action": [comment.pk]}),
        ("/admin/comments/comment/", {"action": "remove", "_selected_action": [comment.pk]}),
        (f"/admin/comments/comment/{comment.pk}/change/", {"status": "approved"}),
        (f"/admin/comments/comment/{comment.pk}/delete/", {"post": "yes"}),
        ("/admin/auth/user/add/", {"username": "mallory", "password1": "x", "password2": "x"}),
        ("/admin/password_change/", {"old_password": "x", "new_password1": "y"}),
        ("/admin/logout/", {}),
    ]


def test_every_admin_write_without_a_csrf_token_is_refused_and_changes_nothing(strict_client):
    article = make_article()
    comment = make_comment(article=article, status=Comment.Status.PENDING)
    before = snapshot()
    for url, data in admin_posts(article, comment):
        response = strict_client.post(url, data)
        assert response.status_code == 403, url
        assert b"CSRF" in response.content or b"Forbidden" in response.content
    assert snapshot() == before
    assert strict_client.get("/admin/").status_code == 200  # still logged in: logout refused too


def test_admin_login_without_a_csrf_token_is_refused():
    staff = make_user(is_staff=True, password="a long staff passphrase")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": staff.username,
                                             "password": "a long staff passphrase"})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_admin_write_with_the_token_from_the_page_works(strict_client):
    page = strict_client.get("/admin/articles/tag/add/")
    token = page.context["csrf_token"]
    response = strict_client.post("/admin/articles/tag/add/",
                                  {"name": "Harbour", "slug": "harbour", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Tag.objects.filter(slug="harbour").exists()


@pytest.mark.parametrize("headers", [
    {"HTTP_ORIGIN": "https://evil.example"},
    {"HTTP_ORIGIN": "http://testserver.evil.example"},
    {"HTTP_SEC_FETCH_SITE": "cross-site"},
    {"HTTP_ORIGIN": "null", "HTTP_SEC_FETCH_SITE": "cross-site"},  # sandboxed iframe
])
def test_cross_site_comment_post_is_refused_and_stores_nothing(headers):
    article = make_article()
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{article.get_absolute_url()}comments/", comment_form_data(article),
                           **headers)
    assert response.status_code == 403
    assert "only be posted from this site" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("token", ["", "forged", "eyJhIjoxLCJ0IjoxfQ:1abc:def"])
def test_comment_post_with_a_missing_or_forged_token_is_refused(token):
    article = make_article()
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{article.get_absolute_url()}comments/",
                           comment_form_data(article, token=token), **SAME_ORIGIN)
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_comment_token_for_one_article_does_not_work_on_another():
    first, second = make_article(), make_article()
    client = Client(enforce_csrf_checks=True)
    data = comment_form_data(first)
    response = client.post(f"{second.get_absolute_url()}comments/", data, **SAME_ORIGIN)
    assert response.status_code == 400
    assert "could not be verified" in response.content.decode()
    assert not Comment.objects.exists()


def test_same_site_comment_post_with_a_page_token_is_accepted():
    article = make_article()
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{article.get_absolute_url()}comments/", comment_form_data(article),
                           HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 303
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_comment_post_with_neither_origin_nor_sec_fetch_site_is_refused_with_a_page():
    article = make_article()
    response = Client().post(f"{article.get_absolute_url()}comments/", comment_form_data(article))
    assert response.status_code == 403
    assert "only be posted from this site" in response.content.decode()
    assert "<h1>" in response.content.decode()
    assert not Comment.objects.exists()


def test_report_with_neither_origin_nor_sec_fetch_site_is_refused():
    comment = make_comment()
    response = Client().post(f"/comments/{comment.pk}/report/")
    assert response.status_code == 403
    assert not comment.flags.exists()
