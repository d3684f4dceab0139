"""Readers' plain text (comments) becomes safe HTML with its links made nofollow."""

import pytest
from django.utils.html import urlize

from newsroom.sanitize import plain_text_to_html

SAMPLES = [
    "A plain sentence. Another one, with a comma!",
    "Numbers like 3.5 per cent and 10:30 in the morning.",
    "See https://example.com/report?id=1&x=2 for more.",
    "Mail me at reader@example.org, or visit www.example.net.",
    "e.g. this, i.e. that; etc.",
    "<script>alert('x')</script> & \"quotes\" 'single'",
    "Trailing dot at the end of example.com.",
    "Brackets (http://example.com) and <https://example.org>.",
    "Ünïcödé wörds. Ça va? Straße.",
    "javascript:alert(1) is not a link",
    "",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_paragraph_renders_exactly_as_the_full_linker_would(text):
    expected = urlize(text, trim_url_limit=60, nofollow=True, autoescape=True)
    expected = expected.replace('rel="nofollow"', 'rel="nofollow ugc"')
    rendered = plain_text_to_html(text)
    assert rendered == (f"<p>{expected}</p>" if text else "")


def test_links_are_nofollow_ugc_and_markup_is_escaped():
    html = plain_text_to_html("<b>Hi</b>\n\nRead www.example.com today.")
    assert html.startswith("<p>&lt;b&gt;Hi&lt;/b&gt;</p>\n<p>Read <a href=")
    assert 'rel="nofollow ugc"' in html
