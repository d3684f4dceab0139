"""Whole-page cache for anonymous readers: what it serves, to whom, and when it lets go.

These run against whatever CACHE_URL names: local memory by default, Redis in the
PostgreSQL+Redis run, so invalidation is checked on both.
"""

import re
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from newsroom.caching import OWN_COMMENTS_COOKIE
from newsroom.publishing import Status
from tests.factories import (
    comment_form_data,
    kept_page,
    make_article,
    make_author,
    make_comment,
    make_section,
    make_tag,
    make_user,
)

pytestmark = pytest.mark.django_db(transaction=True)


def fetch(url, **headers):
    """What a fresh anonymous reader gets (no cookies)."""
    return Client().get(url, headers=headers)


def cached(url):
    """The page as the page cache serves it."""
    return kept_page(url)


@pytest.fixture
def article():
    return make_article(headline="Original headline", tags=[make_tag(name="Elections")])


def test_repeat_anonymous_visit_is_served_from_cache_without_queries(
    article, django_assert_num_queries
):
    cached(article.get_absolute_url())
    with django_assert_num_queries(0):
        response = fetch(article.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    assert "Original headline" in response.content.decode()


def test_cached_page_carries_no_cookie_csrf_token_or_user_name(article):
    response = cached(article.get_absolute_url())
    html = response.content.decode()
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in html
    assert "public" in response["Cache-Control"]


def test_logged_in_staff_bypass_the_cache_and_get_a_private_page(client, article):
    cached(article.get_absolute_url())
    staff = make_user(is_staff=True, username="editor-eve")
    client.force_login(staff)
    response = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in response.headers
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_commenter_sees_own_pending_comment_although_the_page_is_cached(client, article):
    cached(article.get_absolute_url())
    client.post(f"{article.get_absolute_url()}comments/",
                comment_form_data(article, comment="Mine, awaiting moderation"))
    assert OWN_COMMENTS_COOKIE in client.cookies
    own_view = client.get(article.get_absolute_url())
    assert "Mine, awaiting moderation" in own_view.content.decode()
    assert "private" in own_view["Cache-Control"]
    others_view = fetch(article.get_absolute_url())
    assert others_view["X-Page-Cache"] == "hit", "a pending comment must not invalidate"
    assert "Mine, awaiting moderation" not in others_view.content.decode()


def test_comment_form_served_from_cache_still_posts(client, article, settings):
    settings.COMMENT_MIN_SECONDS = 0  # the form was rendered a moment ago; speed is not the point
    response = cached(article.get_absolute_url())
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)
    posted = client.post(f"{article.get_absolute_url()}comments/",
                         comment_form_data(article, token=token, comment="From a cached form"))
    assert posted.status_code == 303
    assert Comment.objects.get().body == "From a cached form"


def test_editing_a_live_article_refreshes_its_page_and_listings(article):
    cached(article.get_absolute_url())
    cached("/")
    article.headline = "Corrected headline"
    article.save()
    assert "Corrected headline" in fetch(article.get_absolute_url()).content.decode()
    assert "Corrected headline" in fetch("/").content.decode()


def test_publishing_an_article_shows_it_on_front_section_and_author_pages(article):
    author = article.bylines.get().author
    pages = ["/", article.section.get_absolute_url(), author.get_absolute_url()]
    for url in pages:
        cached(url)
    draft = make_article(headline="Fresh story", status=Status.DRAFT, section=article.section,
                         authors=[author])
    draft.status, draft.published_at = Status.PUBLISHED, timezone.now()
    draft.save()
    for url in pages:
        assert "Fresh story" in fetch(url).content.decode(), url


def test_unpublishing_an_article_removes_it_at_once(article):
    cached(article.get_absolute_url())
    cached("/")
    article.status = Status.DRAFT
    article.save()
    assert fetch(article.get_absolute_url()).status_code == 404
    assert "Original headline" not in fetch("/").content.decode()


def test_saving_a_draft_leaves_cached_pages_alone(article):
    cached("/")
    make_article(headline="Still a draft", status=Status.DRAFT, section=article.section)
    response = fetch("/")
    assert response["X-Page-Cache"] == "hit"
    assert "Still a draft" not in response.content.decode()


