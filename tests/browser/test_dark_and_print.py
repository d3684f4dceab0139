"""Dark mode and print (issue 17, point 13): contrast in the conversation, ink on paper."""

import functools

import pytest

from tests.browser.test_reader_path import axe_violations
from tests.factories import make_article, make_comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ["Ada Reader", "Grace Hopper", "Alan Turing", "Katherine Johnson", "Tim Berners-Lee",
         "Margaret Hamilton", "Linus Pauling", "Mary Somerville", "Edsger Dijkstra"]


@pytest.fixture
def conversation(db):
    article = make_article(headline="Harbour plan passes")
    for name in NAMES:  # names that land on every one of the eight avatar colours
        make_comment(article=article, author_name=name, body=f"{name} has a view.")
    return article


@pytest.fixture
def open_page(new_page):
    return functools.partial(new_page, bypass_csp=True)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_comment_avatars_are_readable_in_both_schemes(live_server, open_page, screenshot,
                                                      conversation, scheme):
    page = open_page(color_scheme=scheme)
    page.goto(live_server.url + conversation.get_absolute_url())
    assert page.locator(".avatar").count() == len(NAMES)
    assert axe_violations(page) == []
    screenshot(page, f"comments-avatars-{scheme}")


def test_printing_in_dark_mode_prints_dark_ink_on_white(live_server, open_page, conversation):
    page = open_page(color_scheme="dark")
    page.goto(live_server.url + conversation.get_absolute_url())
    page.emulate_media(media="print", color_scheme="dark")
    style = page.evaluate("""() => {
        const css = el => getComputedStyle(document.querySelector(el));
        return {body: css('body').color, background: css('body').backgroundColor,
                box: css('.author-box').backgroundColor, text: css('.article-body').color};
    }""")
    assert style["background"] == "rgb(255, 255, 255)"
    assert style["body"] == style["text"] == "rgb(0, 0, 0)"
    assert style["box"] == "rgb(255, 255, 255)"
