"""What every reader gets from gunicorn with two workers, `make run`'s shape.

The server runs with the project's default cache (a file cache every worker shares)
or, in the PostgreSQL CI run, with Redis; each change is made in another process.
Before the shared cache, half the readers kept getting an unpublished story, a removed
comment or the old rate-limit count.
"""

import json
import time
from urllib.parse import urlencode

import pytest

from .servers import change, every_reader_sees, readers, start



@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = start(tmp_path_factory.mktemp("workers"), suffix="workers",
                   COMMENT_RATE_LIMIT="5/60", COMMENT_MIN_SECONDS="0")
    yield server
    server.stop()
    server.database.drop()


def warm(server, *paths):
    for path in paths:
        answers = readers(server, path)
        assert all(status == 200 for status, _, _ in answers), path
        assert answers[-1][1].get("X-Page-Cache") == "hit", path


def test_an_unpublished_story_disappears_for_every_reader_at_once(server):
    warm(server, "/articles/ferry-fares/", "/", "/section/news/")
    change(server, "articles.article_unpublish(article=Article.objects.get(slug='ferry-fares'),"
                   " user=chief)")
    assert every_reader_sees(server, "/articles/ferry-fares/", "Ferry fares", status=404,
                             present=False, within=0)
    assert every_reader_sees(server, "/", "Ferry fares frozen", present=False, within=0)
    assert every_reader_sees(server, "/section/news/", "Ferry fares frozen", present=False,
                             within=0)
    # Put it back for the other tests.
    change(server, "articles.article_publish(article=Article.objects.get(slug='ferry-fares'),"
                   " user=chief)")
    assert every_reader_sees(server, "/", "Ferry fares frozen", within=0)


def test_a_published_story_reaches_every_reader_and_leaves_other_sections_cached(server):
    warm(server, "/", "/section/news/", "/articles/cup-final/")
    change(server, """
from articles.models import Byline, Section
from authors.models import Author
draft = Article.objects.create(headline="Tide tables corrected", slug="tide-tables",
    standfirst="s", body="<p>b</p>", section=Section.objects.get(slug="news"))
Byline.objects.create(article=draft, author=Author.objects.get(slug="ravi-patel"))
articles.article_publish(article=draft, user=chief)
""")
    for path in ("/", "/section/news/"):
        assert every_reader_sees(server, path, "Tide tables corrected", within=0), path
    # Related stories: scored by the task worker, then that page is purged.
    assert every_reader_sees(server, "/articles/harbour-plan/", "Tide tables corrected",
                             within=15)
    assert readers(server, "/articles/cup-final/", 1)[0][1]["X-Page-Cache"] == "hit"


def test_a_correction_reaches_every_reader(server):
    warm(server, "/articles/harbour-plan/")
    change(server, "articles.article_correct(article=Article.objects.get(slug='harbour-plan'),"
                   " user=chief, note='The vote was 7 to 2, not 6 to 3.')")
    assert every_reader_sees(server, "/articles/harbour-plan/", "7 to 2, not 6 to 3", within=0)


def test_an_approved_comment_reaches_every_reader_and_other_stories_stay_cached(server):
    created = change(server, """
comment = Comment.objects.create(article=Article.objects.get(slug='harbour-plan'),
    author_name='Ada', author_email='ada@example.com', body='Approved for all', status='pending')
print(comment.pk)
""")
    pk = int(created.strip().splitlines()[-1])
    warm(server, "/articles/harbour-plan/", "/articles/cup-final/")
    change(server, f"comments.comment_approve(comments=[Comment.objects.get(pk={pk})],"
                   " moderator=chief)")
    assert every_reader_sees(server, "/articles/harbour-plan/", "Approved for all", within=0)
    assert readers(server, "/articles/cup-final/", 1)[0][1]["X-Page-Cache"] == "hit"

    change(server, f"comments.comment_remove(comments=[Comment.objects.get(pk={pk})],"
                   " moderator=chief)")
    assert every_reader_sees(server, "/articles/harbour-plan/", "Approved for all",
                             present=False, within=0)


