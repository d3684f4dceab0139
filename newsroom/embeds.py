"""Safe embeds: a provider's URL alone in a paragraph becomes a card, never their script.

When a body is saved (an article's, a live entry's) each such URL gets an `Embed` row
and the `fetch_embed` task asks the provider's oEmbed endpoint, once, with a timeout
and a size limit, for a snapshot: title, author, plain text and a thumbnail (through
the image pipeline). Pages render the snapshot as a plain card and load nothing from
the provider; its "Load content from …" button swaps in the provider's player (their
privacy-enhanced domain where there is one), and only pages showing such a card allow
that frame source in their Content-Security-Policy (newsroom/middleware.py). Nothing is
fetched at render time: a URL whose snapshot is not there (yet, or ever: a provider
that timed out) stays a plain link.

Endpoints are overridable by EMBED_OEMBED_ENDPOINTS ({provider slug: URL}); addresses
on private networks are refused unless EMBED_ALLOW_PRIVATE_HOSTS (tests' local server).
"""

import html
import ipaddress
import json
import logging
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models.signals import post_save
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone
from django.templatetags.static import static
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

from .caching import key, purge, tag
from .images import prepare_image, validate_image

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Provider:
    slug: str
    name: str  # as the button says it: "Load content from YouTube"
    pattern: re.Pattern
    oembed: str  # '' where the provider offers none without an account
    frame: str  # the player's address, formatted with the pattern's groups; '' for none

    def frame_url(self, match, snapshot):
        if self.slug == "bluesky":  # the player wants the post's DID, found in the snapshot
            found = re.search(r"at://(did:[a-z0-9:.]+)/app\.bsky\.feed\.post/(\w+)",
                              snapshot.get("html", ""))
            return (f"https://embed.bsky.app/embed/{found[1]}/app.bsky.feed.post/{found[2]}"
                    if found else "")
        if self.slug == "mastodon":  # the post's own address, on its own server
            return match[0].split("?")[0].split("#")[0].rstrip("/") + "/embed"
        return self.frame.format(*match.groups(), url=urllib.parse.quote(match[0], safe=""))


def _p(regex):
    return re.compile(r"https?://" + regex + r"/?(?:[?#]\S*)?$", re.IGNORECASE)


PROVIDERS = [
    Provider("youtube", "YouTube",
             re.compile(r"https?://(?:www\.|m\.)?(?:youtube\.com/(?:watch\?(?:\S*&)?v=|shorts/)"
                        r"|youtu\.be/)([\w-]{11})\S*$", re.IGNORECASE),
             "https://www.youtube.com/oembed", "https://www.youtube-nocookie.com/embed/{0}"),
    Provider("vimeo", "Vimeo", _p(r"(?:www\.)?vimeo\.com/(\d+)"),
             "https://vimeo.com/api/oembed.json", "https://player.vimeo.com/video/{0}?dnt=1"),
    Provider("x", "X", _p(r"(?:www\.|mobile\.)?(?:twitter|x)\.com/\w+/status/(\d+)"),
             "https://publish.twitter.com/oembed",
             "https://platform.twitter.com/embed/Tweet.html?id={0}&dnt=true"),
    Provider("instagram", "Instagram", _p(r"(?:www\.)?instagram\.com/(p|reel)/([\w-]+)"),
             "", "https://www.instagram.com/{0}/{1}/embed/"),
    Provider("bluesky", "Bluesky", _p(r"bsky\.app/profile/[\w.:-]+/post/\w+"),
             "https://embed.bsky.app/oembed", ""),
    Provider("spotify", "Spotify", _p(r"open\.spotify\.com/(episode|show)/(\w+)"),
             "https://open.spotify.com/oembed", "https://open.spotify.com/embed/{0}/{1}"),
    Provider("soundcloud", "SoundCloud", _p(r"soundcloud\.com/[\w-]+/[\w-]+"),
             "https://soundcloud.com/oembed",
             "https://w.soundcloud.com/player/?url={url}&visual=false"),
    Provider("applepodcasts", "Apple Podcasts",
             _p(r"podcasts\.apple\.com/([a-z]{2}/podcast/[\w%-]+/id\d+)"),
             "", "https://embed.podcasts.apple.com/{0}"),
    # Any Mastodon server: https://host/@user/123 (last: the loosest pattern).
    Provider("mastodon", "Mastodon", _p(r"([a-z0-9.-]+\.[a-z]{2,})/@\w+/\d+"),
             "https://{host}/api/oembed", ""),
]


