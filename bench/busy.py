"""The busy newsroom: readers spread over 200 stories, while the newsroom works.

Readers request the 200 newest stories with Zipf-distributed popularity (the story
of rank r is read 1/r as often as the top one). Meanwhile this process approves a
comment on one of those stories every second and publishes a story every 30 s,
through the same code editors and moderators use, against the server's database and
shared cache. gunicorn logs each response's X-Page-Cache; a page "did not change" if
none of its surrogate keys (read from the page before and after the run) was purged.
"""

import random

import threading
import time
from collections import Counter

STORIES = 200
ZIPF_SAMPLES = 5_000


def zipf_paths(paths, rng):
    weights = [1 / rank for rank in range(1, len(paths) + 1)]
    return rng.choices(paths, weights=weights, k=ZIPF_SAMPLES)


def surrogate_keys(server, path):
    import urllib.request

    with urllib.request.urlopen(server.base + path, timeout=30) as response:
        return set((response.headers.get("Surrogate-Key") or "").split())


BUSY_EMAIL = "busy@example.com"


def forget_busy_work():
    """Delete the stories and comments a busy run made (or an interrupted one left), so
    every `make bench` measures the same generated site."""
    from articles.models import Article
    from comments.models import Comment

    Comment.objects.filter(author_email=BUSY_EMAIL).delete()  # the kept counts follow
    Article.objects.filter(slug__startswith="busy-").delete()


def newsroom_at_work(stories, stop, purged, events):
    """Approve a comment every second and publish a story every 30 s until `stop`."""
    from django.utils import timezone

    from articles.models import Article, Byline
    from comments import services
    from comments.models import Comment
    from newsroom import purging

    send = purging.send

    def recording(keys):
        purged.update(keys)
        return send(keys)

    purging.send = recording
    rng = random.Random(7)
    articles = list(Article.objects.filter(pk__in=stories))
    pending = [Comment.objects.create(article=rng.choice(articles), author_name="Busy Reader",
                                      author_email=BUSY_EMAIL, status="pending",
                                      body=f"Comment {n} from the busy newsroom.")
               for n in range(120)]
    started = time.monotonic()
    published = 0
    try:
        while not stop.is_set() and pending:
            services.comment_approve(comments=[pending.pop()], moderator=None)
            events["approved"] += 1
            if time.monotonic() - started >= 30 * published:
                template = rng.choice(articles)
                story = Article.objects.create(
                    headline=f"Breaking story {published + 1}", slug=f"busy-{time.time_ns()}",
                    standfirst="Just in.", body="<p>Just in.</p>", section=template.section,
                    status="published", published_at=timezone.now())
                Byline.objects.create(article=story, author=template.bylines.first().author)
                published += 1
                events["published"] += 1
            stop.wait(1)
    finally:
        purging.send = send


def busy_newsroom(scale, port, seconds):
    from bench.run import VAR, Server, bench_env, pick_paths, warm, wrk
    from articles.models import Article

    forget_busy_work()
    paths = pick_paths()["articles"][:STORIES]
    stories = list(Article.objects.published().values_list("pk", flat=True)[:STORIES])
    log = VAR / "busy-access.log"
    log.unlink(missing_ok=True)
    with Server(bench_env(scale, page_cache=True), port, "--access-logfile", str(log),
                "--access-logformat", "%(U)s %(s)s %({x-page-cache}o)s") as server:
        warm(server, paths, rounds=1)
        keys = {path: surrogate_keys(server, path) for path in paths}
        log.write_text("")  # count only the run itself
        stop, purged, events = threading.Event(), set(), Counter()
        worker = threading.Thread(target=newsroom_at_work, args=(stories, stop, purged, events))
        worker.start()
        try:
            row = wrk(server, zipf_paths(paths, random.Random(1)), seconds)
        finally:
            stop.set()
            worker.join()
        for path in paths:
            keys[path] |= surrogate_keys(server, path)
        served = [line.split() for line in log.read_text().splitlines()]
        forget_busy_work()
    changed = {path for path, page_keys in keys.items() if page_keys & purged}
    tally = Counter()
    for fields in served:
        if len(fields) == 3 and fields[1] == "200":
            tally[(fields[0] in changed, fields[2])] += 1
    unchanged_hits, unchanged_misses = tally[(False, "hit")], tally[(False, "miss")]
    all_hits = unchanged_hits + tally[(True, "hit")]
    total = sum(tally.values())
    ratio = unchanged_hits / max(1, unchanged_hits + unchanged_misses)
    name = (f"Busy newsroom: 200 stories (Zipf), {events['approved']} approvals (1/s), "
            f"{events['published']} publishes (1/30 s)")
    notes = [
        f"Busy newsroom: page-cache hit ratio {ratio:.1%} for the {len(paths) - len(changed)} "
        f"pages whose content did not change (target ≥ 95%); {all_hits / max(1, total):.1%} "
        f"over all {total:,} requests, {len(changed)} of {len(paths)} pages changed "
        f"({len(purged)} keys purged).",
    ]
    row["hit_ratio_unchanged"] = ratio
    return name, row, notes


__all__ = ["busy_newsroom"]
