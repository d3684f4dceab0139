"""The demo's live blog, and the live page and an embed card as valid HTML5."""

import pytest

from liveblog.demo import SLUG
from newsroom.models import Embed
from tests.factories import make_article
from tests.site.test_html_valid import vnu_messages

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    from demo.content import load_demo

    load_demo(out=lambda *a: None)


def test_the_demo_has_a_live_blog_with_eight_entries_and_an_embed_card(client, demo):
    from articles.models import Article

    article = Article.objects.published().get(slug=SLUG)
    assert article.live_entries.count() >= 8
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'id="live"' in html and "Key events" in html
    assert html.count(' data-entry="') >= 8
    assert "Load content from YouTube" in html


def test_the_live_page_and_a_page_with_an_embed_card_are_valid_html(client, demo, tmp_path):
    url = "https://vimeo.com/76979871"
    Embed.objects.create(url=url, provider="vimeo", status=Embed.Status.READY, title="A film",
                         author_name="Someone", text="About <things>",
                         frame_url="https://player.vimeo.com/video/76979871?dnt=1")
    embedded = make_article(body=f"<p>Intro</p><p>{url}</p>")
    files = []
    for n, page in enumerate([f"/articles/{SLUG}/", embedded.get_absolute_url()]):
        response = client.get(page)
        assert response.status_code == 200
        files.append(tmp_path / f"page{n}.html")
        files[-1].write_bytes(response.content)
    assert vnu_messages(files) == []
