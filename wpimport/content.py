"""Turn WordPress post content into the article body the CMS stores.

WordPress keeps content as the editor wrote it: block-editor comments, shortcodes,
and (from the classic editor) paragraphs as blank lines. What comes out is plain
HTML; newsroom.sanitize has the last word on what may reach a page.
"""

import html
import re
from urllib.parse import urlsplit

from django.utils.html import escape, strip_tags
from django.utils.text import Truncator

from newsroom.sanitize import clean_article_html

BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.S)
PAGING_COMMENT = re.compile(r"<!--\s*(more|nextpage|noteaser)\b.*?-->", re.S | re.I)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'\]]+))""")
CAPTION = re.compile(r"\[(caption|wp_caption)([^\]]*)\](.*?)\[/\1\]", re.S | re.I)
IMAGE = re.compile(r"<img\b[^>]*>", re.I)
LINKED_IMAGE = re.compile(r"<a\b[^>]*>\s*<img\b[^>]*>\s*</a>", re.I | re.S)
EMBED = re.compile(r"\[embed([^\]]*)\](.*?)\[/embed\]", re.S | re.I)
MEDIA = re.compile(r"\[(video|audio|playlist)([^\]]*)\](?:(.*?)\[/\1\])?", re.S | re.I)
GALLERY = re.compile(r"\[gallery([^\]]*)\]", re.I)
BLOCK_START = re.compile(
    r"^\s*<(p|div|h[1-6]|ul|ol|li|blockquote|figure|pre|table|hr|section|address)\b", re.I
)
SHORTCODE = re.compile(
    r"\[/?(caption|wp_caption|gallery|video|audio|playlist|embed)\b[^\]]*\]", re.I
)
MEDIA_WORDS = {"video": "Watch the video", "audio": "Listen to the recording",
               "playlist": "Open the playlist"}
MEDIA_SOURCES = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mp3", "ogg", "wav", "m4a")


def attributes(text):
    return {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
            for m in ATTRIBUTE.finditer(text or "")}


def is_web_url(url):
    return urlsplit((url or "").strip()).scheme in ("http", "https")


def link(url, words):
    return f'<p><a href="{escape(url.strip())}">{escape(words)}</a></p>'


def caption_to_figure(match):
    attrs, inner = attributes(match.group(2)), match.group(3)
    image = LINKED_IMAGE.search(inner) or IMAGE.search(inner)
    if image is None:
        return inner
    caption = (inner[: image.start()] + inner[image.end():]).strip() or attrs.get("caption", "")
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{image.group(0)}{figcaption}</figure>"


def embed_to_link(match):
    url = (match.group(2) or attributes(match.group(1)).get("src", "")).strip()
    return link(url, url) if is_web_url(url) else ""


def media_to_link(match):
    kind, attrs = match.group(1).lower(), attributes(match.group(2))
    url = next((attrs[k] for k in MEDIA_SOURCES if is_web_url(attrs.get(k))), "")
    return link(url, MEDIA_WORDS[kind]) if url else ""


def gallery_to_list(match, attachment_url):
    ids = [i.strip() for i in attributes(match.group(1)).get("ids", "").split(",") if i.strip()]
    urls = [u for u in (attachment_url(i) for i in ids if i.isdigit()) if is_web_url(u)]
    if not urls:
        return ""
    items = "".join(
        f'<li><a href="{escape(u)}">{escape(u.rstrip("/").rsplit("/", 1)[-1])}</a></li>'
        for u in urls
    )
    return f"<ul>{items}</ul>"


def autop(text):
    """Paragraphs for classic-editor content, where a blank line separates paragraphs."""
    chunks = [c.strip() for c in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    out = []
    for chunk in filter(None, chunks):
        if BLOCK_START.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)


def convert(content, *, attachment_url=lambda wp_id: None):
    """WordPress post content -> clean article HTML."""
    text = BLOCK_COMMENT.sub("", content or "")
    text = PAGING_COMMENT.sub("", text)
    text = CAPTION.sub(caption_to_figure, text)
    text = EMBED.sub(embed_to_link, text)
    text = MEDIA.sub(media_to_link, text)
    text = GALLERY.sub(lambda m: gallery_to_list(m, attachment_url), text)
    return clean_article_html(autop(text)).strip()


def plain(content):
    """Text of some HTML, for standfirsts and comments (entities decoded)."""
    # Through the sanitiser first: a script's or style's text is no text of the story.
    text = clean_article_html(content or "")
    text = SHORTCODE.sub("", text)  # shortcodes say nothing as text
    text = re.sub(r"<\s*(br|/p|/div|/li|/h\d)\b[^>]*>", "\n", text, flags=re.I)
    text = html.unescape(strip_tags(text))
    return re.sub(r"\n\s*\n+", "\n\n", re.sub(r"[ \t]+", " ", text)).strip()


def standfirst(excerpt, content, limit=600):
    """The excerpt as plain text, else the start of the story."""
    words = plain(excerpt) or plain(content).split("\n\n", 1)[0]
    return Truncator(" ".join(words.split())).chars(min(limit, 300 if not excerpt else limit))


PHP_CREDIT = re.compile(r's:6:"credit";s:\d+:"([^"]*)";')


def image_credit(serialized_metadata):
    """The credit WordPress read from the photo's IPTC data, if any (from the
    PHP-serialised _wp_attachment_metadata)."""
    match = PHP_CREDIT.search(serialized_metadata or "")
    return html.unescape(match.group(1)).strip()[:200] if match else ""
