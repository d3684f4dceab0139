"""Real browser tests: Playwright driving Debian's Chromium, never a downloaded browser.

They skip (with the reason) where Chromium is missing, unless NEWSROOM_REQUIRE_BROWSER
is set, as CI does: there a missing browser is a failure, not a skip.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # needed as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _browser_missing_reason():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _browser_missing_reason()
    if reason:
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
            pytest.fail(f"Browser tests are required here but cannot run: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Open pages in fresh contexts (separate cookie jars); fail on console errors."""
    contexts, errors = [], []

    def open_page(viewport=(1280, 900), expect_404=False, expect_status=(), **context_options):
        context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]}, **context_options
        )
        contexts.append(context)
        page = context.new_page()

        def on_console(message):
            # The browser logs a 404 page's (or a refused form's) own status as an error.
            expected = {404} if expect_404 else set()
            expected.update(expect_status)
            if message.type == "error" and not any(f"status of {status}" in message.text
                                                   for status in expected):
                errors.append(message.text)

        page.on("console", on_console)
        page.on("pageerror", lambda e: errors.append(str(e)))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, f"browser console errors: {errors}"


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
