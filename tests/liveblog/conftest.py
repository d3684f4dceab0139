import pytest

from .oembed_server import OEmbedServer

OEMBED_PORT = 19201


@pytest.fixture
def oembed(settings):
    """A local oEmbed provider standing in for YouTube and Mastodon, started and stopped
    by the test."""
    with OEmbedServer(OEMBED_PORT) as server:
        settings.EMBED_OEMBED_ENDPOINTS = {"youtube": f"{server.url}/oembed",
                                           "mastodon": f"{server.url}/oembed"}
        settings.EMBED_ALLOW_PRIVATE_HOSTS = True
        settings.EMBED_FETCH_TIMEOUT = 1.0
        yield server


@pytest.fixture
def live_article(db):
    from liveblog.models import LiveCoverage
    from tests.factories import make_article

    article = make_article(headline="Storm live", slug="storm-live")
    LiveCoverage.objects.create(article=article)
    return article


@pytest.fixture
def make_entry():
    from liveblog.models import LiveEntry
    from tests.factories import make_author

    def make(article, **kw):
        kw.setdefault("author", article.byline_authors[0] if article.bylines.exists()
                      else make_author())
        kw.setdefault("body", "<p>An update.</p>")
        return LiveEntry.objects.create(article=article, **kw)

    return make
