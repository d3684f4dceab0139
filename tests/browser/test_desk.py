"""The editors' desk in Chromium: what only a browser shows.

A writer's first draft, a photo kept across a mistake, the warning before leaving,
autosave restored after closing the tab, two editors saving the same article, a
moderator clearing the queue by keyboard, and the pages' layout at 1366 px with axe.
"""

import pytest
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article
from comments.models import Comment
from newsroom.publishing import Status
from tests.browser.admin import pick_autocomplete
from tests.factories import make_article, make_author, make_comment, make_section, make_user

from .test_reader_path import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long newsroom passphrase"
LAPTOP = (1366, 768)


@pytest.fixture(autouse=True)
def newsroom_roles():
    from tests.factories import recreate_roles

    recreate_roles()


@pytest.fixture
def writer():
    user = make_user(username="wendy", group="Writers", password=PASSWORD)
    make_author(name="Wendy Writer", slug="wendy-writer", user=user)
    return user


def log_in(page, base_url, username):
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def pick_section(page, name):
    pick_autocomplete(page, page.locator(".field-section"), name)


def body_editor(page):
    return page.locator(".field-body [contenteditable=true]")


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_writers_first_draft_saves_with_only_the_story_filled(
        live_server, new_page, screenshot, writer):
    make_section(name="Local", slug="local")
    page = new_page(LAPTOP)
    log_in(page, live_server.url, "wendy")
    page.goto(live_server.url + "/admin/articles/article/add/")
    assert body_editor(page).evaluate("el => el.spellcheck") is True
    assert body_editor(page).bounding_box()["height"] > 300  # room to write, even when empty
    page.get_by_label("Headline").fill("Harbour plan approved")
    page.get_by_label("Standfirst").fill("Councillors voted on Tuesday.")
    body_editor(page).click()
    page.keyboard.type("The council approved the plan after a long debate.")
    assert page.locator("#body-word-count").inner_text().startswith("9 words · 1 min read")
    pick_section(page, "Local")
    screenshot(page, "desk-writer-first-draft")
    page.get_by_role("button", name="Save and continue editing").click()
    assert "was added successfully" in page.locator(".messagelist").inner_text()
    article = Article.objects.get()
    assert [b.author.name for b in article.bylines.all()] == ["Wendy Writer"]


def photo_file(tmp_path):
    path = tmp_path / "harbour.jpg"
    Image.new("RGB", (800, 500), (30, 90, 160)).save(path, "JPEG")
    return path


def test_a_chosen_photo_survives_a_validation_error(
        live_server, new_page, screenshot, writer, tmp_path, run_tasks):
    make_section(name="Local", slug="local")
    page = new_page(LAPTOP)
    log_in(page, live_server.url, "wendy")
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.get_by_label("Headline").fill("Harbour at dawn")
    page.get_by_label("Standfirst").fill("A photo story.")
    body_editor(page).click()
    page.keyboard.type("Boats.")
    pick_section(page, "Local")
    page.set_input_files("input[name=featured_image]", str(photo_file(tmp_path)))
    page.get_by_label("Alt text").fill("Boats in the harbour at dawn")
    # The mistake: no caption or credit.
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_load_state()
    assert "needs a caption and a credit" in page.locator(".errorlist.nonfield").inner_text()
    kept = page.locator(".kept-image")
    assert "is kept" in kept.inner_text()
    assert kept.locator("img").evaluate("img => img.naturalWidth") > 0
    screenshot(page, "desk-photo-kept-after-error")
    page.get_by_label("Caption").fill("The harbour on Tuesday")
    page.get_by_label("Credit").fill("Jane Doe/Agency")
    page.get_by_role("button", name="Save and continue editing").click()
    assert "was added successfully" in page.locator(".messagelist").inner_text()
    # The live server shares the test's SQLite connection: let the page's own requests
    # (the kept photo) finish before this thread uses it.
    page.wait_for_load_state("networkidle")
    run_tasks()  # the sizes are rendered by the worker
    assert Article.objects.get().featured_image_renditions["fallback"]


