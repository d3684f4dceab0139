"""Render each readers' page type in process, with no HTTP and no page cache.

    python -m bench.render [--scale default] [--renders 200] [--only article,front]
                           [--instructions]

Uses the data set `make bench` generates (bench/run.py prepares it). Each page is
rendered through Django's test client with the page cache off, so a figure is a real
render: middleware, view, queries and templates. Beside them, the baselines of
`bench/urls.py`: a plain Django article page (one object, twenty links, one template)
for article pages, and a plain Django index of twenty items for the others. Reports
milliseconds per render (wall clock and CPU), queries per render and milliseconds of
SQL, in seconds; with --instructions, also instructions per render under valgrind,
which other work on the machine does not change.
"""

import argparse
import os
import time

from bench.run import PLAIN_ARTICLE, PLAIN_INDEX  # the rows make bench reports too


def pages():
    from articles.models import Article, Section, Tag
    from authors.models import Author

    # The newest story with a conversation: scheduled stories the generator made become
    # published as time passes, with no comments, and would change what is measured.
    article = Article.objects.published().filter(comment_stats__approved__gt=0) \
        .order_by("-published_at").first()
    return [
        (PLAIN_ARTICLE, "/bench/plain-article"),
        (PLAIN_INDEX, "/bench/plain-index"),
        ("Article page", article.get_absolute_url()),
        ("Front page", "/"),
        ("Section page", Section.objects.first().get_absolute_url()),
        ("Tag page", Tag.objects.first().get_absolute_url()),
        ("Author page", Author.objects.filter(articles__isnull=False).first().get_absolute_url()),
        ("Search", "/search/?q=election"),
        ("Feed", "/feed/"),
    ]


class QueryTimer:
    """Counts the queries run through a connection and the time they take. (Django's
    query log is emptied at the start of every request, so it cannot sum N renders.)"""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


def measure(client, path, renders, rounds):
    """(ms per render, CPU ms per render, queries, SQL ms), each the fastest of `rounds`
    rounds of `renders` renders: on a busy machine the fastest round is the one least
    slowed by other processes, and CPU time counts only this one's work."""
    from django.db import connection

    response = client.get(path)  # the first render loads templates and warms the connection
    assert response.status_code == 200, (path, response.status_code)
    best = None
    for _ in range(rounds):
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            started, cpu_started = time.perf_counter(), time.process_time()
            for _ in range(renders):
                response = client.get(path)
            elapsed = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
        assert response.status_code == 200, (path, response.status_code)
        result = (elapsed / renders * 1000, cpu / renders * 1000,
                  timer.count / renders, timer.seconds / renders * 1000)
        best = result if best is None else tuple(map(min, best, result))
    return best


def instructions(scale, names, renders):
    """{page name: instructions per render}, counted by valgrind's callgrind: the same
    count for the same code and data whatever else the machine is doing. Each page runs
    in two child processes, with `renders` renders and with none; the difference is
    what the renders cost, start-up excluded."""
    import re
    import subprocess
    import sys

    def count(name, n):
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
             "-m", "bench.render", "--scale", scale, "--child", name, "--renders", str(n)],
            capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"},
            check=True,
        )
        return int(re.search(r"Collected : (\d+)", done.stderr).group(1))

    return {name: (count(name, renders) - count(name, 0)) / renders for name in names}


def child(name, renders):
    """Warm up, then render page `name` `renders` times (the --instructions children)."""
    from django.test import Client
    from django.test.utils import override_settings

    url = dict(pages())[name]
    client = Client(HTTP_HOST="127.0.0.1")
    with override_settings(PAGE_CACHE_ENABLED=False):
        for _ in range(3 + renders):
            assert client.get(url).status_code == 200, url


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="default")
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3,
                        help="report the fastest of this many rounds of --renders")
    parser.add_argument("--only", default="", help="comma-separated words: pages whose "
                        "name contains one (the baselines always run), e.g. article,front")
    parser.add_argument("--instructions", action="store_true",
                        help="also count instructions per render under valgrind (slow: "
                        "about half a minute a page with --renders 20)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    from bench.run import bench_env, manage, prepare_data

    env = bench_env(args.scale, page_cache=False)
    if not args.child:
        prepare_data(args.scale, env)  # the data set and the static manifest, as make bench
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    os.environ.update(env)
    import django
    from django.conf import settings

    django.setup()
    from django.test import Client
    from django.test.utils import override_settings
    if args.child:
        return child(args.child, args.renders)
    client = Client(HTTP_HOST="127.0.0.1")
    rows = []
    from django.db import connection

    words = [w.strip().lower() for w in args.only.split(",") if w.strip()]
    with override_settings(PAGE_CACHE_ENABLED=False):
        for index, (name, url) in enumerate(pages()):
            if index > 1 and words and not any(w in name.lower() for w in words):
                continue
            rows.append((name, *measure(client, url, args.renders, args.rounds)))
    counted = {}
    if args.instructions:
        counted = instructions(args.scale, [row[0] for row in rows], min(args.renders, 20))
    by_name = {row[0]: row for row in rows}

    def baseline(name):
        """The plain article page for article pages, the plain index for the rest."""
        return by_name[PLAIN_ARTICLE if "article" in name.lower() else PLAIN_INDEX]

    print(f"In-process renders, fastest of {args.rounds} rounds of {args.renders}, "
          f"{args.scale} data ({connection.vendor}, DEBUG {'on' if settings.DEBUG else 'off'}, "
          f"load average {os.getloadavg()[0]:.1f}). × plain: the plain Django article page "
          "for article pages, the plain index of 20 items for the others.\n")
    extra_head = " M instructions | × plain (instructions) |" if counted else ""
    print("| Page | ms per render | × plain page | CPU ms | × plain (CPU) | queries | SQL ms |"
          + extra_head)
    print("|---|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if counted else ""))
    for name, ms, cpu, queries, sql in rows:
        base = baseline(name)
        extra = ""
        if counted:
            extra = f" {counted[name] / 1e6:.1f} | {counted[base[0]] / counted[name]:.2f} |"
        print(f"| {name} | {ms:.2f} | {base[1] / ms:.2f} | {cpu:.2f} | {base[2] / cpu:.2f} "
              f"| {queries:.0f} | {sql:.2f} |" + extra)


if __name__ == "__main__":
    main()
