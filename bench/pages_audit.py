"""Validators and Lighthouse on every readers' page type; writes bench/results/pages-audit.*

    python -m bench.pages_audit [--port 19601] [--only "front,article"]

Serves the demo site as `make run` does (bin/serve: gunicorn with 2 workers and the task
worker, DEBUG off), from a database, cache, media and static directory of its own in a
temporary directory, and audits one URL per page type in every cell of the matrix
JavaScript on/off × light/dark × desktop/mobile with:

- the Nu HTML Checker (node_modules/vnu-jar): the HTML as served, once per page, and the
  document as the browser holds it after loading (page.content()) in every cell;
- axe-core (node_modules/axe-core) in Playwright, WCAG 2.2 A/AA and best-practice rules;
- Lighthouse (node_modules/lighthouse, bench/lighthouse_run.mjs) with its desktop and
  mobile presets: Performance, Accessibility, Best practices and SEO.

Always Debian's Chromium (CHROME_PATH, default /usr/bin/chromium), never a downloaded one.
JavaScript off is DevTools' Emulation.setScriptExecutionDisabled while the page loads;
dark is Chromium's --blink-settings=preferredColorScheme=0 for Lighthouse and Playwright's
color_scheme="dark" for axe; each cell checks both took effect (the comment script's
<!--respond--> marker, matchMedia). It is a measurement, not a test: nothing is asserted,
and everything it started is stopped when it ends, fails or is interrupted.
"""

import argparse
import json
import os
import platform
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SCREENSHOTS = ROOT / "var" / "pages-audit"  # to look at (dark, JavaScript off); not kept
NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE_RUNNER = ROOT / "bench" / "lighthouse_run.mjs"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"]
DARK_FLAG = "--blink-settings=preferredColorScheme=0"  # Blink's enum: 0 dark, 1 light
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
IMPACTS = ["critical", "serious", "moderate", "minor"]
# What Lighthouse's presets emulate (desktop-config.js; the default config's moto g power).
SCREENS = {
    "desktop": dict(viewport={"width": 1350, "height": 940}, device_scale_factor=1),
    "mobile": dict(viewport={"width": 412, "height": 823}, device_scale_factor=1.75,
                   is_mobile=True, has_touch=True),
}
CELLS = [(js, scheme, device) for js in (True, False) for scheme in ("light", "dark")
         for device in ("desktop", "mobile")]

# The page types of the public URL patterns (newsroom/urls.py and the apps' urls.py) and
# the pattern each stands for. Feeds, sitemaps, robots.txt, /healthz are not HTML pages;
# the admin, staff preview and the POST-only endpoints are not readers' pages, except the
# comment post's error page, audited by posting the form ("submit").
PAGE_TYPES = {
    "front": "home",
    "section": "articles:section",
    "article": "articles:detail",
    "article with comments": "articles:detail",
    "live blog (the demo's live article)": "articles:detail",
    "reply form (no-JS reply link)": "articles:detail",
    "author": "authors:detail",
    "tag": "articles:tag",
    "archive": "articles:archive",
    "archive year": "articles:archive-year",
    "search results": "search",
    "static page": "pages:detail",
    "unsubscribe confirmation": "comments:unsubscribe",
    "404": None,
    "414 (5,000-character search)": "search",
    "comment post with errors": "comments:post",
}
# The public URL patterns that are not readers' HTML pages, or are one audited above
# (tests/performance/test_pages_audit.py holds every pattern to one list or the other).
NOT_AUDITED = {
    "robots": "plain text",
    "favicon": "a redirect to the SVG",
    "health": "JSON for monitors", "ready": "JSON for monitors",
    "sitemap-index": "XML", "sitemap-section": "XML", "news-sitemap": "XML",
    "articles:rss": "feed", "articles:atom": "feed",
    "articles:section-rss": "feed", "articles:section-atom": "feed",
    "articles:tag-rss": "feed", "articles:tag-atom": "feed",
    "articles:author-rss": "feed", "articles:author-atom": "feed",
    "articles:preview": "staff only (a draft as readers will see it: the article template)",
    "articles:archive-month": "the archive year page's view and template, a narrower range",
    "articles:archive-day": "the archive year page's view and template, a narrower range",
    "comments:token": "JSON for the comment form's script",
    "comments:report": "POST only",
    "media/<path:path>": "uploaded images",
    "liveblog:poll": "JSON for the live page's script",
    "liveblog:feed": "feed",
    "previews:article": "the article template with a banner, for holders of a preview link",
    "previews:media": "a preview's images",
    **{f"api:{name}": "JSON (the content API; tests/api checks it against its schema)"
       for name in ("api-root", "article", "articles", "author", "authors", "openapi-json",
                    "page", "pages", "preview", "section", "sections", "tag", "tags")},
}
# Answered with a 4xx: Lighthouse's snapshot mode (it refuses to navigate-audit those).
SNAPSHOT = {"404", "414 (5,000-character search)", "comment post with errors"}


