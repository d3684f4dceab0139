"""Benchmark readers' pages under gunicorn with wrk; write a Markdown table to bench/results/.

    python -m bench.run [--scale default|large] [--seconds 10] [--port 8006]

Builds (once per scale) a database of its own with bench/generate.py, serves it with
production settings (DEBUG off, hashed static files, 2 sync workers), and measures
each page and the baselines on the same server: a static file through whitenoise, a
minimal Django view, and a plain Django article page and index of 20 items
(bench/urls.py). Numbers are reported, never asserted.
"""

import argparse
import hashlib
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from bench.generate import SCALES

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VAR = ROOT / "var" / "bench"
PY = sys.executable
WORKERS = 2
PLAIN_ARTICLE = "Plain Django article page, 2 queries (baseline)"
PLAIN_INDEX = "Plain Django index of 20 items, 1 query (baseline)"
FEED_CANDIDATES = ["/feed/", "/feeds/latest/", "/rss/", "/feed.xml", "/feeds/"]
SEARCH_CANDIDATES = ["/search/?q=election", "/search?q=election"]
# What browsers send: static files and cached pages both go out compressed.
ACCEPT_ENCODING = "br, gzip"
# Long enough that a slow page's queueing shows up as latency, not as dropped requests.
TIMEOUT = 10


def bench_env(scale, page_cache):
    """Production-like settings for the server and for this process's ORM look-ups."""
    env = dict(os.environ)
    env.update(
        DEBUG="off",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or "bench-" + secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        BENCH="on",
        DATABASE_URL=database_url(env.get("BENCH_DATABASE_URL"), scale),
        # The default: a file cache every worker shares (or BENCH_CACHE_URL, e.g. Redis).
        CACHE_URL=env.get("BENCH_CACHE_URL") or f"diskcache://{VAR / ('cache-' + scale)}",
        PAGE_CACHE="on" if page_cache else "off",
        LOG_LEVEL="WARNING",
        STATIC_ROOT=str(VAR / "static"),
        DJANGO_SETTINGS_MODULE="newsroom.settings",
    )
    env["BENCH_SECRET_KEY"] = env["SECRET_KEY"]
    return env


def database_url(given, scale):
    """The benchmark's own database for this scale: an SQLite file, or `given` (a
    PostgreSQL URL) with the scale added to the database name, one database per scale."""
    if not given:
        return f"sqlite:///{VAR / scale}.sqlite3"
    base, _, name = given.rstrip("/").rpartition("/")
    return f"{base}/{name}_{scale}"


def ensure_database(url):
    """Create a PostgreSQL benchmark database if it is missing (SQLite makes its own)."""
    if url.startswith("sqlite:"):
        return
    import psycopg
    from psycopg import sql

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_label(scale, env):
    """Names this run's data and results: the scale, plus the backends when not the defaults."""
    label = scale
    if not env["DATABASE_URL"].startswith("sqlite:"):
        scheme = env["DATABASE_URL"].split(":", 1)[0]
        label += "-" + ("postgresql" if scheme.startswith("postg") else scheme)
    if not env["CACHE_URL"].startswith("diskcache"):
        label += "-" + env["CACHE_URL"].split(":", 1)[0]
    return label


