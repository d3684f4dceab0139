"""Every public page and the busy admin lists cost a fixed number of SQL queries.

Each page is measured with little and with a lot of content; both must match the
same pinned count, so a query inside a loop (N+1) fails here. The page cache is
off: these budgets are what a render from the database costs.
"""

import re

import pytest
from django.conf import settings

from tests.factories import (
    make_article,
    make_author,
    make_comment,
    make_section,
    make_tag,
    make_user,
)

pytestmark = pytest.mark.django_db

# Every page's menus (the sections, the footer's static pages) cost no query: each
# worker keeps their rows until the `site` key is purged (newsroom/caching.py).
MENUS = 0
# Article with its section and comment counts, tags, bylines with authors, corrections,
# the stored related stories + their bylines, one page of comment threads; the menus.
ARTICLE_PAGE_QUERIES = 7 + MENUS
# The page's object, the listing's count, articles, their bylines; the menus.
LISTING_PAGE_QUERIES = 4 + MENUS
# Zones, the slots in force, the top stories' fill, each section's cut-off, the blocks'
# fill, the stories shown and their bylines (frontpage/layout.py); the menus.
FRONT_PAGE_QUERIES = 7 + MENUS
# Admin pages also count what waits (articles in review, comments pending) for the header.
ARTICLE_CHANGELIST_QUERIES = 6 + 2
COMMENT_CHANGELIST_QUERIES = 5 + 2 + 1  # and one for the commenters' records


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def get_within_budget(client, url, budget, django_assert_num_queries):
    client.get(url)  # the first request may run one-off lookups; count a later one
    with django_assert_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("comments", "bylines", "tags"),
    [(0, 1, 0), (300, 1, 0), (0, 5, 0), (0, 1, 20), (300, 5, 20)],
)
def test_article_page_query_count_does_not_grow_with_comments_bylines_or_tags(
    client, django_assert_num_queries, committed, comments, bylines, tags
):
    section = make_section()
    with committed():  # the task queue computes the related stories
        make_article(section=section)  # so the related stories box is never empty
        article = make_article(
            section=section,
            authors=[make_author() for _ in range(bylines)],
            tags=[make_tag() for _ in range(tags)],
        )
    parents = [make_comment(article=article) for _ in range(comments // 2)]
    for parent in parents:
        make_comment(article=article, parent=parent)
    # With no comments at all, the empty page of threads needs no query.
    budget = ARTICLE_PAGE_QUERIES if comments else ARTICLE_PAGE_QUERIES - 1
    response = get_within_budget(
        client, article.get_absolute_url(), budget, django_assert_num_queries
    )
    html = response.content.decode()
    assert html.count('class="author-box"') == bylines
    assert html.count('rel="tag"') == tags
    # Threads of a top-level comment and its reply: the first page shows 25 of them.
    shown = min(comments, 2 * settings.COMMENT_THREADS_PER_PAGE)
    assert html.count('class="comment ') + html.count('class="comment"') == shown


def make_listed_articles(count, **kw):
    authors = [make_author() for _ in range(3)]
    for n in range(count):
        make_article(authors=authors[: 1 + n % 3], featured=n % 7 == 0, **kw)
    return authors


@pytest.mark.parametrize("count", [10, 100])
def test_front_page_query_count_does_not_grow_with_the_archive(
    client, django_assert_num_queries, count
):
    make_listed_articles(count, section=make_section())
    get_within_budget(client, "/", FRONT_PAGE_QUERIES, django_assert_num_queries)


@pytest.mark.parametrize(("sections", "slots"), [(1, 0), (2, 3), (8, 40)])
def test_front_page_query_count_does_not_grow_with_zones_or_slots(
    client, django_assert_num_queries, sections, slots
):
    from frontpage.models import Slot, Zone

    stories = []
    for n in range(sections):
        section = make_section()
        stories += [make_article(section=section, featured=m == 0) for m in range(6)]
        if n % 2:  # half the sections have a zone of their own
            Zone.objects.create(kind=Zone.Kind.SECTION, section=section, size=5, position=n + 2)
    zones = list(Zone.objects.all())
    for n in range(slots):
        zone = zones[n % len(zones)]
        Slot.objects.create(zone=zone, position=1 + n % zone.size,
                            article=stories[n % len(stories)])
    response = get_within_budget(client, "/", FRONT_PAGE_QUERIES, django_assert_num_queries)
    shown = re.findall(r'class="teaser-headline"><a href="([^"]+)"', response.content.decode())
    # Every block full (a story pinned in another section's block leaves its own short),
    # and no story twice.
    assert len(shown) >= min(len(stories), 4 + 4 * sections) - slots
    assert len(shown) == len(set(shown))


@pytest.mark.parametrize("count", [10, 100])
def test_section_page_query_count_does_not_grow_with_its_articles(
    client, django_assert_num_queries, count
):
    section = make_section()
    make_listed_articles(count, section=section)
    get_within_budget(client, section.get_absolute_url(), LISTING_PAGE_QUERIES,
                      django_assert_num_queries)


@pytest.mark.parametrize("count", [10, 100])
def test_tag_page_query_count_does_not_grow_with_its_articles(
    client, django_assert_num_queries, count
):
    tag, section = make_tag(), make_section()
    make_listed_articles(count, section=section, tags=[tag, make_tag()])
    get_within_budget(client, tag.get_absolute_url(), LISTING_PAGE_QUERIES,
                      django_assert_num_queries)


@pytest.mark.parametrize("count", [10, 100])
def test_author_page_query_count_does_not_grow_with_their_articles(
    client, django_assert_num_queries, count
):
    authors = make_listed_articles(count, section=make_section())
    get_within_budget(client, authors[0].get_absolute_url(), LISTING_PAGE_QUERIES,
                      django_assert_num_queries)


@pytest.mark.parametrize("count", [10, 100])
def test_article_changelist_query_count_does_not_grow(client, django_assert_num_queries, count):
    make_listed_articles(count, section=make_section())
    client.force_login(make_user(is_staff=True, is_superuser=True))
    get_within_budget(client, "/admin/articles/article/", ARTICLE_CHANGELIST_QUERIES,
                      django_assert_num_queries)


@pytest.mark.parametrize("count", [10, 100])
def test_comment_changelist_query_count_does_not_grow(client, django_assert_num_queries, count):
    articles = [make_article(section=make_section()) for _ in range(3)]
    for n in range(count):
        make_comment(article=articles[n % 3], status="pending" if n % 2 else "approved")
    client.force_login(make_user(is_staff=True, is_superuser=True))
    get_within_budget(client, "/admin/comments/comment/", COMMENT_CHANGELIST_QUERIES,
                      django_assert_num_queries)