def test_a_scheduled_story_reaches_the_front_page_on_time_for_every_reader(server):
    change(server, """
from datetime import timedelta
from django.utils import timezone
from articles.models import Byline, Section
from authors.models import Author
story = Article.objects.create(headline="Lighthouse reopens", slug="lighthouse", standfirst="s",
    body="<p>b</p>", section=Section.objects.get(slug="sport"))
Byline.objects.create(article=story, author=Author.objects.get(slug="ravi-patel"))
articles.article_publish(article=story, user=chief, at=timezone.now() + timedelta(seconds=2))
""")
    due = time.monotonic() + 2
    warm(server, "/")
    assert every_reader_sees(server, "/", "Lighthouse reopens", present=False, within=0)
    time.sleep(max(0, due - time.monotonic()))
    # The task worker purges the listings at the publish time (it polls every 0.1 s).
    assert every_reader_sees(server, "/", "Lighthouse reopens", within=1.0)


def renders(server, path, count=12):
    """What `count` readers get for `path` from fresh renders: each asks for its own
    address, so no page cache answers, and both workers render (and keep the menus)."""
    stamp = time.monotonic_ns()
    return [server.get(f"{path}?render={stamp}-{n}") for n in range(count)]


def every_render_shows(server, path, text, *, present=True):
    answers = renders(server, path)
    return all(status == 200 and (text.encode() in body) == present
               for status, _, body in answers)


def test_a_renamed_section_reaches_every_workers_menu_on_every_page(server):
    # Every worker renders, so each keeps the sections menu; then the desk renames one.
    assert every_render_shows(server, "/section/news/", ">Sport</a>")
    warm(server, "/articles/cup-final/")
    change(server, "from articles.models import Section\n"
                   "s = Section.objects.get(slug='sport'); s.name = 'Sports desk'; s.save()")
    try:
        # New renders in both workers, and pages the cache kept, show the new name.
        assert every_render_shows(server, "/section/news/", ">Sports desk</a>")
        assert every_render_shows(server, "/", ">Sport</a>", present=False)
        assert every_reader_sees(server, "/articles/cup-final/", ">Sports desk</a>", within=0)
    finally:
        change(server, "from articles.models import Section\n"
                       "s = Section.objects.get(slug='sport'); s.name = 'Sport'; s.save()")
    assert every_render_shows(server, "/section/news/", ">Sport</a>")


def test_footer_pages_reach_every_workers_footer_now_and_when_scheduled(server):
    assert every_render_shows(server, "/", "Letters policy", present=False)
    change(server, """
from datetime import timedelta
from django.utils import timezone
from pages.models import Page
now = timezone.now()
Page.objects.create(title="Letters policy", slug="letters", body="<p>Write to us.</p>",
    status="published", published_at=now, in_footer=True)
Page.objects.create(title="Election guide", slug="election-guide", body="<p>How to vote.</p>",
    status="published", published_at=now + timedelta(seconds=2), in_footer=True)
""")
    due = time.monotonic() + 2
    try:
        assert every_render_shows(server, "/", ">Letters policy</a>")
        assert every_render_shows(server, "/", "Election guide", present=False)
        warm(server, "/section/sport/")
        time.sleep(max(0, due - time.monotonic()))
        # The task worker purges `site` at the publish time: kept menus and pages end.
        assert every_reader_sees(server, "/section/sport/", ">Election guide</a>", within=1.0)
        assert every_render_shows(server, "/", ">Election guide</a>")
    finally:
        change(server, "from pages.models import Page\n"
                       "for page in Page.objects.filter(slug__in=['letters', 'election-guide']):"
                       " page.delete()")
    assert every_render_shows(server, "/", "Letters policy", present=False)


def test_the_rate_limit_counts_posts_across_workers(server):
    accepted = refused = 0
    for n in range(14):
        status, _, body = server.get("/articles/cup-final/comments/token/")
        token = json.loads(body)["token"]
        form = {"name": f"Quick {n}", "email": f"quick{n}@example.com", "website": "",
                "comment": f"Quick post number {n}", "parent": "", "token": token}
        status, _, _ = server.request(
            "POST", "/articles/cup-final/comments/", urlencode(form),
            {"Content-Type": "application/x-www-form-urlencoded", "Origin": server.base,
             "Sec-Fetch-Site": "same-origin"})
        accepted += status in (302, 303)
        refused += status == 429
    assert (accepted, refused) == (5, 9)