def server_env(tmp, port):
    env = dict(os.environ)
    env.update(
        DEBUG="off",
        SECRET_KEY="audit-" + secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PORT=str(port),  # SITE_URL follows it
        SITE_URL=f"http://127.0.0.1:{port}",
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        CACHE_URL=f"diskcache://{tmp / 'cache'}",
        MEDIA_ROOT=str(tmp / "media"),
        STATIC_ROOT=str(tmp / "static"),
        DEMO_CREDENTIALS_FILE=str(tmp / "demo-credentials.txt"),
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
    )
    return env


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def pick_pages(base):
    """One URL per page type, from the demo content (Django set up with the server's env)."""
    import django

    django.setup()
    from django.db.models import Count, Q

    from articles.models import Article, Section, Tag
    from authors.models import Author
    from comments import notifications
    from comments.models import Comment
    from liveblog.demo import SLUG as LIVE_SLUG
    from pages.models import Page

    published = Article.objects.published()
    counted = published.annotate(
        approved=Count("comments", filter=Q(comments__status=Comment.Status.APPROVED)))
    quiet = counted.filter(approved=0).order_by("-published_at").first()
    talked = counted.order_by("-approved", "-published_at").first()
    comment = Comment.objects.approved().filter(article=talked).order_by("pk").first()
    tag = Tag.objects.annotate(n=Count("articles")).order_by("-n", "slug").first()
    author = Author.objects.filter(articles__in=published).distinct().order_by("slug").first()
    page = Page.objects.published().order_by("slug").first()
    token = notifications.unsubscribe_token(comment)
    year = talked.published_at.year
    paths = {
        "front": "/",
        "section": Section.objects.order_by("position", "name").first().get_absolute_url(),
        "article": quiet.get_absolute_url(),
        "article with comments": talked.get_absolute_url(),
        "live blog (the demo's live article)": published.get(slug=LIVE_SLUG).get_absolute_url(),
        "reply form (no-JS reply link)": f"{talked.get_absolute_url()}?replytocom={comment.pk}",
        "author": author.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "archive": "/archive/",
        "archive year": f"/archive/{year}/",
        "search results": "/search/?q=opera",
        "static page": page.get_absolute_url(),
        "unsubscribe confirmation": f"/comments/unsubscribe/{token}/",
        "404": "/no-such-page/",
        "414 (5,000-character search)": "/search/?q=" + "a" * 5000,
        "comment post with errors": talked.get_absolute_url(),
    }
    assert set(paths) == set(PAGE_TYPES)
    return {name: base + path for name, path in paths.items()}


