"""The comment form works in a page served from the page cache, in a real browser.

(Named to run after test_comment_moderation.py: a transactional test's flush removes
the roles the data migration created, which that test needs.)
"""

import urllib.request

import pytest

from comments.models import Comment
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_posts_from_a_cached_page_and_sees_their_pending_comment(
    live_server, new_page, screenshot, settings
):
    settings.COMMENT_MIN_SECONDS = 0  # a test types faster than the "too fast" rule allows
    article = make_article(headline="Storm closes the coast road")
    url = live_server.url + article.get_absolute_url()
    for _ in range(2):  # the first visit starts the cache generations, the second stores
        urllib.request.urlopen(url).read()

    reader = new_page()
    response = reader.goto(url)
    assert response.headers["x-page-cache"] == "hit"
    assert "public" in response.headers["cache-control"]
    reader.get_by_role("textbox", name="Name").fill("Ada Reader")
    reader.get_by_role("textbox", name="Email").fill("ada@example.com")
    reader.get_by_role("textbox", name="Comment").fill("Posted from a cached page.")
    reader.get_by_role("button", name="Post Comment").click()
    reader.wait_for_load_state()
    assert Comment.objects.get().body == "Posted from a cached page."
    assert "awaiting moderation" in reader.locator(".comment--pending").inner_text()
    screenshot(reader, "comment-posted-from-cached-page")

    stranger = new_page()
    response = stranger.goto(url)
    assert response.headers["x-page-cache"] == "hit"
    assert "Posted from a cached page." not in stranger.content()