def test_approving_a_comment_shows_it_to_every_reader(article):
    comment = make_comment(article=article, status=Comment.Status.PENDING, body="Now approved")
    cached(article.get_absolute_url())
    comment.status = Comment.Status.APPROVED
    comment.save()
    assert "Now approved" in fetch(article.get_absolute_url()).content.decode()


def test_removing_or_deleting_a_comment_hides_it_from_every_reader(article):
    removed = make_comment(article=article, body="To be removed")
    deleted = make_comment(article=article, body="To be deleted")
    cached(article.get_absolute_url())
    removed.status = Comment.Status.REMOVED
    removed.save()
    deleted.delete()
    html = fetch(article.get_absolute_url()).content.decode()
    assert "To be removed" not in html
    assert "To be deleted" not in html


def test_a_comment_awaiting_moderation_keeps_every_page_cached(article):
    cached(article.get_absolute_url())
    cached("/")
    make_comment(article=article, status=Comment.Status.PENDING)
    assert fetch(article.get_absolute_url())["X-Page-Cache"] == "hit"
    assert fetch("/")["X-Page-Cache"] == "hit"


def test_bulk_approval_in_the_admin_shows_the_comment(client, article):
    comment = make_comment(article=article, status=Comment.Status.PENDING, body="Bulk approved")
    cached(article.get_absolute_url())
    client.force_login(make_user(is_staff=True, is_superuser=True))
    client.post("/admin/comments/comment/", {"action": "approve", "_selected_action": [comment.pk]})
    assert "Bulk approved" in fetch(article.get_absolute_url()).content.decode()


