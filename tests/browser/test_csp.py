"""The strict CSP holds in a real browser: the admin's scripts still work, nothing is blocked.

Chromium reports every CSP violation as a console error, and the `new_page` fixture
fails the test on any console error.
"""

import pytest

from tests.factories import make_article, make_section, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long editor passphrase"


def test_admin_article_form_runs_its_scripts_under_the_strict_policy(live_server, new_page,
                                                                      screenshot):
    make_section(name="Local")
    # Transactional tests flush the role groups, so a superuser stands in for an editor.
    make_user(username="editor", is_staff=True, is_superuser=True, password=PASSWORD)
    page = new_page()
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/admin/articles/article/add/")
    # Prepopulated slugs are done by the admin's JavaScript: proof that scripts run.
    page.get_by_label("Headline").fill("Harbour plan approved")
    page.get_by_label("Standfirst").click()
    assert page.get_by_label("Slug").input_value() == "harbour-plan-approved"
    # The rich-text editor (an ES module behind the import map) is up and editable.
    editor = page.locator(".ProseMirror[contenteditable=true]").first
    editor.click()
    page.keyboard.type("Typed under the strict policy.")
    assert "Typed under the strict policy." in editor.inner_text()
    # The collapsible fieldset and the calendar shortcut are scripts too.
    page.get_by_text("Search and sharing").click()
    assert page.get_by_label("SEO title").is_visible()
    page.locator(".datetimeshortcuts").first.wait_for(timeout=5000)
    screenshot(page, "admin-article-form-under-csp")
    assert violations == []


def test_article_page_loads_without_csp_violations(live_server, new_page):
    article = make_article(body="<p>Body with <a href='https://example.org/'>a link</a>.</p>")
    page = new_page()
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    response = page.goto(live_server.url + article.get_absolute_url())
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert page.locator("h1").inner_text() == article.headline
    # Stylesheet applied (CSP did not block it): the body font is the site's, not the default.
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).display") != ""
    assert violations == []
