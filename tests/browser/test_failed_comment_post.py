"""A comment that fails to post says so where the reader is looking (issue 17, point 1)."""

import pytest

from tests.factories import make_article, make_comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def long_article(settings):
    settings.COMMENT_MIN_SECONDS = 0
    body = "".join(f"<p>Paragraph {n} of a long story about the harbour.</p>" for n in range(60))
    article = make_article(headline="Harbour plan passes", body=body)
    make_comment(article=article, author_name="Grace Hopper", body="Who pays for it?")
    return article


def in_viewport(page, selector):
    return page.locator(selector).evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return r.top >= -1 && r.top < window.innerHeight && r.bottom > 0; }")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_failed_post_lands_on_the_error_summary_with_focus(
        live_server, new_page, screenshot, long_article, javascript):
    page = new_page(viewport=(390, 800), java_script_enabled=javascript, expect_status=[400])
    page.goto(live_server.url + long_article.get_absolute_url())
    page.get_by_role("textbox", name="Name").fill("Ada Reader")
    page.get_by_role("textbox", name="Email").fill("not an email")
    page.get_by_role("textbox", name="Comment").fill("The harbour fund pays.")
    page.get_by_role("button", name="Post Comment").click()
    page.wait_for_load_state()
    assert page.url.endswith("/comments/#error-summary")
    assert page.title().startswith("Error: ")
    assert in_viewport(page, "#error-summary"), "the error summary is off screen"
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert "Enter a valid email address." in page.locator("#error-summary").inner_text()
    screenshot(page, f"comment-error-summary-{'js' if javascript else 'nojs'}")
    # The summary's link takes the reader to the field to fix.
    page.locator("#error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    assert page.get_by_role("textbox", name="Comment").input_value() == "The harbour fund pays."


def test_failed_reply_keeps_its_reply_heading(live_server, new_page, long_article):
    page = new_page(expect_status=[400])
    page.goto(live_server.url + long_article.get_absolute_url())
    page.get_by_role("link", name="Reply to Grace Hopper").click()
    page.get_by_role("textbox", name="Name").fill("Ada Reader")
    page.get_by_role("textbox", name="Email").fill("ada@example.com")
    page.get_by_role("button", name="Post Comment").click()
    page.wait_for_load_state()
    assert "Leave a Reply to Grace Hopper" in page.locator("#reply-title").inner_text()
    assert page.evaluate("document.activeElement.id") == "error-summary"
