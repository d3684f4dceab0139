"""A reader's path through the site in Chromium, with axe-core on every page.

front page → section → article → author → search → feed link, at phone (360 px) and
desktop widths, light and dark; screenshots go to test-artifacts/.
"""

import functools
import json
from pathlib import Path

import feedparser
import pytest

from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PHONE, DESKTOP = (360, 780), (1280, 900)


@pytest.fixture
def demo(db):
    from demo.content import load_demo
    from tests.factories import recreate_roles

    # A transactional test empties the tables, roles included; the demo's users need them.
    recreate_roles()

    load_demo(out=lambda *a: None)


@pytest.fixture
def open_page(new_page):
    """Pages that let axe-core be injected (the site's CSP would refuse the script)."""
    return functools.partial(new_page, bypass_csp=True)


def axe_violations(page):
    """Serious and critical axe-core violations on the current page."""
    assert AXE.exists(), f"{AXE} is missing: run `make install` (npm ci)"
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def check(page, screenshot, name):
    """Axe-clean, no sideways scrolling, and a screenshot to look at."""
    assert axe_violations(page) == [], name
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, (
        f"{name} scrolls sideways"
    )
    screenshot(page, name)


@pytest.mark.parametrize("viewport, label", [(PHONE, "phone"), (DESKTOP, "desktop")])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_reader_path_is_accessible_at_every_width(
    live_server, demo, open_page, screenshot, viewport, label, scheme
):
    page = open_page(viewport, color_scheme=scheme)
    tag = f"{label}-{scheme}"

    page.goto(live_server.url + "/")
    assert page.locator(".teaser--lead").count() == 1
    check(page, screenshot, f"reader-1-front-{tag}")

    page.get_by_role("navigation", name="Sections").get_by_role("link", name="World").click()
    assert page.get_by_role("heading", level=1).inner_text() == "World"
    check(page, screenshot, f"reader-2-section-{tag}")

    page.locator("main .teaser-headline a").first.click()
    headline = page.get_by_role("heading", level=1).inner_text()
    assert page.locator(".article-body p").count() > 1
    assert "min read" in page.locator(".reading-time").inner_text()
    check(page, screenshot, f"reader-3-article-{tag}")

    page.locator(".article-header .byline a[rel=author]").first.click()
    assert page.locator(".author-profile h1").is_visible()
    assert headline in page.locator("main").inner_text()
    check(page, screenshot, f"reader-4-author-{tag}")

    search = page.get_by_role("searchbox", name="Search Newsroom")
    search.fill("prisoners")
    search.press("Enter")
    page.wait_for_url("**/search/?q=prisoners")
    assert page.locator("main mark").count() >= 1
    assert "Venezuela" in page.locator("main .teaser-headline").first.inner_text()
    check(page, screenshot, f"reader-5-search-{tag}")

    feed_href = page.locator('link[rel="alternate"][type="application/rss+xml"]').get_attribute(
        "href"
    )
    response = page.goto(live_server.url + feed_href)
    feed = feedparser.parse(response.body())
    assert not feed.bozo and feed.entries, "the advertised feed parses with entries"


def test_site_works_with_javascript_off(live_server, demo, open_page):
    page = open_page(PHONE, java_script_enabled=False)
    page.goto(live_server.url + "/")
    page.locator("main .teaser-headline a").first.click()
    assert page.get_by_role("heading", name="Leave a Reply").is_visible()
    page.get_by_role("searchbox", name="Search Newsroom").fill("election")
    page.get_by_role("button", name="Search").first.click()
    assert "result" in page.locator(".result-count").inner_text()


def test_error_tag_and_archive_pages_are_accessible(live_server, demo, open_page, screenshot):
    page = open_page(PHONE, expect_404=True)
    page.goto(live_server.url + "/no-such-page/")
    check(page, screenshot, "reader-404-phone")
    page.goto(live_server.url + "/archive/")
    check(page, screenshot, "reader-archive-phone")
    page.locator(".archive-months a").first.click()
    assert page.locator("main .teaser").count() >= 1
    check(page, screenshot, "reader-archive-month-phone")
    page.goto(live_server.url + "/")
    page.locator("main .teaser-headline a").first.click()
    page.locator(".tags a").first.click()
    assert page.locator(".page-header .kicker").inner_text().lower() == "tag"
    check(page, screenshot, "reader-tag-phone")


def test_wide_screen_keeps_lines_readable(live_server, demo, open_page, screenshot):
    page = open_page((1920, 1080))
    page.goto(live_server.url + "/")
    check(page, screenshot, "reader-front-wide")
    page.locator("main .teaser-headline a").first.click()
    # About 75 characters a line at most: the body column stays narrow on wide screens.
    width = page.evaluate("document.querySelector('.article-body').getBoundingClientRect().width")
    assert width <= 800
    check(page, screenshot, "reader-article-wide")


def test_print_stylesheet_hides_site_chrome(live_server, open_page):
    article = make_article(headline="Printable story")
    page = open_page(DESKTOP)
    page.goto(live_server.url + article.get_absolute_url())
    page.emulate_media(media="print")
    assert not page.locator(".site-search").is_visible()
    assert not page.locator("#respond").is_visible()
    assert page.get_by_role("heading", name="Printable story").is_visible()
    data = json.dumps(page.evaluate("getComputedStyle(document.body).backgroundColor"))
    assert "255, 255, 255" in data
