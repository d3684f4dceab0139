"""Fill a database with a deterministic newsroom for benchmarks, using bulk inserts.

    python -m bench.generate [--scale default|large]

The same scale always produces the same rows (a fixed random seed and explicit ids),
so two runs of the benchmark measure the same site. Run it against an empty,
migrated database: `bench/run.py` gives it one of its own.
"""

import argparse
import random
import sys
import time
from datetime import timedelta

SCALES = {
    "tiny": {"articles": 60, "comments": 400, "authors": 6},  # for the test suite
    "default": {"articles": 10_000, "comments": 100_000, "authors": 200},
    "large": {"articles": 100_000, "comments": 1_000_000, "authors": 1_000},
}
SECTIONS = ["World", "Politics", "Business", "Technology", "Science", "Health", "Culture", "Sport"]
TAG_COUNT = 400
BATCH = 5_000
MAX_DEPTH = 3  # the default COMMENT_MAX_DEPTH
WORDS = ["government", "minister", "election", "report", "court", "council", "market", "energy", "climate", "water", "city", "people", "police", "policy", "health", "school", "union", "trade", "rights", "vote", "budget", "inquiry", "statement", "officials", "agreement", "protest", "prices", "season", "research", "data", "study", "hospital", "border", "talks", "leaders", "families", "workers", "farmers", "storm", "transport", "housing", "plan", "release", "local", "national"]


def progress(label, done, total, started):
    width = 30
    filled = min(width, int(width * done / total)) if total else width
    rate = done / max(time.monotonic() - started, 1e-6)
    bar = "#" * filled + "-" * (width - filled)
    sys.stderr.write(f"\r  {label:<9} [{bar}] {done:>9,} rows  {rate:,.0f} rows/s")
    sys.stderr.flush()


def insert(model, rows, label, total=None):
    """Bulk-insert an iterable of unsaved instances in batches, drawing a progress bar."""
    started, done, batch = time.monotonic(), 0, []
    total = total if total is not None else len(rows)
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            done += len(batch)
            batch = []
            progress(label, done, total, started)
    if batch:
        model.objects.bulk_create(batch)
        done += len(batch)
    progress(label, total, total, started)
    sys.stderr.write(f"\r  {label:<9} {done:,} rows in {time.monotonic() - started:.1f} s{' ' * 40}\n")


def sentence(rng, low=8, high=20):
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def generate(scale="default", seed=2026):
    from django.db import connection
    from django.utils import timezone

    from articles.models import Article, Byline, Section, Tag
    from authors.models import Author
    from comments.models import Comment
    from newsroom.publishing import Status

    size = SCALES[scale]
    rng = random.Random(seed)
    # A fixed "now" for the archive's dates keeps rows identical between runs of a day;
    # a few articles are scheduled just ahead of the real now.
    now = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    n_articles, n_comments, n_authors = size["articles"], size["comments"], size["authors"]

    insert(Section, [Section(id=i + 1, name=name, slug=name.lower(), position=i)
                     for i, name in enumerate(SECTIONS)], "sections")
    insert(Tag, [Tag(id=i, name=f"Topic {i}", slug=f"topic-{i}") for i in range(1, TAG_COUNT + 1)],
           "tags")
    insert(Author, [
        Author(id=i, name=f"Writer {i}", slug=f"writer-{i}", job_title="Correspondent",
               bio=sentence(rng, 20, 40)) for i in range(1, n_authors + 1)
    ], "authors")

    def articles():
        for i in range(1, n_articles + 1):
            roll = rng.random()
            status = Status.DRAFT if roll < 0.02 else Status.PUBLISHED
            if roll > 0.995:  # scheduled: up to a week ahead
                published_at = timezone.now() + timedelta(hours=rng.randint(24, 24 * 7))
            else:
                published_at = now - timedelta(minutes=(n_articles - i) * 7 + rng.randint(0, 6))
            body = "".join(f"<p>{sentence(rng, 30, 60)} {sentence(rng)}</p>" for _ in range(6))
            yield Article(
                id=i, headline=sentence(rng, 6, 12)[:-1], slug=f"story-{i}",
                standfirst=sentence(rng, 20, 35), body=body,
                section_id=1 + i % len(SECTIONS), status=status, published_at=published_at,
                source_name="Wire service" if i % 3 == 0 else "",
                featured=i % 97 == 0, created_at=published_at,
            )

    insert(Article, articles(), "articles", n_articles)

    def bylines():
        for i in range(1, n_articles + 1):
            first = rng.randint(1, n_authors)
            extra = rng.sample(range(1, n_authors + 1), rng.choice([0, 0, 0, 1, 2]))
            for position, author in enumerate(dict.fromkeys([first, *extra])):
                yield Byline(article_id=i, author_id=author, position=position)

    insert(Byline, bylines(), "bylines", n_articles)  # total is approximate (1-3 each)

    through = Article.tags.through

    def taggings():
        for i in range(1, n_articles + 1):
            for tag in rng.sample(range(1, TAG_COUNT + 1), rng.randint(0, 5)):
                yield through(article_id=i, tag_id=tag)

    insert(through, taggings(), "tags", n_articles * 5 // 2)

    def comments():
        # Skewed like real traffic: a few stories draw most of the conversation.
        last_on_article = {}
        for i in range(1, n_comments + 1):
            # Half go to the newest few hundred stories (the big story of the day draws
            # a few hundred), half anywhere in the archive.
            if rng.random() < 0.5:
                article = max(1, n_articles - int(rng.expovariate(1 / 100)))
            else:
                article = rng.randint(1, n_articles)
            roll = rng.random()
            status = (Comment.Status.APPROVED if roll < 0.9
                      else Comment.Status.PENDING if roll < 0.95 else Comment.Status.SPAM)
            parent = last_on_article.get(article) if rng.random() < 0.3 else None
            if parent is not None and parent[1] + 1 >= MAX_DEPTH:
                parent = None
            depth = parent[1] + 1 if parent else 0
            thread = (parent[2] or parent[0]) if parent else None
            yield Comment(
                id=i, article_id=article, parent_id=parent[0] if parent else None, depth=depth,
                thread_id=thread,
                author_name=f"Reader {rng.randint(1, 50_000)}",
                author_email=f"reader{i}@example.com", body=sentence(rng, 10, 60),
                status=status, created_at=now - timedelta(seconds=n_comments - i),
            )
            if status == Comment.Status.APPROVED:
                last_on_article[article] = (i, depth, thread)

    insert(Comment, comments(), "comments", n_comments)

    models = [Section, Tag, Author, Article, Byline, through, Comment]
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def finish():
    """What the site's signals would have kept up had the rows not been bulk-inserted.

    Run after the rows are committed: each step is a transaction of its own.
    """
    from django.db import transaction

    from articles.search import rebuild_index
    from comments import counts
    from newsroom.database import analyze

    steps = [
        ("comment counts", counts.rebuild),
        # PostgreSQL's search column fills itself; SQLite's FTS5 table is refilled.
        ("search index", rebuild_index),
        ("planner statistics", analyze),  # as after any bulk import
    ]
    for label, step in steps:
        started = time.monotonic()
        with transaction.atomic():
            step()
        sys.stderr.write(f"  {label} in {time.monotonic() - started:.1f} s\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=SCALES, default="default")
    args = parser.parse_args(argv)
    import django

    django.setup()
    from django.db import transaction

    started = time.monotonic()
    with transaction.atomic():
        generate(args.scale)
    finish()
    print(f"Generated the {args.scale} data set in {time.monotonic() - started:.0f} s.")


if __name__ == "__main__":
    main()