def manage(env, *args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def data_fingerprint(database_url):
    """What the generated data depends on: the database, the generator and the schema."""
    digest = hashlib.sha256(database_url.encode())
    sources = [ROOT / "bench" / "generate.py", *sorted(ROOT.glob("*/migrations/0*.py"))]
    for source in sources:
        digest.update(source.read_bytes())
    return f"{database_url}\n{digest.hexdigest()}"


def prepare_data(scale, env):
    """Migrate and generate once per scale, database and schema; later runs reuse the data."""
    VAR.mkdir(parents=True, exist_ok=True)
    marker = VAR / f"{setup_label(scale, env)}.done"
    fingerprint = data_fingerprint(env["DATABASE_URL"])
    if marker.exists() and marker.read_text() == fingerprint:
        print(f"Reusing the {scale} data set ({env['DATABASE_URL']}).")
        return
    if env["DATABASE_URL"].startswith("sqlite:"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{VAR / scale}.sqlite3{suffix}").unlink(missing_ok=True)
    ensure_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "flush", "--noinput")
    subprocess.run([PY, "-m", "bench.generate", "--scale", scale], cwd=ROOT, env=env, check=True)
    marker.write_text(fingerprint)


def pick_paths():
    """The URLs each scenario requests, from the generated data (newest first)."""
    import django

    django.setup()
    from articles.models import Article, Section
    from authors.models import Author

    published = Article.objects.published()
    return {
        "articles": [a.get_absolute_url() for a in published.only("slug")[:1000]],
        "hot": [a.get_absolute_url() for a in published.only("slug")[:5]],
        "recent": [a.get_absolute_url() for a in published.only("slug")[:100]],
        "sections": [s.get_absolute_url() for s in Section.objects.all()],
        "authors": [a.get_absolute_url() for a in Author.objects.filter(
            articles__in=published).distinct().order_by("id")[:200]],
    }


def static_path():
    manifest = json.loads((VAR / "static" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


class Server:
    """gunicorn with production settings, as `make run` starts it."""

    def __init__(self, env, port, *args):
        self.env, self.port, self.args = env, port, args
        self.base = f"http://127.0.0.1:{port}"

    def __enter__(self):
        self.proc = subprocess.Popen(
            [str(Path(PY).parent / "gunicorn"), "newsroom.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(WORKERS), "--log-level", "warning", *self.args],
            cwd=ROOT, env=self.env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.status("/healthz") == 200 and len(self.worker_pids()) == WORKERS:
                return self
            time.sleep(0.3)
        self.proc.terminate()
        raise SystemExit(f"gunicorn did not start on port {self.port}")

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=30)

    def status(self, path):
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return None

    def worker_pids(self):
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.proc.pid:
                pids.append(int(stat.parent.name))
        return pids

    def memory_mb(self, field):
        """Largest `field` (VmRSS now, VmHWM peak) among the workers, in MB."""
        sizes = []
        for pid in self.worker_pids():
            text = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE).group(1)) / 1024)
        return max(sizes)


def wrk(server, paths, seconds, connections=16, threads=2):
    listing = VAR / "paths.txt"
    listing.write_text("\n".join(paths) + "\n")
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
         "-H", f"Accept-Encoding: {ACCEPT_ENCODING}", f"--timeout={TIMEOUT}s",
         "-s", str(ROOT / "bench" / "paths.lua"), server.base, "--", str(listing)],
        capture_output=True, text=True, check=True,
    ).stdout
    return {**wrk_figures(out), "worker_mb": server.memory_mb("VmRSS")}


def wrk_figures(out):
    """What one `wrk --latency` run printed: req/s, p50/p99 ms, requests, errors."""
    def millis(label):
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": millis("50%"),
        "p99": millis("99%"),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "non2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def first_found(server, candidates):
    return next((path for path in candidates if server.status(path) == 200), None)


def run_scenarios(scale, seconds, port):
    results, notes = {}, []
    paths = pick_paths()
    uncached = [
        ("Minimal Django view (baseline)", ["/bench/hello"]),
        ("Static file, 7 KB CSS via whitenoise (baseline)", [static_path()]),
        (PLAIN_ARTICLE, ["/bench/plain-article"]),
        (PLAIN_INDEX, ["/bench/plain-index"]),
        ("Article page, uncached", paths["articles"]),
        ("Front page, uncached", ["/"]),
        ("Section page, uncached", paths["sections"]),
        ("Author page, uncached", paths["authors"]),
    ]
    # Uncached: no rendered output is kept; every request renders the whole page.
    with Server(bench_env(scale, page_cache=False), port) as server:
        for name, candidates in (("Search, uncached", SEARCH_CANDIDATES),
                                 ("Feed, uncached", FEED_CANDIDATES)):
            found = first_found(server, candidates)
            if found:
                uncached.append((name, [found]))
            else:
                notes.append(f"{name.split(',')[0]}: no such page in this build "
                             f"(tried {', '.join(candidates)}).")
        for name, page_paths in uncached:
            print(f"  {name} ...", flush=True)
            results[name] = wrk(server, page_paths, seconds)
        search = next((paths for name, paths in uncached if name == "Search, uncached"), None)
        if search:  # the latency one reader sees, without 16 connections queueing
            name = "Search, uncached, one connection"
            print(f"  {name} ...", flush=True)
            results[name] = wrk(server, search, seconds, connections=1, threads=1)
        peak_uncached = server.memory_mb("VmHWM")
    cached = [("Article page, cached", paths["hot"]), ("Front page, cached", ["/"])]
    with Server(bench_env(scale, page_cache=True), port) as server:
        for name, page_paths in cached:
            warm(server, page_paths)
            print(f"  {name} ...", flush=True)
            results[name] = wrk(server, page_paths, seconds)
        peak_cached = server.memory_mb("VmHWM")
        if shutil.which("varnishd") or Path("/usr/sbin/varnishd").exists():
            with Varnish(server, port + 1) as varnish:
                for name, page_paths in [
                    ("Static file via Varnish (baseline)", [static_path()]),
                    ("Article page, cached, via Varnish", paths["hot"]),
                ]:
                    warm(varnish, page_paths)
                    print(f"  {name} ...", flush=True)
                    results[name] = wrk(varnish, page_paths, seconds)
        else:
            notes.append("Varnish rows: varnishd is not installed (apt-get install varnish).")
    from bench.busy import busy_newsroom

    print("  The busy newsroom ...", flush=True)
    name, row, busy_notes = busy_newsroom(scale, port, max(seconds * 3, 30))
    results[name] = row
    notes += busy_notes
    return results, notes, max(peak_uncached, peak_cached)


