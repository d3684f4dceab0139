"""A reader comments; only they see it until a moderator approves it."""

import pytest
from django.core import mail

from comments.models import Comment
from newsroom.caching import OWN_COMMENTS_COOKIE
from tests.factories import comment_form_data, make_comment, make_user, post_comment

pytestmark = pytest.mark.django_db



def test_posting_saves_a_pending_comment_and_redirects_to_it(client, article):
    response = post_comment(client, article, comment="First!")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.body == "First!"
    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"


def test_commenter_sees_own_comment_awaiting_moderation(client, article):
    post_comment(client, article, comment="Only I can see this")
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert "Only I can see this" in html
    assert "awaiting moderation" in html
    assert "private" in response["Cache-Control"]


def test_other_readers_do_not_see_a_pending_comment(client, article):
    post_comment(client, article, comment="Only I can see this")
    from django.test import Client

    html = Client().get(article.get_absolute_url()).content.decode()
    assert "Only I can see this" not in html


def test_forged_own_comments_cookie_reveals_nothing(client, article):
    pending = make_comment(article=article, status=Comment.Status.PENDING, body="Someone else's")
    client.cookies[OWN_COMMENTS_COOKIE] = str(pending.pk)
    assert "Someone else" not in client.get(article.get_absolute_url()).content.decode()


def test_approved_comment_appears_for_everyone(client, article):
    post_comment(client, article, comment="Worth approving")
    moderator = make_user(group="Moderators")
    client.force_login(moderator)
    comment = Comment.objects.get()
    response = client.post(
        "/admin/comments/comment/",
        {"action": "approve", "_selected_action": [comment.pk]},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.moderated_by == moderator
    from django.test import Client

    assert "Worth approving" in Client().get(article.get_absolute_url()).content.decode()


def test_commenter_email_is_never_rendered(client, article):
    make_comment(article=article, author_email="secret.person@example.com")
    post_comment(client, article, email="another.secret@example.com")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "secret.person" not in html
    assert "another.secret" not in html


def test_moderators_are_emailed_about_pending_comments(client, article,
                                                        committed):
    make_user(group="Moderators", email="mod@newsroom.example")
    with committed():
        post_comment(client, article, comment="Please look")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mod@newsroom.example"]
    assert "Please look" in mail.outbox[0].body
    assert "ada@example.com" not in mail.outbox[0].body


def test_replies_are_threaded_under_their_parent(client, article):
    parent = make_comment(article=article, body="Parent comment")
    make_comment(article=article, parent=parent, body="A reply")
    make_comment(article=article, body="Another top-level")
    from lxml import html as lxml_html

    doc = lxml_html.fromstring(client.get(article.get_absolute_url()).content)
    nested = doc.xpath(f"//li[@id='comment-{parent.pk}']//ol[@class='comment-children']//li")
    assert len(nested) == 1
    assert "A reply" in nested[0].text_content()


def test_reply_link_prefills_parent_without_javascript(client, article):
    parent = make_comment(article=article)
    html = client.get(article.get_absolute_url(), {"replytocom": parent.pk}).content.decode()
    assert f'name="parent" value="{parent.pk}"' in html
    post_comment(client, article, parent=str(parent.pk), comment="My reply")
    reply = Comment.objects.get(body="My reply")
    assert reply.parent == parent
    assert reply.depth == 1


def test_resubmitting_the_same_form_does_not_duplicate(client, article):
    data = comment_form_data(article, comment="Said once")
    url = f"{article.get_absolute_url()}comments/"
    first = client.post(url, data)
    second = client.post(url, data)
    assert Comment.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_filled_honeypot_on_an_ordinary_post_is_held_with_its_reason(client, article):
    post_comment(client, article, hp_7q="Ada", comment="A fair point about the harbour.")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert [r["rule"] for r in comment.reasons] == ["honeypot"]


def test_a_filled_honeypot_with_another_warning_sign_is_spam(client, article, settings):
    settings.COMMENT_MAX_LINKS = 0
    post_comment(client, article, hp_7q="bot", comment="Buy now https://spam.example")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert {r["rule"] for r in comment.reasons} == {"honeypot", "too_many_links"}


def test_article_page_queries_do_not_grow_with_comments(client, article, settings):
    settings.PAGE_CACHE_ENABLED = False  # what a render from the database costs
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as captured:
            client.get(article.get_absolute_url())
        return len(captured)

    make_comment(article=article)
    count()  # the first render loads what each worker keeps (the menus)
    baseline = count()
    staff = make_user(group="Editors")
    top = make_comment(article=article, user=staff)
    for n in range(10):
        reply = make_comment(article=article, parent=top, user=staff if n % 2 else None)
        make_comment(article=article, parent=reply)
    assert count() == baseline