def test_bulk_removal_in_the_admin_hides_the_comment(client, article):
    comment = make_comment(article=article, body="Bulk removed")
    cached(article.get_absolute_url())
    client.force_login(make_user(is_staff=True, is_superuser=True))
    client.post("/admin/comments/comment/", {"action": "remove", "_selected_action": [comment.pk]})
    assert "Bulk removed" not in fetch(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize("what", ["author", "section", "tag"])
def test_editing_an_author_section_or_tag_refreshes_pages_that_show_it(article, what):
    cached(article.get_absolute_url())
    thing = {
        "author": article.bylines.get().author,
        "section": article.section,
        "tag": article.tags.get(),
    }[what]
    thing.name = f"Renamed {what}"
    thing.save()
    assert f"Renamed {what}" in fetch(article.get_absolute_url()).content.decode()


def test_adding_a_byline_refreshes_the_article_page(article):
    cached(article.get_absolute_url())
    article.bylines.create(author=make_author(name="Second Writer"), position=1)
    assert "Second Writer" in fetch(article.get_absolute_url()).content.decode()


def test_scheduled_article_appears_on_time_despite_the_cache(article, run_tasks):
    # Due in 4 s: time enough for a slow run to see the page kept before then (a kept
    # page never outlives the next publish time).
    due = timezone.now() + timedelta(seconds=4)
    make_article(headline="Scheduled story", section=article.section, published_at=due)
    assert "Scheduled story" not in cached("/").content.decode()
    run_tasks()  # nothing is due yet: the front page stays cached
    assert fetch("/")["X-Page-Cache"] == "hit"
    time.sleep(max(0, (due - timezone.now()).total_seconds()) + 0.1)
    run_tasks()  # the purge queued for its publish time
    assert "Scheduled story" in fetch("/").content.decode()


def test_approving_a_comment_leaves_other_stories_cached(article):
    other = make_article(headline="Another story", section=make_section(name="Sport"))
    comment = make_comment(article=article, status=Comment.Status.PENDING, body="Approved")
    cached(article.get_absolute_url())
    cached(other.get_absolute_url())
    comment.status = Comment.Status.APPROVED
    comment.save()
    assert fetch(article.get_absolute_url())["X-Page-Cache"] == "miss"
    assert fetch(other.get_absolute_url())["X-Page-Cache"] == "hit"


def test_approving_a_comment_refreshes_listings_showing_its_count(article):
    comment = make_comment(article=article, status=Comment.Status.PENDING)
    cached("/")
    comment.status = Comment.Status.APPROVED
    comment.save()
    assert "1 comment" in fetch("/").content.decode()


def test_publishing_a_story_leaves_other_sections_article_pages_cached(article, run_tasks):
    elsewhere = make_article(headline="Elsewhere", section=make_section(name="Sport"))
    run_tasks()
    cached(article.get_absolute_url())
    cached(elsewhere.get_absolute_url())
    make_article(headline="Breaking", section=article.section)
    run_tasks()  # the related stories of the new story and of those it relates to
    assert "Breaking" in fetch(article.get_absolute_url()).content.decode()  # related
    assert fetch(elsewhere.get_absolute_url())["X-Page-Cache"] == "hit"


def test_pages_name_what_they_show_in_the_surrogate_key_header(article):
    keys = fetch(article.get_absolute_url())["Surrogate-Key"].split()
    author = article.bylines.get().author
    for expected in (f"article-{article.pk}", f"comments-{article.pk}", f"author-{author.pk}",
                     f"tag-{article.tags.get().pk}", f"related-{article.pk}", "site"):
        assert expected in keys
    front = fetch("/")["Surrogate-Key"].split()
    assert "list" in front and f"comments-{article.pk}" in front
    assert f"article-{article.pk}" not in front  # its edits purge the listing instead


def test_surrogate_key_header_name_is_configurable(article, settings):
    settings.SURROGATE_KEY_HEADER = "Cache-Tag"
    response = fetch(article.get_absolute_url())
    assert f"article-{article.pk}" in response["Cache-Tag"].split()


def test_a_replayed_page_says_how_old_it_is(article):
    response = cached(article.get_absolute_url())
    assert int(response["Age"]) >= 0


def test_a_page_rendered_while_its_story_changed_is_not_kept(article, monkeypatch):
    """A purge that lands while a page renders wins: the page is not stored."""
    from newsroom import pagecache

    real_store = pagecache.store

    def store_after_a_purge(page, response, started):
        article.headline = "Changed mid-render"
        article.save()  # purges while this render (of the old headline) is unfinished
        real_store(page, response, started)

    monkeypatch.setattr(pagecache, "store", store_after_a_purge)
    fetch(article.get_absolute_url())
    monkeypatch.setattr(pagecache, "store", real_store)
    assert "Changed mid-render" in fetch(article.get_absolute_url()).content.decode()


def test_new_article_shows_in_related_box_on_cached_article_pages(article, run_tasks):
    cached(article.get_absolute_url())
    make_article(headline="A related story", section=article.section)
    run_tasks()
    assert "A related story" in fetch(article.get_absolute_url()).content.decode()


def test_evicted_purge_times_count_as_purged(article):
    from django.core.cache import cache

    cached(article.get_absolute_url())
    cache.delete(f"purged:article-{article.pk}")
    assert fetch(article.get_absolute_url())["X-Page-Cache"] == "miss"


def test_page_cache_can_be_turned_off(settings, article):
    settings.PAGE_CACHE_ENABLED = False
    fetch(article.get_absolute_url())
    response = fetch(article.get_absolute_url())
    assert "X-Page-Cache" not in response.headers
    assert "public" in response["Cache-Control"]


def test_post_and_error_pages_are_never_cached(article):
    for _ in range(3):
        missing = fetch("/articles/no-such-story/")
    assert missing.status_code == 404
    assert missing["X-Page-Cache"] == "miss"


def test_publishing_from_the_admin_list_shows_the_article(client):
    draft = make_article(headline="Published in bulk", status=Status.DRAFT)
    cached("/")
    client.force_login(make_user(is_staff=True, is_superuser=True))
    client.post("/admin/articles/article/",
                {"action": "publish_selected", "_selected_action": [draft.pk], "post": "yes"})
    assert "Published in bulk" in fetch("/").content.decode()


def test_listing_count_follows_newly_published_articles(settings):
    settings.ARTICLES_PER_PAGE = 2
    section = make_section()
    make_article(headline="Oldest story", section=section,
                 published_at=timezone.now() - timedelta(hours=3))
    make_article(headline="Middle story", section=section,
                 published_at=timezone.now() - timedelta(hours=2))
    page_two = f"{section.get_absolute_url()}?page=2"
    assert "Middle story" in cached(page_two).content.decode()  # only one page so far
    make_article(headline="Newest story", section=section)
    html = fetch(page_two).content.decode()
    assert "Oldest story" in html
    assert "Middle story" not in html
