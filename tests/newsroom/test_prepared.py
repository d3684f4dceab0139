"""Queries compiled once per process (newsroom/prepared.py) give exactly what their
queryset gives, for any values, and refuse a shape whose SQL would change with them."""

from datetime import timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from articles.models import Article, Byline, Tag
from newsroom.prepared import EXAMPLE_TIME, attach, prepared
from newsroom.publishing import Status
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

BY_SLUG = prepared(
    lambda slug, now: Article.objects.published(now=now).select_related("section")
    .filter(slug=slug),
    "example", EXAMPLE_TIME)


def test_each_call_finds_what_the_queryset_finds_for_its_own_values():
    first = make_article(slug="first-story", headline="First")
    second = make_article(slug="second-story", headline="Second")
    now = timezone.now()
    assert BY_SLUG("first-story", now) == [first]
    assert BY_SLUG("second-story", now) == [second]
    assert BY_SLUG("no-such-story", now) == []
    found = BY_SLUG("second-story", now)[0]
    assert found.headline == "Second" and found.section == second.section


def test_the_time_given_decides_what_is_published(django_assert_num_queries):
    later = timezone.now() + timedelta(hours=2)
    scheduled = make_article(slug="at-noon", published_at=later)
    assert BY_SLUG("at-noon", timezone.now()) == []
    assert BY_SLUG("at-noon", later + timedelta(seconds=1)) == [scheduled]
    make_article(slug="a-draft", status=Status.DRAFT, published_at=None)
    assert BY_SLUG("a-draft", later) == []


def test_a_row_comes_with_its_joined_rows_in_one_query(django_assert_num_queries):
    story = make_article(slug="joined", section=make_section(name="Harbour"))
    BY_SLUG("joined", timezone.now())  # compiled on a first call
    with django_assert_num_queries(1):
        found = BY_SLUG("joined", timezone.now())[0]
        assert found.section.name == "Harbour" and found.pk == story.pk


def test_values_lists_ordering_and_slices_are_kept():
    section = make_section()
    stories = [make_article(section=section, headline=f"Story {n}",
                            published_at=timezone.now() - timedelta(hours=n)) for n in range(5)]
    newest = prepared(lambda pk, now: Article.objects.published(now=now)
                      .filter(section=pk).values_list("headline", flat=True)[:3],
                      1, EXAMPLE_TIME)
    expected = list(Article.objects.published().filter(section=section)
                    .values_list("headline", flat=True)[:3])
    assert newest(section.pk, timezone.now()) == expected == [s.headline for s in stories[:3]]


def test_attached_rows_read_like_prefetched_ones(django_assert_num_queries):
    tags = [make_tag(name="Bravo"), make_tag(name="Alpha")]
    author = make_author(name="Ada")
    story = make_article(tags=tags, authors=[author])
    make_article(tags=[make_tag(name="Other")])
    of_story = prepared(lambda pk: Tag.objects.filter(articles=pk), 1)
    bylines = prepared(lambda pk: Byline.objects.select_related("author").filter(article=pk), 1)
    story = Article.objects.get(pk=story.pk)
    attach(story, "tags", of_story(story.pk))
    attach(story, "bylines", bylines(story.pk))
    with django_assert_num_queries(0):
        assert [t.name for t in story.tags.all()] == ["Alpha", "Bravo"]
        assert story.byline_authors == [author]
        assert story.bylines.all()[0].article is story
    # Filtering the attached rows asks the database about this story's rows only.
    assert list(story.tags.filter(name__startswith="O")) == []
    assert list(story.tags.filter(name="Alpha")) == [tags[1]]


def test_a_list_of_the_examples_length_finds_each_of_its_values():
    stories = [make_article() for _ in range(4)]
    of_ids = prepared(lambda ids: Article.objects.filter(pk__in=ids).order_by("pk"), [1, 2, 3])
    wanted = [stories[3].pk, stories[0].pk, stories[2].pk]
    assert of_ids(wanted) == sorted([stories[i] for i in (0, 2, 3)], key=lambda s: s.pk)
    assert of_ids([stories[1].pk, 10**9, 10**9 + 1]) == [stories[1]]
    with pytest.raises(TypeError, match="list of 3 distinct values"):
        of_ids([stories[0].pk, stories[1].pk])
    with pytest.raises(TypeError, match="list of 3 distinct values"):
        of_ids([stories[0].pk, stories[0].pk, stories[1].pk])


@pytest.mark.parametrize(("build", "example", "reason"), [
    (lambda ids: Article.objects.filter(pk__in=ids), [1, 1], "distinct values"),
    (lambda word: Article.objects.filter(headline__icontains=word), "harbour",
     "is written to the SQL as .%harbour%."),
    (lambda flag: Article.objects.filter(Q(pk=1) if flag else Q(pk=2)), True, "True/False"),
    (lambda pk: Article.objects.filter(pk=1), 5, "not among the query's parameters"),
])
def test_a_shape_that_changes_with_its_values_is_refused_with_the_reason(build, example, reason):
    query = prepared(build, example)
    with pytest.raises((TypeError, ValueError), match=reason):
        query(example)


def test_none_is_refused_it_would_change_the_sql():
    with pytest.raises(TypeError, match="None"):
        BY_SLUG(None, timezone.now())


def test_a_paged_listing_counts_and_pages_as_the_paginator_does_over_the_queryset():
    from django.core.paginator import Paginator

    section = make_section()
    for n in range(7):
        make_article(section=section, published_at=timezone.now() - timedelta(hours=n))
    make_article(section=section, published_at=timezone.now() + timedelta(hours=1))
    stories = prepared(lambda pk, now: Article.objects.published(now=now).filter(section=pk),
                       1, EXAMPLE_TIME)
    queryset = Article.objects.published().filter(section=section)
    now = timezone.now()
    for number in (1, 2, 3, 4, "x"):
        ours = Paginator(stories.paged(section.pk, now), 3).get_page(number)
        theirs = Paginator(queryset, 3).get_page(number)
        assert ours.paginator.count == theirs.paginator.count == 7
        assert list(ours) == list(theirs)
    empty = Paginator(stories.paged(make_section().pk, now), 3).get_page(1)
    assert empty.paginator.count == 0 and list(empty) == []


def test_sql_around_a_prepared_query_reads_its_rows_for_the_values_given():
    section, other = make_section(), make_section()
    for n, headline in enumerate(["Bravo", "Alpha", "Charlie"]):
        make_article(section=section, headline=headline,
                     published_at=timezone.now() - timedelta(hours=n))
    make_article(section=other, headline="Delta")
    newest_two = prepared(lambda pk, now: Article.objects.published(now=now)
                          .filter(section=pk).values_list("pk", "headline")[:2], 1, EXAMPLE_TIME)
    by_headline = "SELECT * FROM ({rows}) kept ORDER BY 2"
    assert [row[1] for row in newest_two.around(by_headline, section.pk, timezone.now())] \
        == ["Alpha", "Bravo"]  # the two newest, reordered by the database
    assert newest_two.around("SELECT COUNT(*) FROM ({rows}) kept", other.pk, timezone.now()) \
        == [(1,)]