class Server:
    """bin/serve (gunicorn + task worker) in its own process group, stopped on exit."""

    def __init__(self, env, port):
        self.env, self.port = env, port
        self.base = f"http://127.0.0.1:{port}"
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            [str(ROOT / "bin" / "serve"), "-c", "deploy/gunicorn.conf.py",
             "--bind", f"127.0.0.1:{self.port}", "--workers", "2",
             "--limit-request-line", "8190", "--log-level", "warning"],
            cwd=ROOT, env={**self.env, "VENV": str(Path(sys.executable).parent.parent)},
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server exited ({self.proc.returncode})")
            if self.status("/healthz") == 200:
                return self
            time.sleep(0.5)
        raise SystemExit(f"the server did not answer on port {self.port}")

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.proc.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def status(self, path):
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return None

    def fetch(self, url, form=None):
        """GET the page, or POST `form` to it as a browser on this site would."""
        request = urllib.request.Request(url)
        if form is not None:
            request = urllib.request.Request(
                url, data=urllib.parse.urlencode(form).encode(), method="POST",
                headers={"Origin": self.base, "Sec-Fetch-Site": "same-origin"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


def cell_name(js, scheme, device):
    return f"{'js' if js else 'nojs'}-{scheme}-{device}"


# --- axe-core and the document as loaded, in Playwright -------------------------------

def browser_checks(pages, html_dir, shots_dir):
    """For every page and cell: axe violations, what took effect, and the loaded DOM."""
    from playwright.sync_api import sync_playwright

    axe_source = AXE.read_text()
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROME, headless=True,
                                    args=[f for f in CHROME_FLAGS if f != "--headless=new"])
        try:
            for js, scheme, device in CELLS:
                context = browser.new_context(color_scheme=scheme, bypass_csp=True,
                                              **SCREENS[device])
                try:
                    for name, url in pages.items():
                        page = context.new_page()
                        try:
                            results[(name, cell_name(js, scheme, device))] = check_page(
                                page, context, name, url, js, axe_source,
                                html_dir / f"{slug(name)}-{cell_name(js, scheme, device)}.html",
                                shots_dir, scheme, device)
                        finally:
                            page.close()
                finally:
                    context.close()
        finally:
            browser.close()
    return results


def check_page(page, context, name, url, js, axe_source, html_path, shots_dir, scheme, device):
    cdp = context.new_cdp_session(page)

    def scripts(enabled):
        cdp.send("Emulation.setScriptExecutionDisabled", {"value": not enabled})

    if name == "comment post with errors":
        page.goto(url, wait_until="load")
        scripts(js)
        with page.expect_navigation(wait_until="load"):
            page.locator("#respond button[type=submit]").click()
    else:
        scripts(js)
        page.goto(url, wait_until="load")
    scripts(True)  # for axe; the page's own scripts ran (or not) while it loaded
    html_path.write_text(page.content(), encoding="utf-8")
    state = page.evaluate("""() => ({
        scriptRan: document.documentElement.innerHTML.includes("<!--respond-->"),
        dark: matchMedia("(prefers-color-scheme: dark)").matches,
        background: getComputedStyle(document.body).backgroundColor,
        errorSummary: !!document.getElementById("error-summary"),
        focused: document.activeElement && document.activeElement.id,
        title: document.title})""")
    page.evaluate(axe_source)
    axe = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                        WCAG_TAGS)
    if name in ("article with comments", "front") and device == "mobile":
        page.screenshot(path=str(shots_dir / f"{slug(name)}-{'js' if js else 'nojs'}-{scheme}.png"))
    violations = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "targets": [n["target"] for n in v["nodes"]][:5], "nodes": len(v["nodes"])}
        for v in axe["violations"]
    ]
    return {"state": state, "violations": violations}


def slug(name):
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


# --- the Nu HTML Checker -------------------------------------------------------------

def vnu(files):
    """Errors and warnings per file, from one run of the checker over all of them."""
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json",
                             *map(str, files)], capture_output=True, text=True, timeout=900)
    messages = json.loads(result.stderr or "{}").get("messages", [])
    found = {str(f): {"errors": [], "warnings": []} for f in files}
    for message in messages:
        path = message.get("url", "").removeprefix("file:")
        entry = found.setdefault(path, {"errors": [], "warnings": []})
        text = f"line {message.get('lastLine')}: {message.get('message')}"
        if message.get("type") == "info" and message.get("subType") == "warning":
            entry["warnings"].append(text)
        elif message.get("type") in ("error", "non-document-error"):
            entry["errors"].append(text)
    return found


