"""A preview link made in the admin opens in a logged-out browser, until it is revoked."""

import pytest
from playwright.sync_api import expect

from newsroom.publishing import Status
from tests.factories import make_article, make_user

from .test_reader_path import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long newsroom passphrase"


@pytest.fixture(autouse=True)
def newsroom_roles():
    from tests.factories import recreate_roles

    recreate_roles()


def test_a_preview_link_opens_logged_out_then_is_refused_after_revocation(
        live_server, new_page, screenshot, settings):
    settings.SITE_URL = live_server.url  # the link is built from the site's own address
    draft = make_article(status=Status.DRAFT, headline="Council budget leaks",
                         body="<p>The draft text a lawyer must read.</p>")
    make_user(username="eddie", group="Editors", password=PASSWORD)
    desk = new_page()
    desk.goto(live_server.url + "/admin/login/")
    desk.get_by_label("Username").fill("eddie")
    desk.get_by_label("Password").fill(PASSWORD)
    desk.get_by_role("button", name="Log in").click()
    desk.goto(f"{live_server.url}/admin/articles/article/{draft.pk}/change/")
    desk.get_by_role("link", name="Share a preview").click()
    desk.get_by_label("Shared with").fill("Legal: Sam Ortiz")
    desk.get_by_role("button", name="Save and continue editing").click()
    link = desk.get_by_label("Preview link").input_value()
    assert link.startswith(live_server.url + "/preview/")
    assert not axe_violations(desk), "serious or critical accessibility problems"

    reader = new_page(expect_status=[410])  # a fresh browser: no session, no cookies
    reader.goto(link)
    expect(reader.locator("h1")).to_have_text("Council budget leaks")
    expect(reader.locator(".preview-banner")).to_contain_text("not published yet")
    expect(reader.locator(".article-body")).to_contain_text("a lawyer must read")
    screenshot(reader, "preview-link-open")

    desk.get_by_label("Revoke this link").check()
    desk.get_by_role("button", name="Save and continue editing").click()
    expect(desk.locator(".messagelist")).to_contain_text("revoked")

    response = reader.goto(link)
    assert response.status == 410
    expect(reader.locator("h1")).to_have_text("This preview link was withdrawn")
    expect(reader.locator("body")).not_to_contain_text("a lawyer must read")
    screenshot(reader, "preview-link-revoked")
