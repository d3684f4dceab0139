"""Benchmark through the whole stack (`make bench STACK=1`): nginx -> Varnish -> gunicorn.

    python -m bench.stack [--seconds 10]

Starts `deploy/stack.py up` unless a stack is running already (and then stops what it
started), and measures through nginx on 127.0.0.1:8080, with both app servers and then
with one (the other stopped, as a host that went away):

- a cached article (a Varnish hit),
- an uncached article (a query string of its own per request: a render every time),
- a comment post (a fresh form token, words of its own per post).

Rate limits and the "too fast" rule are lifted for the app servers it starts, so that
posts measure the work of storing a comment, not refusals. Numbers are reported in
bench/results/stack.md, never asserted.
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "deploy"))
import stack  # noqa: E402

sys.path.pop(0)

from bench.run import wrk_figures  # noqa: E402

BASE = f"http://127.0.0.1:{stack.PORTS['nginx']}"


def wrk(script, args, seconds, connections=16, threads=2, path="/"):
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
         "-H", "Accept-Encoding: br, gzip", "--timeout=10s", "-s", str(ROOT / "bench" / script),
         BASE + path, "--", *args],
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    ).stdout
    return wrk_figures(out)


def get(path):
    with urllib.request.urlopen(BASE + path, timeout=10) as response:
        return response.read()


def article_path():
    page = get("/").decode()
    return re.search(r'href="(/articles/[^"/]+/)"', page).group(1)


def run_id():
    """A number of this wrk run's own, so its requests repeat no earlier run's."""
    return str(int(time.time() * 10) % 1_000_000)


def scenarios(seconds):
    article = article_path()
    (ROOT / "var").mkdir(exist_ok=True)
    listing = ROOT / "var" / "bench-stack-paths.txt"
    listing.write_text(article + "\n")
    get(article)  # in Varnish now
    token = json.loads(get(article + "comments/token/"))["token"]
    return {
        "Cached article (Varnish hit)": wrk("paths.lua", [str(listing)], seconds),
        "Uncached article (every request rendered)": wrk("unique.lua", [article, run_id()],
                                                         seconds),
        "Comment post": wrk("post.lua", [article + "comments/", token, BASE, run_id()],
                            seconds, connections=4),
    }


def stop_app2():
    pid = stack.load_pids()["app2"]
    os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while stack.alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(6)  # Varnish's probes mark it sick (interval 2 s, 2 of 3 failed)


def render(both, one, seconds):
    lines = [
        "# Through the stack: nginx -> Varnish -> gunicorn (PostgreSQL + replica, Redis, S3)",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, `make bench STACK=1`, {seconds} s per row, "
        f"wrk -t2 (16 connections; comment posts 4), load average before "
        f"{os.getloadavg()[0]:.1f}. Each app server: gunicorn with deploy/gunicorn.conf.py "
        f"({os.cpu_count()} CPUs here).",
        "",
        "| Scenario | two app servers: req/s | p50 ms | one app server: req/s | p50 ms | two/one |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in both:
        a, b = both[name], one[name]
        lines.append(f"| {name} | {a['rps']:,.0f} | {a['p50']:.1f} | {b['rps']:,.0f} | "
                     f"{b['p50']:.1f} | {a['rps'] / b['rps']:.2f}× |")
    bad = {name: (both[name]["non2xx"], one[name]["non2xx"]) for name in both
           if both[name]["non2xx"] or one[name]["non2xx"]}
    lines += ["", "Non-2xx/3xx responses: " + (json.dumps(bad) if bad else "none"), ""]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args(argv)
    started_here = not stack.load_pids()
    if started_here:
        os.environ.update(COMMENT_RATE_LIMIT="1000000/1", COMMENT_MIN_SECONDS="0")
        stack.up()
    try:
        both = scenarios(args.seconds)
        stop_app2()
        one = scenarios(args.seconds)
    finally:
        if started_here:
            stack.down()
    report = render(both, one, args.seconds)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "stack.md").write_text(report)
    (RESULTS / "stack.json").write_text(json.dumps({"two": both, "one": one}, indent=2))
    print("\n" + report)


if __name__ == "__main__":
    main()