# --- Lighthouse ----------------------------------------------------------------------

def lighthouse(pages, tmp, shots_dir, procs):
    """Four browsers (JavaScript × scheme), each running every page on both form factors."""
    results = {}
    jobs = []
    for js in (True, False):
        for scheme in ("light", "dark"):
            label = f"{'js' if js else 'nojs'}-{scheme}"
            job = {
                "chrome": CHROME,
                "flags": CHROME_FLAGS + ([DARK_FLAG] if scheme == "dark" else []),
                "javascript": js,
                "pages": [{"name": name, "url": url,
                           "mode": "snapshot" if name in SNAPSHOT else "navigation",
                           "submit": name == "comment post with errors"}
                          for name, url in pages.items()],
                "formFactors": ["desktop", "mobile"],
                "out": str(tmp / f"lighthouse-{label}.json"),
                "screenshots": str(shots_dir / f"lighthouse-{label}"),
            }
            (tmp / f"job-{label}.json").write_text(json.dumps(job))
            jobs.append((label, job))
    for label, job in jobs:
        print(f"Lighthouse, {label}:", flush=True)
        proc = subprocess.Popen(["node", str(LIGHTHOUSE_RUNNER), str(tmp / f"job-{label}.json")],
                                cwd=ROOT, env={**os.environ, "CHROME_PATH": CHROME},
                                start_new_session=True)
        procs.append(proc)
        try:
            proc.wait(timeout=60 * 60)
        except subprocess.TimeoutExpired:
            print(f"Lighthouse {label} took over an hour; stopped.")
        stop_group(proc)
        out = Path(job["out"])
        entries = json.loads(out.read_text()) if out.exists() else []
        by_name = {(e["name"], e["formFactor"]): e for e in entries}
        for name in pages:
            for device in ("desktop", "mobile"):
                results[(name, f"{label}-{device}")] = by_name.get(
                    (name, device), {"error": "not run"})
    return results


def stop_group(proc):
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


# --- the report ----------------------------------------------------------------------

def score(value):
    return "–" if value is None else str(value)