class Varnish:
    """varnishd with deploy/varnish/default.vcl in front of the server on `backend_port`."""

    def __init__(self, backend, port):
        self.backend, self.backend_port, self.port = backend, backend.port, port
        self.base = f"http://127.0.0.1:{port}"

    status = Server.status

    def memory_mb(self, field):
        return self.backend.memory_mb(field)  # the app's workers, behind Varnish

    def __enter__(self):
        workdir = VAR / "varnish"
        sys.path.insert(0, str(ROOT / "deploy" / "varnish"))
        from render_backends import write_config

        sys.path.pop(0)
        # default.vcl includes ./backends.vcl: here, the one gunicorn being measured.
        vcl = write_config(VAR, [f"127.0.0.1:{self.backend_port}"])
        self.proc = subprocess.Popen(
            ["varnishd", "-F", "-j", "none", "-n", str(workdir), "-a", f"127.0.0.1:{self.port}",
             "-T", "127.0.0.1:0", "-f", str(vcl), "-s", "malloc,256m"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.status("/healthz") == 200:
                return self
            time.sleep(0.2)
        self.proc.terminate()
        raise SystemExit("varnishd did not start")

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def warm(server, paths, rounds=3):
    """Request every path a few times, so the caches hold it."""
    for _ in range(rounds):
        for path in paths:
            server.status(path)


def memory_growth(scale, port, total=20_000, early=1_000, threads=8):
    """Worker RSS after `early` and after `total` requests of a reader-like mix.

    Four in five requests go to the hot pages (served from the page cache), one in
    five to an article from the archive (mostly rendered): both paths must not leak.
    """
    paths = pick_paths()
    hot = paths["hot"] + ["/"] + paths["sections"]
    archive = paths["articles"]
    readings, lock, sent = {}, threading.Lock(), [0]
    with Server(bench_env(scale, page_cache=True), port) as server:

        def client(offset):
            while True:
                with lock:
                    n = sent[0]
                    if n >= total:
                        return
                    sent[0] += 1
                if n == early:
                    readings["early"] = server.memory_mb("VmRSS")
                    readings["early_anon"] = server.memory_mb("RssAnon")
                if n % 2_000 == 0:
                    print(f"    {n:,} requests", flush=True)
                path = archive[(n // 5) % len(archive)] if n % 5 == 0 else hot[n % len(hot)]
                server.status(path)

        workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        readings["late"] = server.memory_mb("VmRSS")
        readings["late_anon"] = server.memory_mb("RssAnon")
    return readings


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    mem = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    import django

    return (f"{cpu}, {os.cpu_count()} cores, {mem / 1024 / 1024:.1f} GB RAM, "
            f"{platform.system()} ({platform.machine()}); Python {platform.python_version()}, "
            f"Django {django.get_version()}")


def loadavg():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def render(scale, label, seconds, results, notes, peak, memory, command, load_before):
    from django.conf import settings
    from django.db import connection

    static = results["Static file, 7 KB CSS via whitenoise (baseline)"]["rps"]
    minimal = results["Minimal Django view (baseline)"]["rps"]
    size = SCALES[scale]
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    data = (f"{size['articles']:,} articles, {size['comments']:,} comments, "
            f"{size['authors']:,} authors ({connection.vendor}, cache: {backend})")
    load = (f"`wrk -t2 -c16 -d{seconds}s --latency -H 'Accept-Encoding: {ACCEPT_ENCODING}' "
            f"--timeout={TIMEOUT}s`")
    lines = [
        f"# Newsroom benchmark: {scale} data set",
        "",
        f"- Data: {data}",
        f"- Command: `{command}` at {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- Server: gunicorn, {WORKERS} sync workers, DEBUG off; load: {load}",
        f"- Machine: {machine()}",
        (f"- Load average (1, 5, 15 min) before / after: {load_before} / {loadavg()} "
         "(other work on the machine skews the numbers; compare ratios within one run)"),
        "",
        "| Page | req/s | p50 ms | p99 ms | × static file | × minimal view | worker RSS MB | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        errors = str(r["non2xx"]) + (f" (socket: {r['socket_errors']})" if r["socket_errors"] else "")
        lines.append(
            f"| {name} | {r['rps']:,.0f} | {r['p50']:.2f} | {r['p99']:.2f} | "
            f"{r['rps'] / static:.2f} | {r['rps'] / minimal:.2f} | {r['worker_mb']:.0f} | {errors} |"
        )
    lines += ["", f"Peak worker memory (VmHWM, largest worker): {peak:.0f} MB."]
    if memory:
        growth = (memory["late"] / memory["early"] - 1) * 100
        lines.append(f"Largest worker's RSS after 1,000 requests (4/5 hot cached pages, "
                     f"1/5 archive articles): {memory['early']:.1f} MB; "
                     f"after 20,000: {memory['late']:.1f} MB ({growth:+.1f}%).")
        anon = (memory["late_anon"] / memory["early_anon"] - 1) * 100
        lines.append(f"Of that, the worker's own memory (RssAnon): {memory['early_anon']:.1f} MB, "
                     f"then {memory['late_anon']:.1f} MB ({anon:+.1f}%); the rest is the shared "
                     "cache's files mapped into the worker (SQLite mmap; the kernel's page "
                     "cache, shared by every worker, bounded by the cache's size).")
    cached = results["Article page, cached"]["rps"] / static
    uncached = results["Article page, uncached"]["rps"] / minimal
    plain = results["Article page, uncached"]["rps"] / results[PLAIN_ARTICLE]["rps"]
    lines += ["", "Targets (reported, not asserted):",
              f"- cached article page ÷ static file, same gunicorn = {cached:.2f} (target ≥ 0.8)",
              f"- uncached article page ÷ minimal view = {uncached:.2f} (target ≥ 0.2)",
              f"- uncached article page ÷ plain Django article page = {plain:.2f} (target ≥ 0.5)"]
    for name in ("Front page, uncached", "Section page, uncached", "Author page, uncached",
                 "Search, uncached"):
        if name in results:
            ratio = results[name]["rps"] / results[PLAIN_INDEX]["rps"]
            lines.append(f"- {name.lower()} ÷ plain Django index = {ratio:.2f} (target ≥ 0.4)")
    if "Article page, cached, via Varnish" in results:
        via = (results["Article page, cached, via Varnish"]["rps"]
               / results["Static file via Varnish (baseline)"]["rps"])
        lines.append(f"- cached article ÷ static file, both via Varnish = {via:.2f} (target ≥ 0.9)")
    default = RESULTS / f"{label.replace(scale, 'default', 1)}.json"
    if scale != "default" and default.exists():
        before = json.loads(default.read_text())["results"]
        for name, r in results.items():
            if name in before and "baseline" not in name:
                lines.append(f"- {name}: p50 {r['p50']:.2f} ms vs {before[name]['p50']:.2f} ms "
                             f"on default data = {r['p50'] / before[name]['p50']:.2f}× "
                             f"(target ≤ 1.3)")
    lines += [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=[s for s in SCALES if s != "tiny"], default="default")
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--port", type=int, default=8006)
    parser.add_argument("--skip-memory", action="store_true", help="skip the 20,000-request run")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `apt-get install -y wrk` (make bench does this).")
    env = bench_env(args.scale, page_cache=False)
    os.environ.update({k: v for k, v in env.items() if k != "PAGE_CACHE"})
    prepare_data(args.scale, env)
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    print(f"Benchmarking the {args.scale} data set, {args.seconds} s per page ...")
    load_before = loadavg()
    results, notes, peak = run_scenarios(args.scale, args.seconds, args.port)
    memory = None if args.skip_memory else memory_growth(args.scale, args.port)
    command = "make bench" + (f" SCALE={args.scale}" if args.scale != "default" else "")
    for variable in ("BENCH_CACHE_URL", "BENCH_DATABASE_URL"):
        if os.environ.get(variable):  # without credentials: scheme, host and database
            where = re.sub(r"//[^@/]*@", "//", os.environ[variable])
            command = f"{variable}={where} {command}"
    label = setup_label(args.scale, env)
    report = render(args.scale, label, args.seconds, results, notes, peak, memory, command,
                    load_before)
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    (RESULTS / f"{label}-{stamp}.md").write_text(report)
    (RESULTS / f"{label}.md").write_text(report)
    (RESULTS / f"{label}.json").write_text(json.dumps(
        {"results": results, "peak_mb": peak, "memory": memory}, indent=2))
    print("\n" + report)


if __name__ == "__main__":
    main()
