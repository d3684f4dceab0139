"""What a front page or related stories change purges from the page cache: only the
pages that show it, at once or at the slot's time."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from frontpage.models import Slot, Zone
from tests.factories import kept_page, make_article, make_section, make_tag, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def fetch(url):
    return Client().get(url)


def lead(html):
    return html.split('teaser--lead">')[1].split("</article>")[0]


def lead_zone():
    return Zone.objects.get_or_create(kind="lead", defaults={"size": 1})[0]


@pytest.fixture
def stories():
    section = make_section(name="World")
    now = timezone.now()
    return [make_article(headline=f"Story {n}", section=section,
                         published_at=now - timedelta(hours=n + 1)) for n in range(3)]


def test_changing_a_slot_purges_the_front_page_only(stories):
    chosen = make_article(headline="The editors' choice", section=make_section(name="Arts"),
                          published_at=timezone.now() - timedelta(days=9))
    others = [stories[0].get_absolute_url(), chosen.get_absolute_url(),
              stories[0].section.get_absolute_url(), "/feed/"]
    for url in ["/", *others]:
        kept_page(url)
    Slot.objects.create(zone=lead_zone(), position=1, article=chosen)
    front = fetch("/")
    assert "X-Page-Cache" not in front or front["X-Page-Cache"] != "hit"
    assert "The editors&#x27; choice" in lead(front.content.decode())
    for url in others:
        assert fetch(url)["X-Page-Cache"] == "hit", url


def test_a_slot_starting_later_changes_the_cached_front_page_on_time(stories, run_tasks):
    chosen = make_article(headline="Evening pick", published_at=timezone.now() - timedelta(days=9))
    Slot.objects.create(zone=lead_zone(), position=1, article=chosen,
                        starts_at=timezone.now() + timedelta(seconds=3))
    assert "Evening pick" not in lead(kept_page("/").content.decode())
    run_tasks()  # nothing is due yet: the front page stays cached
    assert fetch("/")["X-Page-Cache"] == "hit"
    time.sleep(3.1)
    run_tasks()  # the purge queued for the slot's start
    assert "Evening pick" in lead(fetch("/").content.decode())


def test_a_slot_ending_takes_its_story_off_the_cached_front_page_on_time(stories, run_tasks):
    chosen = make_article(headline="Morning pick", published_at=timezone.now() - timedelta(days=9))
    Slot.objects.create(zone=lead_zone(), position=1, article=chosen,
                        ends_at=timezone.now() + timedelta(seconds=1))
    assert "Morning pick" in lead(kept_page("/").content.decode())
    time.sleep(1.1)
    run_tasks()
    assert "Morning pick" not in lead(fetch("/").content.decode())


def test_a_recomputed_related_list_purges_that_article_page_only(run_tasks):
    tag, news, sport = make_tag(name="Floods"), make_section(), make_section()
    first = make_article(headline="First flood story", tags=[tag], section=news)
    unrelated = make_article(headline="Unrelated", section=sport)
    run_tasks()
    kept_page(first.get_absolute_url())
    kept_page(unrelated.get_absolute_url())
    make_article(headline="Second flood story", tags=[tag], section=news)
    run_tasks()  # scores the new story, and the lists of the stories it relates to
    assert "Second flood story" in fetch(first.get_absolute_url()).content.decode()
    assert fetch(unrelated.get_absolute_url())["X-Page-Cache"] == "hit"


def test_an_unpublished_related_story_leaves_cached_pages_before_any_task_runs(run_tasks):
    from articles.services import article_unpublish
    from tests.factories import recreate_roles

    recreate_roles()
    tag = make_tag()
    story = make_article(tags=[tag])
    taken_down = make_article(headline="Taken down", tags=[tag])
    run_tasks()
    assert "Taken down" in kept_page(story.get_absolute_url()).content.decode()
    article_unpublish(article=taken_down, user=make_user(group="Editors"))
    assert "Taken down" not in fetch(story.get_absolute_url()).content.decode()
