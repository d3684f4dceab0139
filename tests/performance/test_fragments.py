"""Kept page fragments: a page-cache miss renders only what changed, and never stale.

The page cache is off here, so every request renders; what it may reuse are the
fragments of earlier renders. Like the page cache tests, these run against whatever
CACHE_URL names (local memory, or Redis in the PostgreSQL+Redis run).
"""

import re
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Correction
from comments.models import Comment
from newsroom.publishing import Status
from tests.factories import make_article, make_author, make_comment, make_tag, make_user, post_comment

pytestmark = pytest.mark.django_db

# A render whose fragments are all kept reads only the article itself.
WARM_ARTICLE_PAGE_QUERIES = 1


@pytest.fixture(autouse=True)
def _fragments_only(settings):
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = True


@pytest.fixture
def article():
    story = make_article(headline="Original headline", tags=[make_tag(name="Elections")])
    make_article(headline="Older related story", section=story.section)
    make_comment(article=story, body="An early comment")
    return story


def page(url):
    """What a fresh anonymous reader gets."""
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def without_form_token(html):
    # The comment form's signed token carries the time of each render.
    return re.sub(r'name="token" value="[^"]*"', "", html)


def test_a_render_from_kept_fragments_is_the_page_a_full_render_gives(article, settings):
    url = article.get_absolute_url()
    first = page(url)
    kept = page(url)
    settings.FRAGMENT_CACHE_ENABLED = False
    full = page(url)
    assert without_form_token(kept) == without_form_token(full) == without_form_token(first)


def test_a_render_from_kept_fragments_reads_only_the_article(article, django_assert_num_queries):
    page(article.get_absolute_url())
    with django_assert_num_queries(WARM_ARTICLE_PAGE_QUERIES):
        html = page(article.get_absolute_url())
    assert "Original headline" in html and "An early comment" in html


def test_approving_a_comment_rerenders_the_conversation_but_not_the_story(article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = article.get_absolute_url()
    page(url)
    comment = make_comment(article=article, status=Comment.Status.PENDING, body="Just approved")
    comment.status = Comment.Status.APPROVED
    comment.save()
    with CaptureQueriesContext(connection) as captured:
        html = page(url)
    assert "Just approved" in html
    assert "2 comments" in html
    read = " ".join(q["sql"] for q in captured.captured_queries)
    assert "articles_byline" in read  # the "More from" box shows comment counts: re-rendered
    assert "articles_correction" not in read  # the story's text was kept


def test_removing_a_comment_hides_it_at_once(article):
    page(article.get_absolute_url())
    Comment.objects.filter(body="An early comment").get().delete()
    assert "An early comment" not in page(article.get_absolute_url())


@pytest.mark.parametrize("change", ["headline", "author", "section", "tag", "byline", "correction",
                                    "comments closed"])
def test_every_edit_readers_can_see_shows_on_the_next_render(article, change):
    url = article.get_absolute_url()
    page(url)
    if change == "headline":
        article.headline = "Changed headline"
        article.save()
        expected = "Changed headline"
    elif change == "author":
        author = article.bylines.get().author
        author.bio = "A new biography"
        author.save()
        expected = "A new biography"
    elif change == "section":
        article.section.name = "Renamed section"
        article.section.save()
        expected = "Renamed section"
    elif change == "tag":
        tag = article.tags.get()
        tag.name = "Renamed tag"
        tag.save()
        expected = "Renamed tag"
    elif change == "byline":
        article.bylines.create(author=make_author(name="Second Writer"), position=1)
        expected = "About Second Writer"
    elif change == "correction":
        Correction.objects.create(article=article, note="We misspelled a name")
        expected = "We misspelled a name"
    else:
        article.comments_open = False
        article.save()
        expected = "Comments are closed"
    assert expected in page(url)


def test_a_scheduled_story_joins_the_related_box_on_time(article):
    make_article(headline="Scheduled story", section=article.section,
                 published_at=timezone.now() + timedelta(seconds=2))
    page(article.get_absolute_url())
    assert "Scheduled story" not in page(article.get_absolute_url())
    time.sleep(2.2)
    assert "Scheduled story" in page(article.get_absolute_url())


def test_a_commenter_sees_their_pending_comment_and_nobody_else_does(client, article):
    page(article.get_absolute_url())  # the conversation is kept
    post_comment(client, article, comment="Mine, awaiting moderation")
    assert "Mine, awaiting moderation" in client.get(article.get_absolute_url()).content.decode()
    assert "Mine, awaiting moderation" not in page(article.get_absolute_url())


def test_staff_preview_always_renders_the_current_draft(client):
    draft = make_article(status=Status.DRAFT, headline="Draft headline")
    client.force_login(make_user(group="Editors"))
    preview = f"/preview/articles/{draft.pk}/"
    assert "Draft headline" in client.get(preview).content.decode()
    draft.headline = "Edited draft headline"
    draft.save()  # a draft's edits change nothing readers see: no generation moves
    assert "Edited draft headline" in client.get(preview).content.decode()


def test_turned_off_every_render_reads_everything(article, settings, django_assert_num_queries):
    settings.FRAGMENT_CACHE_ENABLED = False
    page(article.get_absolute_url())
    from tests.performance.test_query_budget import ARTICLE_PAGE_QUERIES

    with django_assert_num_queries(ARTICLE_PAGE_QUERIES):
        page(article.get_absolute_url())
