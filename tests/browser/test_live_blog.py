"""In Chromium: a live page offers "N new updates" and inserts them in place; an embed
card loads nothing from the provider until the reader asks for the player."""

import pytest
from playwright.sync_api import expect

from liveblog.models import LiveCoverage, LiveEntry
from newsroom.models import Embed
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIDEO = "https://www.youtube.com/watch?v=M7lc1UVf-VE"


def test_new_entries_are_offered_then_inserted_without_moving_the_page(
        live_server, new_page, screenshot, settings):
    settings.LIVEBLOG_POLL_SECONDS = (0.2, 0.4)
    article = make_article(slug="storm-live", body="<p>Intro.</p>" * 30)
    LiveCoverage.objects.create(article=article)
    author = article.byline_authors[0]
    first = LiveEntry.objects.create(article=article, author=author, body="<p>First update</p>")
    page = new_page()
    page.goto(live_server.url + article.get_absolute_url())
    button = page.locator(".live-new-button")
    page.locator("#live-heading").scroll_into_view_if_needed()
    for n in range(3):
        LiveEntry.objects.create(article=article, author=author, body=f"<p>New {n}</p>")
    # A poll may land between two of the three entries: the offer then grows to three.
    expect(button).to_have_text("3 new updates", timeout=10_000)
    assert page.locator(".live-entry").count() == 1  # offered, not yet inserted
    scroll_before = page.evaluate("window.scrollY")
    top_before = button.bounding_box()["y"]
    button.click()
    texts = page.locator(".live-entry .live-entry-body").all_inner_texts()
    assert texts == ["New 2", "New 1", "New 0", "First update"]
    assert page.evaluate("window.scrollY") == scroll_before
    assert page.locator(".live-new").is_hidden()
    assert page.locator(f"#entry-{first.pk}").bounding_box()["y"] > top_before
    screenshot(page, "live-blog-inserted")


def test_coverage_ending_stops_the_polling_and_says_so(live_server, new_page, settings):
    settings.LIVEBLOG_POLL_SECONDS = (0.2, 0.3)
    article = make_article(slug="vote-live")
    coverage = LiveCoverage.objects.create(article=article)
    page = new_page()
    polls = []
    page.on("request", lambda r: polls.append(r.url) if "/live/?after=" in r.url else None)
    page.goto(live_server.url + article.get_absolute_url())
    from django.utils import timezone

    coverage.ended_at = timezone.now()
    coverage.save()
    page.locator(".live-status", has_text="Live coverage ended").wait_for(timeout=10_000)
    count = len(polls)
    page.wait_for_timeout(1200)
    assert len(polls) == count  # no more asking


def test_an_embed_card_loads_the_player_only_when_asked(live_server, new_page, screenshot):
    Embed.objects.create(url=VIDEO, provider="youtube", status=Embed.Status.READY,
                         title="Storm surge at the harbour", author_name="Video desk",
                         frame_url="https://www.youtube-nocookie.com/embed/M7lc1UVf-VE")
    article = make_article(slug="storm-video", body=f"<p>Watch:</p><p>{VIDEO}</p>")
    page = new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith(live_server.url) else None)
    # The player, served here: the machine has no outside network.
    page.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!doctype html><title>player</title>"))
    page.goto(live_server.url + article.get_absolute_url())
    card = page.locator(".embed-card")
    assert card.locator(".embed-title").inner_text() == "Storm surge at the harbour"
    assert page.locator("iframe").count() == 0
    assert outside == []  # nothing third-party before the click
    page.get_by_role("button", name="Load content from YouTube").click()
    frame = page.locator("iframe.embed-frame")
    frame.wait_for()
    assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE"
    page.wait_for_timeout(300)
    assert outside and all(u.startswith("https://www.youtube-nocookie.com/") for u in outside)
    screenshot(page, "embed-card-loaded")


def test_the_demo_live_page_has_no_serious_accessibility_problems(live_server, new_page):
    from liveblog.demo import SLUG
    from demo.content import load_demo
    from tests.browser.test_reader_path import axe_violations
    from tests.factories import recreate_roles

    recreate_roles()
    load_demo(out=lambda *a: None)
    page = new_page(bypass_csp=True)  # lets axe-core be injected
    page.route("https://www.youtube-nocookie.com/**", lambda route: route.abort())
    page.goto(f"{live_server.url}/articles/{SLUG}/")
    assert page.locator(".live-entry").count() >= 8
    assert axe_violations(page) == []
