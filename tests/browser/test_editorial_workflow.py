"""A writer drafts and submits, an editor previews, schedules and publishes: in Chromium."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, AuditEntry
from newsroom.publishing import Status
from tests.browser.admin import pick_autocomplete
from tests.factories import make_author, make_section, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long newsroom passphrase"


@pytest.fixture(autouse=True)
def newsroom_roles():
    """Recreate the roles: they come from data migrations, and an earlier transactional
    test flushes the database after itself."""
    from tests.factories import recreate_roles

    recreate_roles()


def log_in(page, base_url, username):
    page.goto(base_url + "/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def test_writer_drafts_and_submits_for_review(live_server, new_page, screenshot):
    make_section(name="Local", slug="local")
    writer = make_user(username="wendy", group="Writers", password=PASSWORD)
    make_author(name="Wendy Writer", slug="wendy-writer", user=writer)

    page = new_page()
    log_in(page, live_server.url, "wendy")
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.get_by_label("Headline").fill("Harbour plan approved after long debate")
    page.get_by_label("Headline").press("Tab")  # the slug follows the headline on change
    assert page.get_by_label("Slug").input_value() == "harbour-plan-approved-after-long-debate"
    page.get_by_label("Standfirst").fill("Councillors voted nine to four on Tuesday night.")
    editor = page.locator(".field-body [contenteditable=true]")
    screenshot(page, "writer-add-form")
    editor.click()
    page.keyboard.type("The council approved the plan.")
    page.keyboard.press("Enter")
    page.keyboard.type("Work starts in spring.")
    pick_autocomplete(page, page.locator(".field-section"), "Local")
    pick_autocomplete(page, page.locator("#bylines-group"), "Wendy Writer")
    status_options = page.locator("select[name=status] option").all_inner_texts()
    assert status_options == ["Draft", "In review"]  # no way to publish from here
    screenshot(page, "writer-drafting")
    page.get_by_role("button", name="Save and continue editing").click()
    assert "was added successfully" in page.locator(".messagelist").inner_text()

    article = Article.objects.get()
    assert article.status == Status.DRAFT
    assert "<p>The council approved the plan.</p><p>Work starts in spring.</p>" in article.body
    page.select_option("select[name=status]", "review")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    article.refresh_from_db()
    assert article.status == Status.REVIEW
    assert AuditEntry.objects.get(action="submit").actor == writer
    screenshot(page, "writer-submitted-list")


def test_editor_previews_schedules_then_publishes(live_server, new_page, screenshot):
    from tests.factories import make_article

    article = make_article(
        status=Status.REVIEW,
        headline="Bridge reopens next week",
        slug="bridge-reopens",
        body="<p>The bridge has been closed since March.</p>",
    )
    make_user(username="eddie", group="Editors", password=PASSWORD)
    page = new_page()
    log_in(page, live_server.url, "eddie")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")

    page.get_by_role("link", name="View on site").click()
    page.wait_for_load_state()
    banner = page.get_by_role("status")
    assert "Preview — not published" in banner.inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "Bridge reopens next week"
    screenshot(page, "editor-preview-banner")
    page.go_back()

    when = timezone.localtime() + timedelta(days=2)
    page.select_option("select[name=status]", "published")
    page.fill("input[name=published_at_0]", f"{when:%Y-%m-%d}")
    page.fill("input[name=published_at_1]", f"{when:%H:%M:%S}")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and not article.is_published  # scheduled
    reader = new_page()
    public_url = live_server.url + article.get_absolute_url()
    assert reader.request.get(public_url).status == 404  # not a page load: no console noise

    row = page.locator("#result_list tbody tr", has_text="Bridge reopens next week")
    row.locator("input[type=checkbox]").check()
    page.select_option("select[name=action]", "publish_selected")
    page.get_by_role("button", name="Run").click()
    page.wait_for_load_state()
    assert "You are about to publish these articles" in page.locator("#content-main").inner_text()
    screenshot(page, "editor-confirm-publish")
    page.get_by_role("button", name="Yes, publish 1 article").click()
    assert "1 article(s) published." in page.locator(".messagelist").inner_text()

    assert reader.goto(public_url).status == 200
    assert "Preview" not in reader.content()
    actions = list(AuditEntry.objects.order_by("at", "id").values_list("action", flat=True))
    assert actions == ["schedule", "publish"]
    page.goto(live_server.url + "/admin/articles/auditentry/")
    screenshot(page, "editor-audit-log")
