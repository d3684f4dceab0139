"""Safe embeds: a provider's URL alone in a paragraph becomes a snapshot card, fetched
once at save time from the provider's oEmbed endpoint (here a local server)."""

import pytest

from newsroom.embeds import embed_urls, provider_for
from newsroom.models import Embed
from tests.factories import make_article

pytestmark = pytest.mark.django_db

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def publish_with_video(committed, body=None):
    with committed():
        return make_article(slug="storm-video", body=body or f"<p>Watch:</p><p>{VIDEO}</p>")


def csp(response):
    return response["Content-Security-Policy"]


def test_a_url_alone_in_a_paragraph_is_an_embed_and_one_in_a_sentence_is_not():
    body = (f"<p>{VIDEO}</p><p>See {VIDEO} for more.</p>"
            f'<p><a href="https://vimeo.com/76979871">https://vimeo.com/76979871</a></p>'
            '<p><a href="https://vimeo.com/1">our video</a></p><p>https://example.com/x</p>')
    assert embed_urls(body) == [VIDEO, "https://vimeo.com/76979871"]


@pytest.mark.parametrize(("url", "provider", "frame_origin"), [
    ("https://youtu.be/dQw4w9WgXcQ", "youtube", "https://www.youtube-nocookie.com"),
    ("https://vimeo.com/76979871", "vimeo", "https://player.vimeo.com"),
    ("https://x.com/someone/status/1234567890", "x", "https://platform.twitter.com"),
    ("https://www.instagram.com/p/C1a2b3/", "instagram", "https://www.instagram.com"),
    ("https://bsky.app/profile/someone.bsky.social/post/3kabc", "bluesky", None),
    ("https://mastodon.social/@someone/112233", "mastodon", "https://mastodon.social"),
    ("https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk", "spotify",
     "https://open.spotify.com"),
])
def test_each_provider_is_recognised(url, provider, frame_origin):
    found, match = provider_for(url)
    assert found.slug == provider
    if frame_origin:
        assert found.frame_url(match, {}).startswith(frame_origin + "/")


def test_saving_a_body_fetches_a_snapshot_with_thumbnail_through_the_image_pipeline(
        committed, oembed):
    publish_with_video(committed)
    embed = Embed.objects.get(url=VIDEO)
    assert embed.status == Embed.Status.READY
    assert embed.title == "Storm surge reaches <the> harbour"
    assert embed.author_name == "Harbour Cam"
    assert embed.frame_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert "script" not in embed.text and "alert" not in embed.text  # text, never their HTML
    assert embed.thumbnail_picture is not None  # rendered sizes, from the rendition task
    assert embed.thumbnail_picture.width == 640


def test_the_page_shows_a_plain_card_and_asks_the_provider_nothing(client, committed, oembed):
    article = publish_with_video(committed)
    asked = len(oembed.requests)
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert len(oembed.requests) == asked  # nothing fetched at render time
    assert 'class="embed-card embed-card--youtube"' in html
    assert "Storm surge reaches &lt;the&gt; harbour" in html
    assert "Load content from YouTube" in html
    assert "<iframe" not in html and "youtube.com/embed" not in html
    assert f'href="{VIDEO}"' in html.replace("&amp;", "&")


def test_only_a_page_with_an_embed_may_frame_the_players_it_shows(client, committed, oembed):
    article = publish_with_video(committed)
    other = make_article()
    policy = csp(client.get(article.get_absolute_url()))
    assert "frame-src https://www.youtube-nocookie.com;" in policy + ";"
    assert "vimeo" not in policy
    assert "frame-src" not in csp(client.get(other.get_absolute_url()))
    # The page cache's replay carries the same policy, and the internal header stays inside.
    replay = client.get(article.get_absolute_url())
    assert replay["X-Page-Cache"] == "hit"
    assert "frame-src https://www.youtube-nocookie.com" in csp(replay)
    assert not replay.has_header("X-Newsroom-Frame-Sources")


def test_a_provider_that_times_out_leaves_a_plain_link(client, committed, oembed, settings):
    settings.EMBED_FETCH_TIMEOUT = 0.3
    oembed.hang_seconds = 2
    article = publish_with_video(committed)
    embed = Embed.objects.get(url=VIDEO)
    assert embed.status == Embed.Status.FAILED
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert 'class="embed-link"' in html and "embed-card" not in html
    assert "frame-src" not in csp(response)


def test_an_answer_over_the_size_limit_leaves_a_plain_link(committed, oembed, settings):
    settings.EMBED_MAX_BYTES = 50
    publish_with_video(committed)
    embed = Embed.objects.get(url=VIDEO)
    assert embed.status == Embed.Status.FAILED and "more than 50" in embed.error


def test_private_addresses_are_refused_outside_tests(committed, oembed, settings):
    settings.EMBED_ALLOW_PRIVATE_HOSTS = False
    publish_with_video(committed)
    assert Embed.objects.get(url=VIDEO).status == Embed.Status.FAILED
    assert oembed.requests == []


@pytest.mark.django_db(transaction=True)  # real commits: the purge follows the task's own
def test_the_snapshot_arriving_purges_the_page_that_showed_the_link(client, oembed, run_tasks):
    from tests.factories import kept_page

    article = make_article(slug="storm-video", body=f"<p>{VIDEO}</p>")
    assert 'class="embed-link"' in kept_page(article.get_absolute_url()).content.decode()
    run_tasks()
    response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "embed-card" in response.content.decode()


def test_a_url_alone_in_a_live_entry_becomes_its_card(client, committed, oembed, live_article,
                                                      make_entry, settings):
    settings.PAGE_CACHE_ENABLED = False
    with committed():
        make_entry(live_article, body=f"<p>Watch the surge:</p><p>{VIDEO}</p>")
    html = client.get(live_article.get_absolute_url()).content.decode()
    entries = html[html.index('class="live-entries"'):]
    assert 'class="embed-card embed-card--youtube"' in entries
    assert "Storm surge reaches &lt;the&gt; harbour" in entries


def test_a_live_entry_photo_goes_through_the_image_pipeline(client, committed, live_article,
                                                           make_entry, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import png_bytes

    settings.PAGE_CACHE_ENABLED = False
    with committed():
        entry = make_entry(live_article, image=SimpleUploadedFile("p.png", png_bytes(800, 450)),
                           image_alt="Flooded road", image_caption="The coast road at noon")
    entry.refresh_from_db()
    assert entry.picture is not None and not entry.image_pending
    html = client.get(live_article.get_absolute_url()).content.decode()
    assert 'alt="Flooded road"' in html and "The coast road at noon" in html
