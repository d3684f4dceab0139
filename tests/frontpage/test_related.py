"""Related stories: scored by a task when a story changes, stored, read through
`published()`; an unpublished story leaves every list it was in."""

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from articles.services import article_unpublish
from frontpage.models import RelatedStory
from tests.factories import make_article, make_author, make_section, make_tag, make_user

pytestmark = pytest.mark.django_db


def related_on_page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    doc = lxml_html.fromstring(response.content)
    return [" ".join(a.text_content().split())
            for a in doc.cssselect(".related .teaser-headline a")]


def stored(article):
    return list(RelatedStory.objects.filter(story=article).order_by("rank")
                .values_list("related__headline", flat=True))


@pytest.fixture(autouse=True)
def _render_every_page(settings):
    """What is stored and shown; the page cache's purges are tested in test_purges.py."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def editor():
    from tests.factories import recreate_roles

    recreate_roles()
    return make_user(group="Editors")


def test_related_stories_are_computed_by_the_task_queue_not_at_render(
    client, committed, run_tasks, django_capture_on_commit_callbacks
):
    section = make_section()
    with committed():
        make_article(headline="Earlier", section=section)
    with django_capture_on_commit_callbacks(execute=True):
        story = make_article(headline="Just published", section=section)
    assert related_on_page(client, story) == []  # queued; no worker has run it yet
    run_tasks()
    assert related_on_page(client, story) == ["Earlier"]


def test_shared_tags_and_bylines_rank_above_the_same_section_alone(client, committed):
    section, elsewhere = make_section(), make_section()
    floods, rain = make_tag(name="Floods"), make_tag(name="Rain")
    reporter = make_author()
    with committed():
        make_article(headline="Section only", section=section)
        make_article(headline="One tag", section=elsewhere, tags=[floods])
        make_article(headline="Two tags and the byline", section=elsewhere, tags=[floods, rain],
                     authors=[reporter])
        make_article(headline="Byline only", section=elsewhere, authors=[reporter])
        make_article(headline="Nothing in common", section=elsewhere)
        story = make_article(headline="Story", section=section, tags=[floods, rain],
                             authors=[reporter])
    assert related_on_page(client, story) == [
        "Two tags and the byline", "One tag", "Byline only", "Section only"]
    assert "Nothing in common" not in stored(story)


def test_words_in_common_relate_stories_that_share_nothing_else(client, committed):
    words = "<p>The glacier melt record at the alpine station alarmed glaciologists.</p>"
    with committed():
        make_article(headline="Glacier melt starts early at alpine station", body=words)
        make_article(headline="Council approves new bus timetable",
                     body="<p>Buses will run every ten minutes on weekdays.</p>")
        story = make_article(headline="Glaciologists warn of a record melt", body=words)
    assert stored(story) == ["Glacier melt starts early at alpine station"]


def test_among_equally_related_stories_the_recent_rank_first(client, committed):
    section, tag = make_section(), make_tag()
    now = timezone.now()
    with committed():
        make_article(headline="A year ago", section=section, tags=[tag],
                     published_at=now - timedelta(days=365))
        make_article(headline="Last week", section=section, tags=[tag],
                     published_at=now - timedelta(days=7))
        make_article(headline="Last month", section=section, tags=[tag],
                     published_at=now - timedelta(days=30))
        story = make_article(section=section, tags=[tag])
    assert related_on_page(client, story) == ["Last week", "Last month", "A year ago"]


def test_a_new_story_joins_the_lists_of_the_stories_it_relates_to(client, committed):
    tag = make_tag()
    with committed():
        older = make_article(headline="Older", tags=[tag])
    assert related_on_page(client, older) == []
    with committed():
        make_article(headline="Follow-up", tags=[tag])
    assert related_on_page(client, older) == ["Follow-up"]


def test_an_unpublished_related_story_vanishes_at_once_and_the_lists_are_recomputed(
    client, committed, editor
):
    section = make_section()
    now = timezone.now()
    with committed():
        stories = [make_article(headline=f"Story {n}", section=section,
                                published_at=now - timedelta(hours=n + 1)) for n in range(6)]
    story = stories[5]
    assert related_on_page(client, story) == ["Story 0", "Story 1", "Story 2", "Story 3"]
    with committed():
        article_unpublish(article=stories[1], user=editor)
        # Before the task runs, the page already leaves it out.
        assert related_on_page(client, story) == ["Story 0", "Story 2", "Story 3", "Story 4"]
    assert "Story 1" not in stored(story)
    assert not RelatedStory.objects.filter(related=stories[1]).exists()


def test_a_deleted_story_leaves_every_list_it_was_in(committed):
    tag = make_tag()
    with committed():
        kept = make_article(tags=[tag])
        gone = make_article(headline="Gone", tags=[tag])
        other = make_article(headline="Other", tags=[tag])
    assert "Gone" in stored(kept)
    with committed():
        gone.delete()
    assert stored(kept) == ["Other"]
    assert other.pk


def test_editing_a_storys_tags_recomputes_its_list(client, committed):
    moon, sun = make_tag(name="Moon"), make_tag(name="Sun")
    with committed():
        make_article(headline="About the moon", tags=[moon], section=make_section())
        make_article(headline="About the sun", tags=[sun], section=make_section())
        story = make_article(tags=[moon], section=make_section())
    assert related_on_page(client, story) == ["About the moon"]
    with committed():
        story.tags.set([sun])
    assert related_on_page(client, story) == ["About the sun"]


def test_a_scheduled_story_is_related_from_its_publish_time(committed, run_tasks):
    tag = make_tag()
    with committed():
        older = make_article(tags=[tag])
        make_article(headline="Embargoed", tags=[tag],
                     published_at=timezone.now() + timedelta(seconds=1))
    assert stored(older) == []
    import time

    time.sleep(1.1)
    run_tasks()  # the task queued for its publish time
    assert stored(older) == ["Embargoed"]


def test_the_article_page_reads_at_most_four_stored_stories_in_two_queries(
    client, committed, django_assert_num_queries, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_ENABLED = False
    tag = make_tag()
    with committed():
        for n in range(10):
            make_article(tags=[tag], authors=[make_author(), make_author()])
        story = make_article(tags=[tag])
    assert len(stored(story)) == 8
    assert len(related_on_page(client, story)) == 4
    with CaptureQueriesContext(connection) as queries:
        client.get(story.get_absolute_url())
    related = [q["sql"] for q in queries.captured_queries if "frontpage_relatedstory" in q["sql"]]
    assert len(related) == 1  # and its bylines' prefetch: pinned in test_query_budget.py
