"""What browser tests do in the admin's forms."""

from urllib.parse import quote

from playwright.sync_api import expect


def pick_autocomplete(page, container, text):
    """Choose `text` in the admin autocomplete (select2) box inside `container`.

    It picks from the answer to this search, not from the list the box showed on
    opening, which that answer replaces: under load a click could land on the list
    being replaced and choose nothing.
    """
    container.locator(".select2-selection").first.click()
    with page.expect_response(lambda r: "/autocomplete/" in r.url
                              and f"term={quote(text)}" in r.url):
        page.locator(".select2-search__field").last.fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()
    expect(container.locator(".select2-selection").first).to_contain_text(text)