def write_report(meta, pages, sources, cells, stamp):
    RESULTS.mkdir(parents=True, exist_ok=True)
    raw = {"meta": meta, "pages": pages, "served": sources,
           "cells": {f"{name} | {cell}": value for (name, cell), value in cells.items()}}
    (RESULTS / "pages-audit.json").write_text(json.dumps(raw, indent=1, ensure_ascii=False))
    lines = [
        "# Readers' pages: validators and Lighthouse",
        "",
        f"`make audit-pages` (`{meta['command']}`), {meta['started']} → {meta['finished']}.",
        f"{meta['machine']}; {meta['chromium']}; Lighthouse {meta['lighthouse']}, "
        f"axe-core {meta['axe']}, Nu HTML Checker {meta['vnu']}.",
        f"Load average (1, 5, 15 min) at the start {meta['load_start']}, before Lighthouse "
        f"{meta['load_lighthouse']}, at the end {meta['load_end']}, on {meta['cpus']} CPUs. "
        "**Performance depends on the CPU**: Lighthouse simulates a throttled device from "
        "what it measures, so on a loaded machine its scores are lower than the pages "
        "deserve; Accessibility, Best practices and SEO and the validators do not depend on load.",
        "",
        "Cells: JavaScript on/off × light/dark (prefers-color-scheme) × Lighthouse's desktop "
        "and mobile presets. *Nu* = Nu HTML Checker errors/warnings on the document as the "
        "browser holds it after loading; *axe* = axe-core violations "
        "critical/serious/moderate/minor (WCAG 2.2 A/AA + best practice); "
        "*Perf, A11y, BP, SEO* = Lighthouse scores. *checked*: JS ✓ = the comment script "
        "ran (its `<!--respond-->` marker) where the page has the form, – = no script on "
        "the page; dark ✓ = `prefers-color-scheme: dark` matched. "
        "Pages answered with a 4xx, and the error page of a comment post, are audited in "
        "Lighthouse's snapshot mode (it refuses to navigate-audit a 4xx): no Performance.",
        "",
        "## The HTML as served (Nu HTML Checker)",
        "",
        "| page | URL | status | Nu errors | Nu warnings |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, url in pages.items():
        src = sources[name]
        shown = url.removeprefix(meta["base"])
        shown = shown if len(shown) < 60 else shown[:40] + "…"
        lines.append(f"| {name} | `{shown}` | {src['status']} | {len(src['errors'])} | "
                     f"{len(src['warnings'])} |")
    lines += ["", "## Every cell", "",
              "| page | JS | scheme | device | Nu | axe | Perf | A11y | BP | SEO | checked |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    findings = {}
    for name in pages:
        for js, scheme, device in CELLS:
            cell = cells[(name, cell_name(js, scheme, device))]
            lh = cell["lighthouse"].get("scores") or {}
            axe = Counter(v["impact"] for v in cell["axe"]["violations"])
            state = cell["axe"]["state"]
            lh_state = cell["lighthouse"].get("check") or {}
            has_form = "respond" in (Path(cell["html"]).read_text(encoding="utf-8"))
            js_ok = ("✓" if (state["scriptRan"] == js and lh_state.get("scriptRan", js) == js)
                     else "✗") if has_form else "–"
            dark_ok = "✓" if (state["dark"] == (scheme == "dark")
                             and lh_state.get("dark", scheme == "dark") == (scheme == "dark")) \
                else "✗"
            lines.append(
                f"| {name} | {'on' if js else 'off'} | {scheme} | {device} | "
                f"{len(cell['nu']['errors'])}/{len(cell['nu']['warnings'])} | "
                f"{'/'.join(str(axe[i]) for i in IMPACTS)} | "
                f"{score(lh.get('performance'))} | {score(lh.get('accessibility'))} | "
                f"{score(lh.get('best-practices'))} | {score(lh.get('seo'))} | "
                f"JS {js_ok} dark {dark_ok} |")
            where = f"JS {'on' if js else 'off'} {scheme} {device}"
            for message in cell["nu"]["errors"]:
                findings.setdefault((name, f"Nu error {message}"), []).append(where)
            for v in cell["axe"]["violations"]:
                findings.setdefault((name, f"axe {v['id']} ({v['impact']}): {v['help']} at "
                                           f"{v['targets']}"), []).append(where)
            for audit in cell["lighthouse"].get("failing", []):
                findings.setdefault((name, f"Lighthouse {audit['category']} `{audit['id']}` "
                                           f"({audit['title']}) at {audit['items']}"),
                                    []).append(where)
            error = cell["lighthouse"].get("error") or cell["lighthouse"].get("runtimeError")
            if error:
                findings.setdefault((name, f"Lighthouse did not finish: {error}"),
                                    []).append(where)
    for name in pages:
        for message in sources[name]["errors"]:
            findings.setdefault((name, f"Nu error {message}"), []).append("as served")
    warnings = {}
    for name in pages:
        for message in sources[name]["warnings"]:
            warnings.setdefault(message.split(": ", 1)[1], []).append(name)
    lines += ["", "## Findings (everything below 100, every validator error and violation)",
              ""]
    lines += [f"- {name}: {what} — in {len(where)} of {len(CELLS)} cells"
              f"{'' if len(where) == len(CELLS) else ' (' + ', '.join(where) + ')'}"
              for (name, what), where in findings.items()] or ["None."]
    lines += ["", "## Nu HTML Checker warnings on the HTML as served (not errors)", ""]
    lines += [f"- {message} — {', '.join(sorted(set(names)))} ({len(names)}×)"
              for message, names in warnings.items()] or ["None."]
    text = "\n".join(lines) + "\n"
    (RESULTS / "pages-audit.md").write_text(text, encoding="utf-8")
    (RESULTS / f"pages-audit-{stamp}.md").write_text(text, encoding="utf-8")
    return text


def load_average():
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def versions():
    def package(name):
        return json.loads((NODE_MODULES / name / "package.json").read_text())["version"]

    chromium = subprocess.run([CHROME, "--version"], capture_output=True, text=True,
                              timeout=30).stdout.strip()
    return {"chromium": chromium, "lighthouse": package("lighthouse"),
            "axe": package("axe-core"), "vnu": package("vnu-jar")}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("AUDIT_PORT", 19601)))
    parser.add_argument("--only", default="", help="comma-separated page types (default: all)")
    args = parser.parse_args(argv)
    for needed in (VNU_JAR, AXE, LIGHTHOUSE_RUNNER, NODE_MODULES / "lighthouse"):
        if not needed.exists():
            raise SystemExit(f"{needed} is missing: run `npm ci` (make install)")
    started = datetime.now(UTC)
    meta = {"command": "python -m bench.pages_audit " + " ".join(argv or sys.argv[1:]),
            "started": started.strftime("%Y-%m-%d %H:%M UTC"), "load_start": load_average(),
            "cpus": os.cpu_count(), "machine": f"{platform.system()} {platform.machine()}",
            **versions()}
    procs = []
    server = None

    def interrupted(signum, frame):
        raise SystemExit(f"stopped by signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupted)
    with tempfile.TemporaryDirectory(prefix="pages-audit-") as tmpname:
        tmp = Path(tmpname)
        try:
            env = server_env(tmp, args.port)
            os.environ.update(env)
            print("Setting up the demo site…", flush=True)
            manage(env, "migrate", "--noinput", "--verbosity", "0")
            manage(env, "load_demo")
            manage(env, "collectstatic", "--noinput", "--verbosity", "0")
            server = Server(env, args.port).start()
            meta["base"] = server.base
            pages = pick_pages(server.base)
            if args.only:
                wanted = {w.strip() for w in args.only.split(",")}
                pages = {k: v for k, v in pages.items() if k in wanted}
            html_dir, shots_dir = tmp / "html", SCREENSHOTS
            html_dir.mkdir()
            shots_dir.mkdir(parents=True, exist_ok=True)
            sources = {}
            for name, url in pages.items():
                if name == "comment post with errors":  # the form posted empty
                    status, body = server.fetch(url.rstrip("/") + "/comments/", form={
                        "name": "", "email": "", "comment": ""})
                else:
                    status, body = server.fetch(url)
                path = html_dir / f"{slug(name)}-served.html"
                path.write_bytes(body)
                sources[name] = {"status": status, "file": str(path)}
            print("axe-core in Playwright…", flush=True)
            browser = browser_checks(pages, html_dir, shots_dir)
            meta["load_lighthouse"] = load_average()
            lh = lighthouse(pages, tmp, shots_dir, procs)
            print("Nu HTML Checker…", flush=True)
            files = [Path(s["file"]) for s in sources.values()]
            files += [html_dir / f"{slug(name)}-{cell_name(*cell)}.html"
                      for name in pages for cell in CELLS]
            checked = vnu(files)
            for src in sources.values():
                src.update(checked[src["file"]])
            cells = {}
            for name in pages:
                for cell in CELLS:
                    key = (name, cell_name(*cell))
                    html = html_dir / f"{slug(name)}-{cell_name(*cell)}.html"
                    cells[key] = {"nu": checked[str(html)], "axe": browser[key],
                                  "lighthouse": lh[key], "html": str(html)}
            meta["load_end"] = load_average()
            meta["finished"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
            report = write_report(meta, pages, sources, cells, started.strftime("%Y%m%d-%H%M"))
            print(report)
        finally:
            for proc in procs:
                stop_group(proc)
            if server:
                server.stop()
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    main()
