"""Posts become articles: title, slug, dates, status, flags and clean content."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from newsroom.publishing import Status

from . import wxr

pytestmark = pytest.mark.django_db


def imported(run_import, *items, **kw):
    run_import(items=list(items), **kw)
    return Article.objects.order_by("pk")


@pytest.mark.parametrize(("wp_status", "status"), [
    ("publish", Status.PUBLISHED), ("draft", Status.DRAFT), ("pending", Status.REVIEW),
    ("private", Status.DRAFT),
])
def test_post_statuses_map_to_the_workflow(run_import, wp_status, status):
    assert imported(run_import, wxr.item(1, status=wp_status)).get().status == status


def test_a_future_post_is_scheduled(run_import):
    later = (timezone.now() + timedelta(days=3)).strftime("%Y-%m-%d %H:%M:%S")
    article = imported(run_import, wxr.item(1, status="future", date_gmt=later)).get()
    assert article.status == Status.PUBLISHED and not article.is_published
    assert Article.objects.scheduled().get() == article


def test_trashed_and_auto_draft_posts_are_skipped_with_the_reason(run_import):
    out = run_import(items=[wxr.item(1, status="trash"), wxr.item(2, status="auto-draft")])
    assert not Article.objects.exists()
    assert "status “trash” is not imported" in out


def test_the_gmt_date_is_the_publish_time(run_import):
    article = imported(run_import, wxr.item(1, date_gmt="2019-04-02 08:30:00")).get()
    assert article.published_at == datetime(2019, 4, 2, 8, 30, tzinfo=UTC)


def test_a_sticky_post_is_featured(run_import):
    assert imported(run_import, wxr.item(1, sticky=True)).get().featured


def test_a_password_protected_post_arrives_as_a_draft_named_in_the_summary(run_import):
    out = run_import(items=[wxr.item(1, "Members only", password="hunter2")])
    assert Article.objects.get().status == Status.DRAFT
    assert "password-protected" in out and "Members only" in out


def test_an_empty_title_gets_a_placeholder_the_editor_is_told_about(run_import):
    out = run_import(items=[wxr.item(7, "")])
    assert Article.objects.get().headline == "Untitled WordPress post 7"
    assert "had no title" in out


def test_a_percent_encoded_slug_comes_across_decoded_and_is_served(run_import, client):
    article = imported(run_import, wxr.item(1, slug="%d0%bf%d1%80%d0%b8%d0%b2%d0%b5%d1%82")).get()
    assert article.slug == "привет"
    assert client.get(article.get_absolute_url()).status_code == 200


def test_the_excerpt_becomes_the_standfirst(run_import):
    article = imported(run_import, wxr.item(1, excerpt="<p>The short &amp; sweet of it.</p>")).get()
    assert article.standfirst == "The short & sweet of it."


def test_a_post_without_an_excerpt_gets_its_first_paragraph_as_standfirst(run_import):
    article = imported(run_import, wxr.item(1, content="First words.\n\nSecond paragraph.")).get()
    assert article.standfirst == "First words."


def test_block_comments_and_paging_markers_are_removed(run_import):
    body = imported(run_import, wxr.item(1, content=(
        '<!-- wp:paragraph {"a":1} --><p>One</p><!-- /wp:paragraph -->'
        "<!--more--><!--nextpage--><p>Two</p>"))).get().body
    assert body == "<p>One</p><p>Two</p>"


def test_classic_editor_blank_lines_become_paragraphs(run_import):
    body = imported(run_import, wxr.item(1, content="One\nstill one.\n\nTwo")).get().body
    assert body == "<p>One<br>\nstill one.</p>\n<p>Two</p>"


def test_a_caption_shortcode_becomes_a_figure_with_figcaption(run_import):
    body = imported(run_import, wxr.item(1, content=(
        '[caption id="attachment_3" align="alignleft" width="300"]'
        '<img src="https://old.example.com/a.jpg" alt="A dog"> A dog at the beach[/caption]'))).get().body
    assert body == ('<figure><img src="https://old.example.com/a.jpg" alt="A dog">'
                    "<figcaption>A dog at the beach</figcaption></figure>")


def test_media_and_embed_shortcodes_become_safe_links(run_import):
    body = imported(run_import, wxr.item(1, content=(
        '[video src="https://old.example.com/v.mp4"][/video]\n\n'
        '[audio mp3="https://old.example.com/a.mp3"]\n\n'
        "[embed]https://video.example/watch?v=1[/embed]\n\n"
        '[video src="javascript:alert(1)"]'))).get().body
    assert '<a href="https://old.example.com/v.mp4" rel="noopener noreferrer">Watch the video</a>' in body
    assert '<a href="https://old.example.com/a.mp3" rel="noopener noreferrer">Listen to the recording</a>' in body
    assert 'href="https://video.example/watch?v=1"' in body
    assert "javascript" not in body and "[" not in body


def test_a_gallery_becomes_a_list_of_links_to_its_images(run_import):
    body = imported(run_import,
                    wxr.attachment(5, "2020/01/one.jpg"), wxr.attachment(6, "2020/01/two.jpg"),
                    wxr.item(1, content='[gallery ids="5,6"]')).get().body
    assert 'href="https://old.example.com/wp-content/uploads/2020/01/one.jpg"' in body
    assert ">two.jpg</a>" in body


def test_scripts_never_reach_the_page_not_even_from_oembed_caches(run_import, client):
    article = imported(run_import, wxr.item(1, content=(
        '<p>Hi</p><script>alert(1)</script><iframe src="https://evil.example"></iframe>'
        '<p onclick="alert(2)">x</p>[embed]https://video.example/1[/embed]'),
        meta={"_oembed_abc": '<script src="https://evil.example/x.js"></script>'})).get()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "alert(" not in page and "evil.example" not in page


def test_comments_closed_on_wordpress_stay_closed(run_import):
    assert not imported(run_import, wxr.item(1, comment_status="closed")).get().comments_open


def test_other_post_types_are_skipped_and_counted(run_import):
    out = run_import(items=[wxr.item(1, post_type="nav_menu_item"), wxr.item(2, post_type="revision")])
    assert not Article.objects.exists()
    assert "post type “nav_menu_item” is not imported (1)" in out
