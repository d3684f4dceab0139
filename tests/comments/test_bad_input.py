"""Bad input gets a clear answer, keeps what was typed, and never a 500."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments.forms import make_token
from comments.models import Comment
from newsroom.publishing import Status
from tests.factories import comment_form_data, make_article, make_comment, post_comment

pytestmark = pytest.mark.django_db



@pytest.mark.parametrize(
    "field, value, message",
    [
        ("name", "", "This field is required."),
        ("email", "", "This field is required."),
        ("email", "not-an-email", "Enter a valid email address."),
        ("comment", "", "This field is required."),
        ("comment", "   \n  ", "This field is required."),
        ("comment", "x" * 5001, "Ensure this value has at most 5000 characters"),
        ("website", "javascript:alert(1)", "Enter a valid URL."),
        ("name", "Eve\r\nBcc: victim@example.com", "line breaks"),
        ("email", "eve@example.com\nBcc: v@example.com", "Enter a valid email address."),
        ("comment", "null\x00byte", "Null characters are not allowed."),
        ("comment", "evil \u202e txt", "text-direction"),
    ],
)
def test_invalid_form_is_rerendered_with_the_reason_and_typed_text(client, article, field, value,
                                                                   message):
    typed = "Words I do not want to lose"
    data = {"comment": typed, field: value} if field != "comment" else {field: value}
    response = post_comment(client, article, **data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Leave a Reply" in html
    if field != "comment":
        assert typed in html
    assert not Comment.objects.exists()


def test_comments_closed_is_refused_with_a_message(client):
    article = make_article(comments_open=False)
    response = post_comment(client, article)
    assert response.status_code == 403
    assert "Comments are closed" in response.content.decode()
    assert not Comment.objects.exists()


def test_posting_to_a_draft_is_404(client):
    article = make_article(status=Status.DRAFT)
    assert post_comment(client, article).status_code == 404
    assert not Comment.objects.exists()


def test_expired_form_is_refused_with_an_explanation(client, article):
    old = make_token(article.pk, now=(timezone.now() - timedelta(days=3)).timestamp())
    response = post_comment(client, article, token=old, comment="Late words")
    assert response.status_code == 400
    assert "This form has expired" in response.content.decode()
    assert "Late words" in response.content.decode()


def test_token_from_another_article_is_refused(client, article):
    other = make_article()
    response = post_comment(client, article, token=make_token(other.pk))
    assert response.status_code == 400
    assert "could not be verified" in response.content.decode()


def test_cross_site_post_is_refused(client, article):
    response = client.post(
        f"{article.get_absolute_url()}comments/", comment_form_data(article),
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_reply_to_comment_on_another_article_is_refused(client, article):
    foreign = make_comment(article=make_article())
    response = post_comment(client, article, parent=str(foreign.pk))
    assert response.status_code == 400
    assert "not available" in response.content.decode()
    assert Comment.objects.count() == 1


def test_reply_to_pending_comment_is_refused(client, article):
    pending = make_comment(article=article, status=Comment.Status.PENDING)
    assert post_comment(client, article, parent=str(pending.pk)).status_code == 400


def test_reply_to_a_comment_at_the_deepest_level_attaches_beside_it(client, article, settings):
    settings.COMMENT_MAX_DEPTH = 2
    top = make_comment(article=article)
    reply = make_comment(article=article, parent=top)
    response = post_comment(client, article, parent=str(reply.pk))
    assert response.status_code == 303
    stored = Comment.objects.get(status=Comment.Status.PENDING)
    assert (stored.parent, stored.depth, stored.thread) == (top, 1, top)


@pytest.mark.parametrize("parent", ["abc", "-3", "99999999999999999999999"])
def test_garbage_parent_is_a_clear_400(client, article, parent):
    assert post_comment(client, article, parent=parent).status_code == 400


def test_get_on_the_post_url_is_405(client, article):
    assert client.get(f"{article.get_absolute_url()}comments/").status_code == 405


@pytest.mark.parametrize("status", [Comment.Status.SPAM, Comment.Status.REMOVED])
def test_reply_to_a_hidden_comment_is_refused_and_changes_nothing(client, article, status):
    hidden = make_comment(article=article, status=status, body="Hidden words")
    response = post_comment(client, article, parent=str(hidden.pk))
    assert response.status_code == 400
    assert "not available" in response.content.decode()
    hidden.refresh_from_db()
    assert (hidden.status, hidden.body) == (status, "Hidden words")
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("field, value", [
    ("name", "x" * 81),
    ("name", "Tab\tname"),
    ("website", "https://example.com/" + "a" * 200),
    ("email", "a@b.example\r\nCc: x@y.example"),
])
def test_malformed_single_line_fields_are_refused(client, article, field, value):
    response = post_comment(client, article, **{field: value})
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert not Comment.objects.exists()


def test_a_refused_post_leaves_existing_comments_untouched(client, article, settings):
    settings.COMMENT_RATE_LIMIT = "1/3600"
    first = make_comment(article=article, body="Already here")
    post_comment(client, article, comment="one")
    before = list(Comment.objects.order_by("pk").values())
    assert post_comment(client, article, comment="two").status_code == 429
    assert post_comment(client, article, parent=str(first.pk + 1000)).status_code == 400
    assert list(Comment.objects.order_by("pk").values()) == before


def test_forged_token_is_refused(client, article):
    response = post_comment(client, article, token="not-a-signed-token")
    assert response.status_code == 400
    assert "could not be verified" in response.content.decode()