def test_leaving_a_changed_form_asks_first(live_server, new_page, writer):
    make_section(name="Local", slug="local")
    page = new_page(LAPTOP)
    log_in(page, live_server.url, "wendy")
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.get_by_label("Headline").fill("Half a headline")
    asked = []

    def on_dialog(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # "stay on this page"

    page.on("dialog", on_dialog)
    page.locator(".breadcrumbs a", has_text="Home").click()
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"]
    assert page.get_by_label("Headline").input_value() == "Half a headline"


def test_autosave_is_offered_back_after_the_tab_is_closed(
        live_server, new_page, screenshot, writer):
    article = make_article(status=Status.DRAFT, headline="Bridge story",
                           authors=[writer.author], body="<p>First paragraph.</p>")
    page = new_page(LAPTOP)
    log_in(page, live_server.url, "wendy")
    url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    page.goto(url)
    page.get_by_label("Headline").fill("Bridge story, rewritten")
    body_editor(page).click()
    page.keyboard.press("End")
    page.keyboard.type(" Added before the crash.")
    page.wait_for_timeout(3500)  # autosave runs every 3 s
    context = page.context
    page.close()  # the tab is gone, unsaved

    again = context.new_page()
    again.goto(url)
    offer = again.locator(".autosave-offer")
    assert "Restore your unsaved changes from" in offer.inner_text()
    screenshot(again, "desk-autosave-offer")
    offer.get_by_role("button", name="Restore").click()
    assert again.get_by_label("Headline").input_value() == "Bridge story, rewritten"
    assert "Added before the crash." in body_editor(again).inner_text()
    article.refresh_from_db()
    assert article.headline == "Bridge story"  # autosave never saved the article itself


def test_the_second_of_two_editors_saving_is_refused_and_keeps_their_text(
        live_server, new_page, screenshot):
    article = make_article(status=Status.REVIEW, headline="Council story",
                           body="<p>The council met.</p>")
    make_user(username="ana", group="Editors", password=PASSWORD)
    make_user(username="ben", group="Editors", password=PASSWORD)
    url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    ana, ben = new_page(LAPTOP), new_page(LAPTOP)
    log_in(ana, live_server.url, "ana")
    log_in(ben, live_server.url, "ben")
    ana.goto(url)
    ben.goto(url)
    expect(ben.locator("#article-presence")).to_have_text("ana is also editing this article.")

    ana.get_by_label("Headline").fill("Council story: Ana's version")
    ana.get_by_role("button", name="Save and continue editing").click()
    assert "was changed successfully" in ana.locator(".messagelist").inner_text()

    body_editor(ben).click()
    ben.keyboard.press("End")
    ben.keyboard.type(" Ben's new paragraph.")
    ben.get_by_role("button", name="Save and continue editing").click()
    ben.wait_for_load_state()
    assert "since you opened it" in ben.locator(".errorlist.nonfield").inner_text()
    assert "Ben's new paragraph." in body_editor(ben).inner_text()
    assert ben.locator(".conflict").is_visible()
    screenshot(ben, "desk-conflict")
    article.refresh_from_db()
    assert article.headline == "Council story: Ana's version"
    assert "Ben" not in article.body


def test_a_moderator_clears_ten_comments_by_keyboard(live_server, new_page, screenshot):
    article = make_article(headline="Harbour plan")
    for n in range(10):
        make_comment(article=article, status="pending", body=f"Comment number {n} here.")
    make_user(username="mod", group="Moderators", password=PASSWORD)
    page = new_page(LAPTOP)
    log_in(page, live_server.url, "mod")
    page.goto(live_server.url + "/admin/comments/comment/")
    assert fits(page), "the queue scrolls sideways at 1366 px"
    screenshot(page, "desk-moderation-queue")
    for n in range(10):
        key = "s" if n == 3 else "a"
        page.keyboard.press(key)
        expect(page.locator("tr.is-decided")).to_have_count(n + 1)
    assert Comment.objects.filter(status="approved").count() == 9
    assert Comment.objects.filter(status="spam").count() == 1


def test_the_desk_for_each_role_is_accessible_and_fits_1366(
        live_server, new_page, screenshot, writer):
    make_article(status=Status.REVIEW, headline="Waiting for an editor", authors=[writer.author])
    make_article(status=Status.DRAFT, headline="Still drafting", authors=[writer.author])
    make_comment(status="pending")
    make_user(username="eddie", group="Editors", password=PASSWORD)
    make_user(username="mod", group="Moderators", password=PASSWORD)
    for username in ("wendy", "eddie", "mod"):
        page = new_page(LAPTOP, bypass_csp=True)
        log_in(page, live_server.url, username)
        page.goto(live_server.url + "/admin/")
        assert axe_violations(page) == [], username
        assert fits(page), f"the desk scrolls sideways for {username}"
        screenshot(page, f"desk-front-page-{username}")
    page.goto(live_server.url + "/admin/comments/comment/")
    problems = axe_violations(page)
    assert problems == [], "\n".join(problems)


def test_the_article_form_is_accessible_for_writer_and_editor(live_server, new_page, writer):
    article = make_article(status=Status.REVIEW, headline="Waiting", authors=[writer.author])
    make_user(username="eddie", group="Editors", password=PASSWORD)
    for username, path in (("wendy", "/admin/articles/article/add/"),
                           ("wendy", f"/admin/articles/article/{article.pk}/change/"),
                           ("eddie", f"/admin/articles/article/{article.pk}/change/")):
        page = new_page(LAPTOP, bypass_csp=True)
        log_in(page, live_server.url, username)
        page.goto(live_server.url + path)
        body_editor(page).or_(page.locator(".article-body-rendered")).first.wait_for()
        problems = axe_violations_in(page, DESK_PARTS)
        assert problems == [], f"{username} {path}:\n" + "\n".join(problems)


# What the desk adds to Django's article form. The stock form itself has known axe
# findings we do not own (a file input named by a <legend>, select2 boxes, the tabular
# inline's unlabelled position inputs), so axe is pointed at our parts.
DESK_PARTS = [".field-headline", ".field-body", ".field-image_preview", ".send-back",
              ".object-tools", "#article-presence", ".returned-note", ".errornote"]


def axe_violations_in(page, selectors):
    from .test_reader_path import AXE, WCAG_TAGS

    page.evaluate(AXE.read_text())
    present = [sel for sel in selectors if page.locator(sel).count()]
    result = page.evaluate(
        "([include, tags]) => axe.run({include: include.map(s => [s])},"
        " {runOnly: {type: 'tag', values: tags}})",
        [present, WCAG_TAGS],
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]



def test_clicking_the_photo_sets_the_focal_point_for_the_crops(
        live_server, new_page, screenshot, tmp_path, run_tasks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("harbour.jpg", photo_file(tmp_path).read_bytes())
    article = make_article(featured_image=photo, featured_image_alt="Boats at dawn",
                           featured_image_caption="Harbour", featured_image_credit="Jane Doe")
    run_tasks()  # the clean copy and its sizes, as the worker makes them
    make_user(username="eddie", group="Editors", password=PASSWORD)
    page = new_page(LAPTOP)
    log_in(page, live_server.url, "eddie")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    image = page.locator(".focus-picker__photo img")
    image.scroll_into_view_if_needed()
    box = image.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.2)
    assert page.locator("#id_featured_image_focus_x").input_value() == "80"
    assert page.locator("#id_featured_image_focus_y").input_value() == "20"
    page.get_by_role("button", name="Save and continue editing").click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    article.refresh_from_db()
    assert article.featured_image_renditions["crops"]["focus"] == [80, 20]
    page.locator(".focus-picker").scroll_into_view_if_needed()
    screenshot(page, "desk-focal-point")
