"""A front-page tile's markup, built in Python as listings' teasers are
(articles/teasers.py): the front page shows some forty, and through template includes
they were half of its render time."""

from html import escape  # what django.utils.html.escape calls, without its lazy-text check

from django.utils.safestring import mark_safe

from articles.teasers import byline_and_count_html

LEAD_SIZES = "(min-width: 60rem) 40rem, 100vw"
TILE_SIZES = "(min-width: 60rem) 20rem, (min-width: 40rem) 50vw, 100vw"


def teaser_picture_html(article, *, ratio="16x9", sizes, priority=False):
    """The focal-point crop where one was rendered, else the photo's sizes (the CSS
    centres it in the same frame); nothing for a story without a photo."""
    picture = article.featured_crop(ratio) or article.featured_picture
    if not picture:
        return "\n"
    return (f'<div class="teaser-image teaser-image--{ratio}">'
            f'{picture.html(alt=article.featured_image_alt, sizes=sizes, priority=priority)}'
            "</div>\n")


def tile_html(request, article, *, lead=False, hide_section=False, compact=False, level=3):
    """The lead story (its photo large and first to load) or one tile of a zone."""
    url = article.get_absolute_url()
    html = [f'<article class="teaser{" teaser--lead" if lead else " tile"}">\n  ',
            teaser_picture_html(article, sizes=LEAD_SIZES if lead else TILE_SIZES,
                                priority=lead),
            '\n  <div class="teaser-text">\n  ']
    if not hide_section:
        section = article.section
        html.append(f'<p class="kicker"><a href="{section.get_absolute_url()}">'
                    f"{escape(section.name)}</a></p>")
    html.append(f'\n  <h{level} class="teaser-headline"><a href="{url}">'
                f"{escape(article.headline)}</a></h{level}>\n  ")
    if not compact:
        html.append(f'<p class="teaser-standfirst">{escape(article.standfirst)}</p>')
    html.append(byline_and_count_html(request, article, url))
    html.append("\n  </div>\n</article>\n")
    return mark_safe("".join(html))