def provider_for(url):
    """(provider, match) for an embeddable URL, else (None, None)."""
    for provider in PROVIDERS:
        match = provider.pattern.match(url or "")
        if match:
            return provider, match
    return None, None


# A paragraph holding one URL and nothing else: bare text, or a link whose text is a URL.
LONE_URL = re.compile(
    r'<p>\s*(?:<a\b[^>]*\bhref="(?P<href>[^"]+)"[^>]*>\s*(?P<text>[^<]+?)\s*</a>'
    r"|(?P<bare>https?://[^\s<]+))\s*</p>", re.IGNORECASE)


def _lone_urls(body):
    """[(paragraph match, url)] for each paragraph that is one embeddable URL."""
    found = []
    for match in LONE_URL.finditer(body or ""):
        if match["bare"]:
            url = html.unescape(match["bare"])
        else:
            url, text = html.unescape(match["href"]), html.unescape(match["text"])
            if not text.lower().startswith(("http://", "https://")):
                continue  # a link with words: the editor wrote a sentence, not an embed
        if provider_for(url)[0]:
            found.append((match, url))
    return found


def embed_urls(body):
    """The embeddable URLs alone in a paragraph of `body`, in order."""
    return list(dict.fromkeys(url for _, url in _lone_urls(body)))


# --- Save time ---------------------------------------------------------------------


def remember(body):
    """Make sure each embeddable URL of `body` has a snapshot or one being fetched;
    return the `Embed` rows (the fetch runs after commit, as a task)."""
    from .models import Embed

    rows = []
    for url in embed_urls(body):
        provider, _ = provider_for(url)
        row, created = Embed.objects.get_or_create(url=url[:500],
                                                   defaults={"provider": provider.slug})
        if not created and row.status == Embed.Status.FAILED:
            # Saved again: try once more (a provider that was down may be back).
            created = Embed.objects.filter(pk=row.pk, status=Embed.Status.FAILED) \
                .update(status=Embed.Status.PENDING)
        if created:
            transaction.on_commit(lambda pk=row.pk: fetch_embed.enqueue(pk))
        rows.append(row)
    return rows


def _article_saved(sender, instance, **kwargs):
    remember(instance.body)


def watch():
    # The article body's embeds (articles knows nothing of this module).
    post_save.connect(_article_saved, sender="articles.Article", dispatch_uid="embeds-article")


# --- The fetch (in the task) -------------------------------------------------------


class FetchError(Exception):
    pass


def _check_host(url):
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"not a web address: {url[:100]}")
    if settings.EMBED_ALLOW_PRIVATE_HOSTS:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except OSError as error:
        raise FetchError(f"cannot resolve {parts.hostname}: {error}") from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise FetchError(f"{parts.hostname} is on a private network")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check_host(newurl)  # a redirect may not lead somewhere a URL could not
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_NoRedirects)


def fetch(url, limit):
    """The body at `url`, at most `limit` bytes, within EMBED_FETCH_TIMEOUT in all."""
    _check_host(url)
    deadline = time.monotonic() + settings.EMBED_FETCH_TIMEOUT
    request = urllib.request.Request(url, headers={"User-Agent": f"{settings.SITE_NAME} embeds"})
    try:
        with _opener.open(request, timeout=settings.EMBED_FETCH_TIMEOUT) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise FetchError(f"{url[:100]} is {length} bytes, more than {limit}")
            data = b""
            while chunk := response.read(16384):
                data += chunk
                if len(data) > limit:
                    raise FetchError(f"{url[:100]} sent more than {limit} bytes")
                if time.monotonic() > deadline:
                    raise FetchError(f"{url[:100]} took longer than the timeout")
            return data
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise FetchError(f"{url[:100]}: {error}") from None


def oembed_endpoint(provider, url):
    endpoint = settings.EMBED_OEMBED_ENDPOINTS.get(provider.slug, provider.oembed)
    if not endpoint:
        return ""
    host = urllib.parse.urlsplit(url).hostname or ""
    endpoint = endpoint.replace("{host}", host)
    return f"{endpoint}?{urllib.parse.urlencode({'url': url, 'format': 'json', 'maxwidth': 960})}"


def snapshot_of(provider, url):
    """The provider's oEmbed answer for `url` as a dict ({} where it has no oEmbed)."""
    endpoint = oembed_endpoint(provider, url)
    if not endpoint:
        return {}
    try:
        data = json.loads(fetch(endpoint, settings.EMBED_MAX_BYTES))
    except ValueError:
        raise FetchError("the oEmbed answer is not JSON") from None
    if not isinstance(data, dict):
        raise FetchError("the oEmbed answer is not an object")
    return data


