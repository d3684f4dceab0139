"""Listings show each story's count of approved comments, kept true through every change."""

import pytest
from django.core.management import call_command
from django.test import Client

from articles.models import Article, CommentCount
from comments import services
from comments.models import Comment
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _render_every_time(settings):
    settings.PAGE_CACHE_ENABLED = False


def listed_count(article):
    """The count the story's teaser shows on its section page (0 when it shows none)."""
    from lxml import html

    doc = html.fromstring(Client().get(article.section.get_absolute_url()).content)
    for teaser in doc.cssselect(".teaser"):
        if teaser.cssselect(f"a[href='{article.get_absolute_url()}']"):
            shown = teaser.cssselect(".teaser-comments")
            return int(shown[0].text_content().split()[0]) if shown else 0
    raise AssertionError("the story is not listed")


def test_only_approved_comments_are_counted(article):
    make_comment(article=article)
    make_comment(article=article)
    make_comment(article=article, status=Comment.Status.PENDING)
    make_comment(article=article, status=Comment.Status.SPAM)
    assert listed_count(article) == 2


def test_moderation_moves_the_count_both_ways(article):
    pending = [make_comment(article=article, status=Comment.Status.PENDING) for _ in range(3)]
    moderator = make_user(group="Moderators")
    services.comment_approve(comments=pending, moderator=moderator)
    assert listed_count(article) == 3
    services.comment_mark_spam(comments=pending[:1], moderator=moderator)
    services.comment_remove(comments=pending[1:2], moderator=moderator)
    assert listed_count(article) == 1
    services.comment_restore(comments=pending[1:2], moderator=moderator)  # back to the queue
    assert listed_count(article) == 1
    services.comment_approve(comments=pending[1:2], moderator=moderator)
    assert listed_count(article) == 2


def test_deleting_a_comment_or_pulling_it_back_on_reports_lowers_the_count(article, settings):
    settings.COMMENT_FLAG_THRESHOLD = 1
    kept, deleted, reported = (make_comment(article=article) for _ in range(3))
    deleted.delete()
    services.comment_flag(comment=reported, ip_address="198.51.100.1")
    assert Comment.objects.get(pk=reported.pk).status == Comment.Status.PENDING
    assert listed_count(article) == 1


def test_deleting_articles_deletes_their_comments_and_counts(article):
    other = make_article()
    make_comment(article=article)
    make_comment(article=other)
    article.delete()
    assert not CommentCount.objects.filter(article_id=article.pk).exists()
    Article.objects.filter(pk=other.pk).delete()
    assert CommentCount.objects.count() == 0


def test_recount_command_repairs_every_count(article):
    make_comment(article=article)
    make_comment(article=article)
    CommentCount.objects.filter(article=article).update(approved=40)
    call_command("recount_comments", stdout=open("/dev/null", "w"))
    assert listed_count(article) == 2


def test_threads_are_counted_for_paging_and_replies_are_not(article, settings):
    settings.COMMENT_THREADS_PER_PAGE = 2
    first = make_comment(article=article, body="Thread one")
    make_comment(article=article, parent=first, body="A reply")
    make_comment(article=article, body="Thread two")
    doc = Client().get(article.get_absolute_url()).content.decode()
    assert "Comments page" not in doc  # two threads fit on one page
    make_comment(article=article, body="Thread three")
    assert "Comments page 1 of 2" in Client().get(article.get_absolute_url()).content.decode()
    assert CommentCount.objects.get(article=article).threads == 3
