"""Commenters' personal data: never shown, kept only as long as needed, exportable, erasable."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.utils import timezone

from comments.models import Comment, ModerationAction
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


def test_avatar_is_drawn_from_initials_without_any_email_hash(client):
    comment = make_comment(author_name="Ada Lovelace", author_email="ada@example.com")
    html = client.get(comment.article.get_absolute_url()).content.decode()
    assert ">AL</span>" in html
    assert "gravatar" not in html.lower()
    assert "ada@example.com" not in html


def test_purge_command_forgets_old_ip_addresses_and_user_agents(settings):
    settings.COMMENT_IP_RETENTION_DAYS = 30
    old = make_comment(ip_address="192.0.2.1", user_agent="Old browser",
                       created_at=timezone.now() - timedelta(days=31))
    recent = make_comment(ip_address="192.0.2.2", user_agent="New browser")
    out = StringIO()
    call_command("purge_comment_personal_data", stdout=out)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert (recent.ip_address, recent.user_agent) == ("192.0.2.2", "New browser")
    assert "1 comment(s)" in out.getvalue()


def test_export_command_prints_everything_stored_about_a_commenter():
    make_comment(author_email="Ada@example.com", body="Mine", ip_address="192.0.2.9")
    make_comment(author_email="someone@example.com", body="Not mine")
    out = StringIO()
    call_command("commenter_data", "ada@example.com", "--export", stdout=out)
    data = json.loads(out.getvalue())
    assert [c["comment"] for c in data["comments"]] == ["Mine"]
    assert data["comments"][0]["ip_address"] == "192.0.2.9"


def test_erase_command_removes_personal_data_but_keeps_replies_readable(client):
    mine = make_comment(author_name="Ada", author_email="ada@example.com", body="My words",
                        author_url="https://ada.example", ip_address="192.0.2.9")
    make_comment(article=mine.article, parent=mine, body="A reply to Ada")
    pending = make_comment(author_email="ada@example.com", status="pending")
    call_command("commenter_data", "ada@example.com", "--erase", stdout=StringIO())
    mine.refresh_from_db()
    pending.refresh_from_db()
    assert (mine.author_name, mine.author_email, mine.author_url, mine.ip_address) == (
        "[erased]", "", "", None)
    assert "My words" not in mine.body
    assert pending.status == Comment.Status.REMOVED
    html = client.get(mine.article.get_absolute_url()).content.decode()
    assert "A reply to Ada" in html and "My words" not in html
    assert ModerationAction.objects.filter(action="erase").count() == 2


def test_erase_command_refuses_a_malformed_address():
    with pytest.raises(CommandError, match="not an email address"):
        call_command("commenter_data", "not-an-email", "--erase")


def test_moderators_can_erase_a_commenter_from_the_admin(client):
    comment = make_comment(author_email="ada@example.com")
    other = make_comment(author_email="ada@example.com")
    client.force_login(make_user(group="Moderators"))
    client.post("/admin/comments/comment/",
                {"action": "erase_commenter", "_selected_action": [comment.pk]})
    assert not Comment.objects.filter(author_email__iexact="ada@example.com").exists()
    other.refresh_from_db()
    assert other.author_name == "[erased]"


def test_listing_pages_count_comments_in_one_query_whatever_their_number(client, settings):
    settings.PAGE_CACHE_ENABLED = False  # what a render from the database costs
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = make_article()
    other = make_article(section=article.section)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = ["/", article.section.get_absolute_url()]
    for url in urls:
        client.get(url)  # the first render loads what each worker keeps (the menus)
    before = [queries(url) for url in urls]
    for n in range(5):
        make_comment(article=article)
        make_comment(article=other)
    make_comment(article=article, status="pending")
    assert [queries(url) for url in urls] == before
    html = client.get(article.section.get_absolute_url()).content.decode()
    assert html.count("5 comments</a>") == 2  # approved only: the pending one is not counted


def test_the_email_never_appears_on_any_public_page(client):
    comment = make_comment(author_email="very.private@example.com", author_name="Visible Name")
    article = comment.article
    pages = ["/", article.get_absolute_url(), article.section.get_absolute_url(),
             article.byline_authors[0].get_absolute_url()]
    for url in pages:
        assert "very.private" not in client.get(url).content.decode(), url


def test_moderators_can_export_a_commenter_from_the_admin(client):
    comment = make_comment(author_email="ada@example.com", body="Mine")
    make_comment(author_email="ADA@example.com", body="Also mine")
    client.force_login(make_user(group="Moderators"))
    response = client.post("/admin/comments/comment/",
                           {"action": "export_commenter", "_selected_action": [comment.pk]})
    assert response["Content-Disposition"].startswith("attachment")
    [data] = json.loads(response.content)
    assert sorted(c["comment"] for c in data["comments"]) == ["Also mine", "Mine"]


def test_people_who_cannot_moderate_cannot_export_commenters(client):
    comment = make_comment(author_email="ada@example.com")
    viewer = make_user(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(viewer)
    response = client.post("/admin/comments/comment/",
                           {"action": "export_commenter", "_selected_action": [comment.pk]})
    assert "ada@example.com" not in response.content.decode()
