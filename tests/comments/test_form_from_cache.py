"""The comment form works from any cache: the app's, Varnish or a CDN.

A form inside a cached page carries the time the page was made, not when this reader
got it. The form's script fetches a token of the reader's own; without it (no
JavaScript) the post is held for a moderator, never refused or lost for that alone.
"""

import json
import time

import pytest

from comments.forms import make_token
from comments.models import Comment
from tests.factories import make_article, make_comment, post_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article()


def cached_page_token(article, age=600):
    """The token baked into a page a shared cache kept for `age` seconds."""
    return make_token(article.pk, now=time.time() - age, fresh=False)


def test_the_reader_gets_a_fresh_private_token_for_the_form(client, article):
    response = client.get(f"{article.get_absolute_url()}comments/token/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert json.loads(response.content)["token"]


def test_no_token_for_a_story_readers_cannot_see(client):
    draft = make_article(status="draft")
    assert client.get(f"{draft.get_absolute_url()}comments/token/").status_code == 404


def test_a_post_at_once_with_the_readers_own_token_is_too_fast(client, article, settings):
    settings.COMMENT_MIN_SECONDS = 3
    token = json.loads(client.get(f"{article.get_absolute_url()}comments/token/").content)["token"]
    response = post_comment(client, article, token=token)
    assert response.status_code == 400
    assert "quicker than anyone can type" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_cached_form_posted_without_javascript_is_held_not_refused(client, article, settings):
    settings.COMMENT_AUTO_APPROVE_KNOWN = True
    make_comment(article=article, author_name="Ada Reader", author_email="ada@example.com")
    response = post_comment(client, article, token=cached_page_token(article),
                            comment="Posted without JavaScript.")
    assert response.status_code == 303
    comment = Comment.objects.get(body="Posted without JavaScript.")
    # A known commenter would skip the queue; an unchecked speed holds it instead.
    assert comment.status == Comment.Status.PENDING
    assert comment.reason_codes == "unchecked_speed"


def test_a_page_rendered_for_a_shared_cache_carries_a_token_marked_not_fresh(client, article):
    from django.core import signing

    from comments.forms import TOKEN_SALT

    html = client.get(article.get_absolute_url()).content.decode()
    token = html.split('name="token" value="', 1)[1].split('"', 1)[0]
    assert "f" not in signing.loads(token, salt=TOKEN_SALT)
