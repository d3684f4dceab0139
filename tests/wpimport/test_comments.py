"""Comments come across with their threads, their moderation state and true counts."""

import pytest
from django.conf import settings

from articles.models import CommentCount
from comments.models import Comment

from . import wxr

pytestmark = pytest.mark.django_db


def thread(depth):
    """One comment and a reply to it, and a reply to that, `depth` replies deep."""
    return [wxr.comment(1, content="Level 0")] + [
        wxr.comment(n + 1, parent=n, content=f"Level {n}") for n in range(1, depth + 1)
    ]


def test_a_thread_ten_replies_deep_keeps_every_reply_within_the_max_depth(run_import):
    run_import(items=[wxr.item(1, comments=thread(10))])
    comments = {c.body: c for c in Comment.objects.all()}
    assert len(comments) == 11
    last = settings.COMMENT_MAX_DEPTH - 1
    assert max(c.depth for c in comments.values()) == last
    for n in range(1, 11):
        reply = comments[f"Level {n}"]
        assert reply.depth == min(n, last)
        # Each reply sits under its own parent, or (too deep) its nearest allowed ancestor.
        assert reply.parent.body == f"Level {min(n - 1, last - 1)}"
        assert reply.thread == comments["Level 0"]


def test_too_deep_replies_are_noted_in_the_summary(run_import):
    out = run_import(items=[wxr.item(1, comments=thread(10))])
    assert "a reply placed higher up its thread" in out


def test_a_reply_listed_before_its_parent_still_threads_under_it(run_import):
    run_import(items=[wxr.item(1, comments=[wxr.comment(9, parent=3, content="reply"),
                                            wxr.comment(3, content="parent")])])
    assert Comment.objects.get(body="reply").parent.body == "parent"


@pytest.mark.parametrize(("approved", "status"), [
    ("1", Comment.Status.APPROVED), ("0", Comment.Status.PENDING),
    ("spam", Comment.Status.SPAM), ("trash", Comment.Status.REMOVED),
])
def test_comment_statuses_map_to_moderation(run_import, approved, status):
    run_import(items=[wxr.item(1, comments=[wxr.comment(1, approved=approved)])])
    assert Comment.objects.get().status == status


def test_a_comment_keeps_its_author_email_url_ip_and_date(run_import):
    run_import(items=[wxr.item(1, comments=[wxr.comment(
        1, author="Ann &amp; Bo", email="ann@example.com", url="https://ann.example",
        ip="198.51.100.7", date_gmt="2021-05-06 07:08:09", content="<p>Nice &lt;work&gt;</p>")])])
    comment = Comment.objects.get()
    assert (comment.author_name, comment.author_email, comment.author_url, comment.ip_address) == (
        "Ann & Bo", "ann@example.com", "https://ann.example", "198.51.100.7")
    assert comment.created_at.isoformat() == "2021-05-06T07:08:09+00:00"
    assert comment.body == "Nice <work>"


def test_pingbacks_and_trackbacks_are_skipped_and_counted(run_import):
    out = run_import(items=[wxr.item(1, comments=[
        wxr.comment(1), wxr.comment(2, type="pingback"), wxr.comment(3, type="trackback")])])
    assert Comment.objects.count() == 1
    assert "pingbacks and trackbacks are not imported (2)" in out


def test_a_reply_to_a_pingback_moves_up_to_the_top(run_import):
    run_import(items=[wxr.item(1, comments=[wxr.comment(1, type="pingback"),
                                            wxr.comment(2, parent=1, content="reply")])])
    assert Comment.objects.get().parent is None


def test_kept_comment_counts_match_the_approved_comments(run_import, client):
    run_import(items=[wxr.item(1, comments=[
        wxr.comment(1), wxr.comment(2, parent=1), wxr.comment(3, approved="0"),
        wxr.comment(4, approved="spam")])])
    count = CommentCount.objects.get()
    assert (count.approved, count.threads) == (2, 1)


def test_approved_imported_comments_show_on_the_article(run_import, client):
    run_import(items=[wxr.item(1, comments=[wxr.comment(1, content="Shown"),
                                            wxr.comment(2, approved="0", content="Held")])])
    page = client.get(Comment.objects.first().article.get_absolute_url()).content.decode()
    assert "Shown" in page and "Held" not in page
