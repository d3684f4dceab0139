"""The one allow-list HTML cleaner. Everything rich that reaches a page passes here."""

import html as html_module
import re

import nh3
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.html import urlize
from django.utils.safestring import mark_safe

# What a news article needs, and nothing else: no scripts, styles, frames, forms,
# event handlers or unknown tags, whatever the admin (or a crafted POST) sends.
ARTICLE_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "a", "ul", "ol", "li", "blockquote", "figure", "figcaption", "img", "hr", "code", "pre",
}
ARTICLE_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_article_html(html):
    """Return `html` reduced to the article allow-list (safe to render unescaped)."""
    return nh3.clean(
        html or "",
        tags=ARTICLE_TAGS,
        attributes=ARTICLE_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# urlize only links words holding "@", ":" or a dot followed by more of the word
# ("example.com", "www.x"); a sentence's closing full stop is neither.
MAYBE_LINK = re.compile(r"[@:]|\.\w")


def plain_text_to_html(text):
    """Render reader-supplied plain text: escaped, paragraphs kept, links nofollow ugc."""
    # urlize escapes the text itself (autoescape=True), so the only rel="nofollow"
    # attribute in its output is one it wrote.
    paragraphs = [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n")]
    html = []
    for paragraph in filter(None, paragraphs):
        if MAYBE_LINK.search(paragraph):
            linked = urlize(paragraph, trim_url_limit=60, nofollow=True, autoescape=True)
            linked = linked.replace('rel="nofollow"', 'rel="nofollow ugc"')
        else:  # nothing urlize could link: escaping alone gives the same, many times faster
            linked = html_module.escape(paragraph)  # django's escape, minus its lazy check
        html.append("<p>" + linked.replace("\n", "<br>") + "</p>")
    return mark_safe("\n".join(html))


# Addresses editors enter (author websites and profiles, original sources): web pages,
# and email for profiles. Anything else (javascript:, data:, vbscript:) is refused when
# saved and never rendered if it got in before.
WEB_SCHEMES = ("http", "https")
validate_web_url = URLValidator(schemes=list(WEB_SCHEMES),
                                message="Enter a web address starting with https:// or http://.")


def validate_profile_url(value):
    """A profile link: a web address, or mailto: with an email address."""
    if isinstance(value, str) and value.lower().startswith("mailto:"):
        validate_email(value[len("mailto:"):])
        return
    validate_web_url(value)


def validate_profile_urls(value):
    """A JSON list of profile links, each valid on its own."""
    if not isinstance(value, list):
        raise ValidationError('Enter a list of addresses, e.g. ["https://example.social/@ravi"].')
    for link in value:
        if not isinstance(link, str):
            raise ValidationError("Each profile link must be an address in quotes.")
        try:
            validate_profile_url(link)
        except ValidationError:
            raise ValidationError(f"{link[:100]!r} is not a web address (https://…) or mailto:.")


def safe_url(value, schemes=WEB_SCHEMES + ("mailto",)):
    """`value` if it is an address with one of `schemes`, else '' (for rendering)."""
    value = (value or "").strip()
    scheme, colon, _ = value.partition(":")
    return value if colon and scheme.lower() in schemes else ""
