"""The comment form works in a page served from the page cache, in a real browser.

(Named to run after test_comment_moderation.py: a transactional test's flush removes
the roles the data migration created, which that test needs.)
"""

import time
import urllib.request

import pytest

from comments.models import Comment
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def warm(url):
    """Visit until the page cache keeps the page (not within a moment of its purge)."""
    for _ in range(20):
        with urllib.request.urlopen(url) as response:
            if response.headers["X-Page-Cache"] == "hit":
                return
        time.sleep(0.05)
    raise AssertionError("the page was never kept")


def test_reader_posts_from_a_cached_page_and_sees_their_pending_comment(
    live_server, new_page, screenshot, settings
):
    settings.COMMENT_MIN_SECONDS = 0  # a test types faster than the "too fast" rule allows
    article = make_article(headline="Storm closes the coast road")
    url = live_server.url + article.get_absolute_url()
    warm(url)

    reader = new_page()
    response = reader.goto(url)
    assert response.headers["x-page-cache"] == "hit"
    assert "public" in response.headers["cache-control"]
    cached_token = reader.locator("input[name=token]").input_value()
    reader.get_by_role("textbox", name="Name").fill("Ada Reader")
    # Starting on the form fetched a token of this reader's own, timed from now.
    reader.wait_for_function(
        "old => document.querySelector('input[name=token]').value !== old", arg=cached_token)
    reader.get_by_role("textbox", name="Email").fill("ada@example.com")
    reader.get_by_role("textbox", name="Comment").fill("Posted from a cached page.")
    reader.get_by_role("button", name="Post Comment").click()
    reader.wait_for_load_state()
    comment = Comment.objects.get()
    assert comment.body == "Posted from a cached page."
    assert "unchecked_speed" not in comment.reason_codes  # its speed was checked
    assert "awaiting moderation" in reader.locator(".comment--pending").inner_text()
    screenshot(reader, "comment-posted-from-cached-page")

    stranger = new_page()
    response = stranger.goto(url)
    assert response.headers["x-page-cache"] == "hit"
    assert "Posted from a cached page." not in stranger.content()


def test_too_fast_is_judged_from_when_the_reader_got_the_cached_form(
    live_server, new_page, settings
):
    settings.COMMENT_MIN_SECONDS = 30  # longer than this test takes to type
    article = make_article(headline="Bridge repairs begin")
    url = live_server.url + article.get_absolute_url()
    warm(url)
    reader = new_page(expect_status=(400,))  # the form comes back with the reason
    assert reader.goto(url).headers["x-page-cache"] == "hit"
    cached_token = reader.locator("input[name=token]").input_value()
    reader.get_by_role("textbox", name="Name").fill("Quick Typist")
    # A person types for longer than the page takes to fetch their own token; on a busy
    # machine the test's typing may not, and would post the page's shared one.
    reader.wait_for_function(
        "old => document.querySelector('input[name=token]').value !== old", arg=cached_token)
    reader.get_by_role("textbox", name="Email").fill("quick@example.com")
    reader.get_by_role("textbox", name="Comment").fill("Typed in no time at all.")
    reader.get_by_role("button", name="Post Comment").click()
    reader.wait_for_load_state()
    assert "quicker than anyone can type" in reader.content()
    assert not Comment.objects.exists()