def _text(value, limit):
    """Plain text (escaped when shown): titles and names as the provider sent them."""
    return " ".join(str(value or "").split())[:limit]


def _words_of(markup, limit):
    """The words of the provider's HTML (a post's text), without any of its markup."""
    return _text(html.unescape(strip_tags(str(markup or ""))), limit)


def _web(value):
    value = str(value or "")
    return value if value.startswith(("https://", "http://")) and len(value) <= 500 else ""


@task()
def fetch_embed(pk):
    """Fetch the snapshot of Embed `pk`; idempotent (a row no longer pending is left)."""
    from .models import Embed

    embed = Embed.objects.filter(pk=pk, status=Embed.Status.PENDING).first()
    if embed is None:
        return None
    provider, match = provider_for(embed.url)
    try:
        if provider is None:
            raise FetchError("no provider for this address")
        data = snapshot_of(provider, embed.url)
        thumbnail = _thumbnail(_web(data.get("thumbnail_url")))
    except FetchError as error:
        logger.warning("Embed %s left as a plain link: %s", embed.url, error)
        Embed.objects.filter(pk=pk).update(status=Embed.Status.FAILED, error=str(error)[:300],
                                           fetched_at=timezone.now())
        return "failed"
    embed.title = _text(data.get("title"), 300) or f"{provider.name}: {embed.url}"[:300]
    embed.author_name = _text(data.get("author_name"), 200)
    embed.author_url = _web(data.get("author_url"))
    embed.text = _words_of(data.get("html"), 600) if provider.slug not in (
        "youtube", "vimeo", "spotify", "soundcloud") else _text(data.get("description"), 600)
    frame = provider.frame_url(match, data)
    embed.frame_url = frame if frame.startswith("https://") else ""
    if thumbnail is not None:
        embed.thumbnail = thumbnail
        embed.thumbnail_renditions = prepare_image(embed.thumbnail)
    embed.status, embed.fetched_at, embed.error = Embed.Status.READY, timezone.now(), ""
    with transaction.atomic():
        embed.save()
        purge(key("embed", embed.pk))  # the pages showing its link now show its card
    return "ready"


def _thumbnail(url):
    """The thumbnail as a checked upload for the image pipeline, or None."""
    if not url:
        return None
    try:
        data = fetch(url, settings.IMAGE_MAX_UPLOAD_BYTES)
    except FetchError as error:
        logger.info("Embed thumbnail %s not fetched: %s", url, error)
        return None
    upload = SimpleUploadedFile("thumbnail.jpg", data)
    upload._committed = False  # new bytes: validate_image checks them
    try:
        validate_image(upload)
    except ValidationError as error:
        logger.info("Embed thumbnail %s refused: %s", url, error.messages[0])
        return None
    return upload


# --- Render time (no fetching) -----------------------------------------------------


def frame_origin(frame_url):
    parts = urllib.parse.urlsplit(frame_url)
    return f"{parts.scheme}://{parts.netloc}"


def show_embeds(body, embeds, request=None):
    """`body` with each embeddable paragraph replaced by its snapshot's card, from
    `embeds` ({url: Embed}); one not ready stays a plain link. Records on `request`
    the surrogate key of each (its fetch purges the page) and the frame sources."""
    found = _lone_urls(body)
    if not found:
        return mark_safe(body)
    out, last = [], 0
    for match, url in found:
        embed = embeds.get(url[:500])
        out.append(body[last:match.start()])
        last = match.end()
        if embed is not None and request is not None:
            tag(request, key("embed", embed.pk))
        if embed is None or embed.status != embed.Status.READY:
            out.append(render_to_string("includes/embed_link.html", {"url": url}))
            continue
        provider, _ = provider_for(url)
        if embed.frame_url and request is not None:
            frames = getattr(request, "embed_frame_sources", set())
            frames.add(frame_origin(embed.frame_url))
            request.embed_frame_sources = frames
        out.append(render_to_string("includes/embed_card.html",
                                    {"embed": embed, "provider": provider, "url": url}))
        if embed.frame_url and request is not None and not getattr(request, "_embed_js", False):
            request._embed_js = True  # once per page: it wires every card's button
            out.append(format_html('<script src="{}" defer></script>', static("js/embeds.js")))
    out.append(body[last:])
    return mark_safe("".join(out))


def embeds_for(bodies):
    """{url: Embed} for the embeddable URLs in `bodies`: one query, none without URLs."""
    from .models import Embed

    urls = {url[:500] for body in bodies for url in embed_urls(body)}
    if not urls:
        return {}
    return {embed.url: embed for embed in Embed.objects.filter(url__in=urls)}
