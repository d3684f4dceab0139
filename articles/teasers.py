"""The markup of an article teaser and of a byline, built in Python.

Listing pages show twenty or thirty teasers, each with its byline: through the
template engine that was two includes and some forty nodes a teaser, most of a
listing page's time. What varies is escaped here exactly as the template engine
escapes it; the surrogate keys a teaser shows are recorded as the templates did
(newsroom/caching.py). The lead story's photo is `Picture.html` (newsroom/images.py).
"""

from html import escape  # what django.utils.html.escape calls, without its lazy-text check

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from newsroom.caching import key, tag
from newsroom.datetimes import time_element


def byline_html(request, article, *, show_updated=False):
    """templates' former includes/byline.html: "By A, B and C · date[ · Updated date]"."""
    authors = article.byline_authors
    names = []
    last = len(authors) - 1
    for index, author in enumerate(authors):
        if request is not None:
            tag(request, key("author", author.pk))
        if index:
            names.append(" and " if index == last else ", ")
        names.append(f'<a href="{author.get_absolute_url()}" rel="author">{escape(author.name)}</a>')
    html = ['<p class="byline">By ', *names, "\n  "]
    if article.published_at:
        html.append('<span class="sep" aria-hidden="true">·</span> '
                    + time_element(article.published_at))
    html.append("\n  ")
    if show_updated and article.noted_at:
        html.append('<span class="sep" aria-hidden="true">·</span> <span class="updated">Updated '
                    f"{time_element(article.noted_at)}</span>")
    html.append("</p>")
    return mark_safe("".join(html))


def teaser_html(request, article, *, level=2, lead=False, hide_section=False, compact=False):
    """One story in a listing: kicker, headline, standfirst (or search snippet), byline,
    comment count; the lead story also shows its photo."""
    url = article.get_absolute_url()
    html = [f'<article class="teaser{" teaser--lead" if lead else ""}">\n  ']
    if lead:
        picture = article.featured_picture
        if picture:
            html.append('<div class="teaser-image">' + picture.html(
                alt=article.featured_image_alt, sizes="(min-width: 48rem) 48rem, 100vw",
                priority=True) + "</div>")
    html.append("\n  ")
    if not hide_section:
        section = article.section
        html.append(f'<p class="kicker"><a href="{section.get_absolute_url()}">'
                    f"{escape(section.name)}</a></p>")
    headline = getattr(article, "headline_hl", None) or article.headline
    html.append(f'\n  <h{level} class="teaser-headline"><a href="{url}">'
                f"{conditional_escape(headline)}</a></h{level}>\n  ")
    snippet = getattr(article, "snippet", None)
    if snippet:
        html.append(f'<p class="teaser-standfirst snippet">{conditional_escape(snippet)}</p>')
    elif not compact:
        html.append(f'<p class="teaser-standfirst">{escape(article.standfirst)}</p>')
    html.append(byline_and_count_html(request, article, url))
    html.append("\n</article>\n")
    return mark_safe("".join(html))


def byline_and_count_html(request, article, url):
    """What every teaser ends with: the byline, then "N comments" linking to them."""
    html = "\n  " + byline_html(request, article) + "\n  "
    if request is not None:
        tag(request, key("comments", article.pk))
    count = getattr(article, "comment_count", None)
    if count:
        html += (f'<p class="teaser-comments"><a href="{url}#comments">{count} '
                 f'comment{"" if count == 1 else "s"}</a></p>')
    return html
