"""The live page and its poll cost a fixed number of queries, however many entries,
embeds and key events (pinned like tests/performance/test_query_budget.py)."""

import pytest

from newsroom.models import Embed
from tests.factories import make_article
from tests.performance.test_query_budget import ARTICLE_PAGE_QUERIES, get_within_budget

pytestmark = pytest.mark.django_db

# The article page's, plus the entries with their authors, and their embeds' snapshots.
LIVE_PAGE_QUERIES = ARTICLE_PAGE_QUERIES + 2
# The live article with its coverage, the new entries with authors, their embeds.
POLL_QUERIES = 3


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def fill(article, make_entry, count):
    for n in range(count):
        url = f"https://www.youtube.com/watch?v=abcdefghij{n % 10}"
        entry = make_entry(article, body=f"<p>Update {n}</p><p>{url}</p>", key_event=n % 3 == 0,
                           pinned=n == 0)
        Embed.objects.filter(url=url).update(status=Embed.Status.READY, title=f"Video {n}",
                                             frame_url="https://www.youtube-nocookie.com/embed/x")
    return entry


@pytest.mark.parametrize("entries", [1, 40])
def test_live_page_query_count_does_not_grow_with_entries(
        client, django_assert_num_queries, live_article, make_entry, entries):
    from frontpage.related import refresh

    related = make_article(section=live_article.section)
    refresh(live_article.pk, also=[related.pk])  # the related stories box, as the task keeps it
    fill(live_article, make_entry, entries)
    from tests.factories import make_comment

    make_comment(article=live_article)
    response = get_within_budget(client, live_article.get_absolute_url(), LIVE_PAGE_QUERIES,
                                 django_assert_num_queries)
    assert response.content.decode().count(' data-entry="') == entries


@pytest.mark.parametrize("entries", [1, 40])
def test_poll_query_count_does_not_grow_with_new_entries(
        client, django_assert_num_queries, live_article, make_entry, entries):
    fill(live_article, make_entry, entries)
    response = get_within_budget(client, f"/articles/{live_article.slug}/live/?after=0",
                                 POLL_QUERIES, django_assert_num_queries)
    assert len(response.json()["entries"]) == entries
