"""A reader posts a comment, a moderator approves it in the admin, everyone sees it."""

import pytest

from comments.models import Comment
from tests.factories import make_article, make_author, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long moderator passphrase"


def test_reader_comment_is_held_then_approved_by_a_moderator(live_server, new_page, screenshot,
                                                             settings):
    # A test fills the form in well under a second; the "too fast" rule has its own tests.
    settings.COMMENT_MIN_SECONDS = 0
    article = make_article(
        headline="Council approves the new harbour plan",
        authors=[make_author(name="Ravi Patel")],
        body="<p>The council voted on Tuesday.</p>",
    )
    make_user(username="mod", group="Moderators", password=PASSWORD)
    url = live_server.url + article.get_absolute_url()

    reader = new_page(viewport=(390, 844))
    reader.goto(url)
    assert reader.get_by_role("heading", name="Leave a Reply").is_visible()
    reader.get_by_role("textbox", name="Name").fill("Ada Reader")
    reader.get_by_role("textbox", name="Email").fill("ada@example.com")
    reader.get_by_role("textbox", name="Comment").fill("Thanks for the clear reporting on the harbour.")
    reader.get_by_role("button", name="Post Comment").click()
    reader.wait_for_load_state()
    own = reader.locator(".comment--pending")
    assert "awaiting moderation" in own.inner_text()
    assert "Thanks for the clear reporting" in own.inner_text()
    screenshot(reader, "comment-awaiting-moderation-phone")

    stranger = new_page()
    stranger.goto(url)
    assert "Thanks for the clear reporting" not in stranger.content()

    moderator = new_page()
    moderator.goto(live_server.url + "/admin/")
    moderator.get_by_label("Username").fill("mod")
    moderator.get_by_label("Password").fill(PASSWORD)
    moderator.get_by_role("button", name="Log in").click()
    moderator.locator("#content-main a[href$='/comments/comment/']").first.click()
    row = moderator.locator("#result_list tbody tr", has_text="Thanks for the clear reporting")
    row.locator("input[type=checkbox]").check()
    moderator.select_option("select[name=action]", "approve")
    moderator.get_by_role("button", name="Run").click()
    assert "1 comment(s) approved." in moderator.locator(".messagelist").inner_text()
    screenshot(moderator, "moderation-queue-after-approval")

    assert Comment.objects.get().status == Comment.Status.APPROVED
    stranger.reload()  # what a reader does; a plain revisit may be served from HTTP cache
    approved = stranger.locator(".comment", has_text="Thanks for the clear reporting")
    assert approved.count() == 1
    assert "awaiting moderation" not in approved.inner_text()
    screenshot(stranger, "comment-approved-desktop")
