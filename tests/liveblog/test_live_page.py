"""A live article: entries in order, key events, polling, end of coverage, purges,
structured data, its feed, and who may add entries."""

import json
import re
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from liveblog.models import LiveCoverage
from tests.factories import kept_page, make_article, make_author, make_user

pytestmark = pytest.mark.django_db


def ids_in_order(html):
    return [int(n) for n in re.findall(r'class="live-entry[^"]*" id="entry-(\d+)"', html)]


def test_entries_show_pinned_first_then_newest_first_with_key_events_at_the_start(
        client, live_article, make_entry):
    now = timezone.now()
    old = make_entry(live_article, published_at=now - timedelta(hours=2), headline="Polls open",
                     key_event=True)
    pinned = make_entry(live_article, published_at=now - timedelta(hours=3), pinned=True,
                        body="<p>What we know so far.</p>")
    new = make_entry(live_article, published_at=now - timedelta(minutes=5))
    html = client.get(live_article.get_absolute_url()).content.decode()
    assert ids_in_order(html) == [pinned.pk, new.pk, old.pk]
    key_events = html[html.index('class="key-events"'):html.index('class="live-entries"')]
    assert f'href="#entry-{old.pk}"' in key_events and "Polls open" in key_events
    assert f'href="#entry-{new.pk}"' not in key_events


def test_an_entry_body_is_sanitised(client, live_article, make_entry):
    entry = make_entry(live_article, body='<p onclick="x()">Hi<script>alert(1)</script></p>')
    assert entry.body == "<p>Hi</p>"


def test_the_poll_answers_only_entries_after_the_one_given(client, live_article, make_entry):
    first = make_entry(live_article)
    second = make_entry(live_article, body="<p>Second</p>")
    data = client.get(f"/articles/{live_article.slug}/live/?after={first.pk}").json()
    assert [e["id"] for e in data["entries"]] == [second.pk]
    assert "Second" in data["entries"][0]["html"]
    assert data["latest"] == second.pk and data["ended"] is False
    empty = client.get(f"/articles/{live_article.slug}/live/?after={second.pk}").json()
    assert empty["entries"] == [] and empty["latest"] == second.pk


def test_the_poll_is_public_cacheable_and_carries_the_articles_key(client, live_article):
    response = client.get(f"/articles/{live_article.slug}/live/?after=0")
    assert "public" in response["Cache-Control"]
    assert f"article-{live_article.pk}" in response["Surrogate-Key"].split()


@pytest.mark.parametrize("after", ["abc", "-1", "1" * 40])
def test_a_bad_after_is_a_400_that_says_what_to_send(client, live_article, after):
    response = client.get(f"/articles/{live_article.slug}/live/", {"after": after})
    assert response.status_code == 400
    assert "number of the latest entry" in response.json()["error"]


def test_an_article_that_is_not_live_or_not_published_has_no_poll(client):
    assert client.get(f"/articles/{make_article().slug}/live/").status_code == 404
    draft = make_article(status="draft")
    LiveCoverage.objects.create(article=draft)
    assert client.get(f"/articles/{draft.slug}/live/").status_code == 404


def test_ended_coverage_says_so_and_the_page_stops_polling(client, live_article, make_entry,
                                                           settings):
    settings.PAGE_CACHE_ENABLED = False  # purges run after commit: tested on their own below
    make_entry(live_article)
    page = client.get(live_article.get_absolute_url()).content.decode()
    assert "js/liveblog.js" in page and "data-ended" not in page
    LiveCoverage.objects.filter(article=live_article).update(ended_at=timezone.now())
    page = client.get(live_article.get_absolute_url()).content.decode()
    assert "Live coverage ended at" in page
    assert "js/liveblog.js" not in page and "data-ended" in page
    assert client.get(f"/articles/{live_article.slug}/live/?after=0").json()["ended"] is True


