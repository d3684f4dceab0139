"""2,000 readers keeping a live page open cost what the cached poll endpoint costs.

    python -m bench.pollers [--pollers 2000] [--seconds 30] [--port 19250]

Serves a live article of its own (an SQLite file and a file cache under var/bench/)
with gunicorn (2 workers, production settings), then:

1. measures what one page render and one cached poll cost the server (worker CPU
   time per request, from /proc) with a few hundred requests of each;
2. runs `--pollers` simulated readers, each asking `?after=<the newest it has>` every
   15 to 30 s from its own random moment, as static/js/liveblog.js does, for
   `--seconds` (bounded: it stops itself, and the server with it), while an editor adds
   an entry every 10 s (each purges the article's key: one render per entry, then hits);
3. prints the requests, page-cache hits and misses, latency and worker CPU per poll,
   beside the page render's: the pollers' cost should be the cached endpoint's.

Everything binds 127.0.0.1; nothing outside this machine is asked.
"""

import argparse
import gzip
import heapq
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.run import PY, ROOT, VAR, Server

SLUG = "bench-live"
TICKS = os.sysconf("SC_CLK_TCK")


def bench_env(port):
    env = dict(os.environ)
    env.update(
        DEBUG="off", SECRET_KEY="bench-pollers-not-secret-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{VAR / 'pollers.sqlite3'}",
        CACHE_URL=f"diskcache://{VAR / 'cache-pollers'}", PAGE_CACHE="on",
        LOG_LEVEL="WARNING", STATIC_ROOT=str(VAR / "static"),
        SITE_URL=f"http://127.0.0.1:{port}", DJANGO_SETTINGS_MODULE="newsroom.settings",
    )
    return env


def setup():
    """(In a child process with bench_env) migrate and make the live article."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    from django.utils import timezone

    from articles.models import Article, Byline, Section
    from authors.models import Author
    from liveblog.models import LiveCoverage, LiveEntry

    Article.objects.filter(slug=SLUG).delete()
    section, _ = Section.objects.get_or_create(slug="bench-live", defaults={"name": "Bench live"})
    author, _ = Author.objects.get_or_create(slug="bench-desk", defaults={"name": "Bench desk"})
    article = Article.objects.create(
        slug=SLUG, headline="Bench live", standfirst="A live page under load.",
        body="<p>Intro.</p>" * 20, section=section, status="published",
        published_at=timezone.now())
    Byline.objects.create(article=article, author=author)
    LiveCoverage.objects.create(article=article)
    for n in range(40):
        LiveEntry.objects.create(article=article, author=author,
                                 body=f"<p>Update {n}: " + "words " * 60 + "</p>",
                                 key_event=n % 8 == 0)
    print(json.dumps({"latest": article.live_entries.order_by("-pk").first().pk}))


def add_entry():
    import django

    django.setup()
    from articles.models import Article
    from liveblog.models import LiveEntry

    article = Article.objects.get(slug=SLUG)
    entry = LiveEntry.objects.create(article=article, author=article.authors.first(),
                                     body="<p>Breaking: another update.</p>")
    print(entry.pk)


def child(command, env):
    done = subprocess.run([PY, "-m", "bench.pollers", command], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"bench.pollers {command} failed:\n{done.stderr[-2000:]}")
    return done.stdout.strip().splitlines()[-1]


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / TICKS


def get(url):
    started = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(
            url, headers={"Accept-Encoding": "gzip"}), timeout=30) as response:
        body = response.read()
        if response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return (time.perf_counter() - started, response.headers.get("X-Page-Cache", ""), body)


def cost_of(server, paths, threads=4):
    """Worker CPU seconds and mean latency per request over `paths`."""
    pids = server.worker_pids()
    before = cpu_seconds(pids)
    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(lambda p: get(server.base + p), paths))
    spent = cpu_seconds(pids) - before
    return spent / len(paths), statistics.mean(r[0] for r in results), results


def run_pollers(server, env, pollers, seconds, latest):
    """Simulate `pollers` readers for `seconds`; return per-request results."""
    rng = random.Random(16)
    start = time.monotonic()
    # (when, reader, after): each reader first asks at a random moment of its interval.
    queue = [(start + rng.uniform(0, 30), n, latest) for n in range(pollers)]
    heapq.heapify(queue)
    lock, results, stop = threading.Lock(), [], start + seconds
    newest = [latest]

    def editor():
        while time.monotonic() + 10 < stop:
            time.sleep(10)
            newest[0] = max(newest[0], int(child("add", env)))

    def worker():
        while True:
            with lock:
                if not queue or queue[0][0] > stop:
                    return
                when, reader, after = heapq.heappop(queue)
            delay = when - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            took, cache, body = get(f"{server.base}/articles/{SLUG}/live/?after={after}")
            seen = json.loads(body)["latest"]
            with lock:
                results.append((took, cache))
                heapq.heappush(queue, (when + rng.uniform(15, 30), reader, seen))

    writer = threading.Thread(target=editor, daemon=True)
    writer.start()
    pids = server.worker_pids()
    before = cpu_seconds(pids)
    threads = [threading.Thread(target=worker) for _ in range(48)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    writer.join(timeout=30)
    return results, cpu_seconds(pids) - before, time.monotonic() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="bench", choices=["bench", "setup", "add"])
    parser.add_argument("--pollers", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--port", type=int, default=19250)
    args = parser.parse_args()
    if args.command == "setup":
        return setup()
    if args.command == "add":
        return add_entry()
    VAR.mkdir(parents=True, exist_ok=True)
    env = bench_env(args.port)
    latest = json.loads(child("setup", env))["latest"]
    with Server(env, args.port) as server:
        page = f"/articles/{SLUG}/"
        poll = f"/articles/{SLUG}/live/?after={latest}"
        get(server.base + poll)  # warm: kept by the page cache from here on
        render_cpu, render_ms, _ = cost_of(server, [f"{page}?r={n}" for n in range(200)])
        poll_cpu, poll_ms, _ = cost_of(server, [poll] * 1000)
        results, cpu, elapsed = run_pollers(server, env, args.pollers, args.seconds, latest)
    hits = sum(1 for _, cache in results if cache == "hit")
    latencies = sorted(t for t, _ in results)
    per_poll = cpu / len(results)
    print(f"Pollers: {args.pollers} readers for {elapsed:.0f} s, each every 15-30 s; "
          f"an entry added every 10 s")
    print(f"  requests {len(results)} ({len(results) / elapsed:.0f}/s), page-cache hits "
          f"{hits}, misses {len(results) - hits} (renders)")
    print(f"  latency p50 {statistics.median(latencies) * 1000:.1f} ms, "
          f"p95 {latencies[int(len(latencies) * .95)] * 1000:.1f} ms")
    print(f"  worker CPU per poll {per_poll * 1000:.2f} ms "
          f"(total {cpu:.2f} s for {len(results)} polls)")
    print(f"Cached poll endpoint alone: worker CPU {poll_cpu * 1000:.2f} ms/request, "
          f"latency {poll_ms * 1000:.1f} ms")
    print(f"Article page render (cache missed): worker CPU {render_cpu * 1000:.2f} ms/request, "
          f"latency {render_ms * 1000:.1f} ms")
    print(f"  => the pollers cost {per_poll / poll_cpu:.2f}x the cached endpoint and "
          f"{per_poll / render_cpu:.3f}x a page render each; as page renders they would "
          f"have taken {render_cpu * len(results):.1f} s of worker CPU instead of {cpu:.2f} s")


if __name__ == "__main__":
    sys.exit(main())