@pytest.mark.django_db(transaction=True)
def test_a_new_entry_purges_its_article_page_and_poll_and_nothing_else(client, make_entry):
    from liveblog.models import LiveCoverage as Coverage

    article, other = make_article(), make_article()
    Coverage.objects.create(article=article)
    poll = f"/articles/{article.slug}/live/?after=0"
    for url in (article.get_absolute_url(), poll, other.get_absolute_url(), "/"):
        kept_page(url)
    make_entry(article, body="<p>Breaking: the bridge is closed.</p>")
    assert "the bridge is closed" in client.get(article.get_absolute_url()).content.decode()
    assert "the bridge is closed" in client.get(poll).content.decode()
    assert client.get(other.get_absolute_url())["X-Page-Cache"] == "hit"
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_structured_data_is_a_live_blog_posting_with_its_updates(client, live_article,
                                                                 make_entry):
    entry = make_entry(live_article, headline="Bridge closed")
    LiveCoverage.objects.filter(article=live_article).update(ended_at=timezone.now())
    html = client.get(live_article.get_absolute_url()).content.decode()
    blocks = [json.loads(b) for b in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    live = next(b for b in blocks if b["@type"] == "LiveBlogPosting")
    assert live["coverageStartTime"] and live["coverageEndTime"]
    update = live["liveBlogUpdate"][0]
    assert update["@type"] == "BlogPosting" and update["headline"] == "Bridge closed"
    assert update["url"].endswith(f"#entry-{entry.pk}")


def test_the_live_articles_feed_carries_its_entries(client, live_article, make_entry):
    make_entry(live_article, headline="First")
    make_entry(live_article, headline="Second")
    page = client.get(live_article.get_absolute_url()).content.decode()
    assert f'href="/articles/{live_article.slug}/live/feed/"' in page
    feed = feedparser.parse(client.get(f"/articles/{live_article.slug}/live/feed/").content)
    assert [e.title for e in feed.entries] == ["Second", "First"]
    assert feed.entries[0].link.endswith(f"#entry-{live_article.live_entries.first().pk}")


def test_an_article_that_is_not_live_shows_no_live_parts(client):
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert 'id="live"' not in html and "LiveBlogPosting" not in html


def test_a_writer_may_add_entries_only_to_live_articles_they_are_bylined_on(client):
    writer = make_user(group="Writers")
    me = make_author(user=writer)
    mine, theirs = make_article(authors=[me]), make_article()
    for article in (mine, theirs):
        LiveCoverage.objects.create(article=article)
    client.force_login(writer)
    form = {"published_at_0": "2026-01-01", "published_at_1": "10:00", "body": "<p>Mine</p>",
            "headline": "", "image_alt": "", "image_caption": ""}
    ok = client.post("/admin/liveblog/liveentry/add/", {**form, "article": mine.pk})
    assert ok.status_code == 302
    assert mine.live_entries.get().author == me
    refused = client.post("/admin/liveblog/liveentry/add/", {**form, "article": theirs.pk})
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert not theirs.live_entries.exists()


def test_editors_write_entries_in_a_live_articles_form_and_other_forms_are_unchanged(client):
    editor = make_user(group="Editors")
    client.force_login(editor)
    article, plain = make_article(), make_article()
    LiveCoverage.objects.create(article=article)
    page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "live_entries-TOTAL_FORMS" in page and "live_coverage-TOTAL_FORMS" in page
    page = client.get(f"/admin/articles/article/{plain.pk}/change/").content.decode()
    assert "live_entries-TOTAL_FORMS" not in page


def test_an_editor_adds_an_entry_from_the_article_form(client):
    from tests.articles.admin_forms import article_form_data

    editor = make_user(group="Editors")
    author = make_author(user=editor)
    client.force_login(editor)
    article = make_article()
    coverage = LiveCoverage.objects.create(article=article)
    data = article_form_data(article)
    data.update({
        "live_coverage-TOTAL_FORMS": "1", "live_coverage-INITIAL_FORMS": "1",
        "live_coverage-MIN_NUM_FORMS": "0", "live_coverage-MAX_NUM_FORMS": "1",
        "live_coverage-0-id": coverage.pk, "live_coverage-0-article": article.pk,
        "live_coverage-0-started_at_0": "2026-01-01", "live_coverage-0-started_at_1": "09:00",
        "live_coverage-0-ended_at_0": "", "live_coverage-0-ended_at_1": "",
        "live_entries-TOTAL_FORMS": "1", "live_entries-INITIAL_FORMS": "0",
        "live_entries-MIN_NUM_FORMS": "0", "live_entries-MAX_NUM_FORMS": "1000",
        "live_entries-0-published_at_0": "2026-01-01", "live_entries-0-published_at_1": "10:00",
        "live_entries-0-author": author.pk, "live_entries-0-headline": "Polls close",
        "live_entries-0-body": "<p>Counting begins.</p>", "live_entries-0-key_event": "on",
        "live_entries-0-image_alt": "", "live_entries-0-image_caption": "",
    })
    response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = article.live_entries.get()
    assert entry.headline == "Polls close" and entry.key_event and entry.author == author
