"""Where purges go: the app's own page cache, Varnish, a CDN (PURGE_BACKENDS).

`newsroom.caching.purge()` decides *what* to purge; this module tells each cache.
The page cache is told in the process that made the change, right after commit (a
few writes to the shared cache, so a takedown does not wait for a worker); every
other backend, and the page cache again if that failed, is told by the `send_purge`
task, which retries with backoff and never touches the editor's request.

A backend is a small class with `purge(keys)`. Settings (see newsroom/settings.py):

    PURGE_BACKENDS = {
        "pagecache": {"BACKEND": "newsroom.purging.PageCacheBackend"},
        "varnish": {"BACKEND": "newsroom.purging.VarnishBackend",
                    "URLS": ["http://127.0.0.1:6081/"]},
        "cdn": {"BACKEND": "newsroom.purging.HTTPBackend",
                "URL": "https://api.example.com/purge", "HEADERS": {...}},
    }
"""

import json
import logging
import urllib.request
from datetime import timedelta
from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string

from newsroom.caching import clock

logger = logging.getLogger(__name__)

# Where the page cache keeps the time each surrogate key was last purged.
PURGED = "purged:"
# Seconds before each retry of a failed purge; then it is logged and dropped.
RETRY_DELAYS = (1, 5, 30, 120, 600)


class Backend:
    # True: told in the committing process (cheap and local); False: by the task.
    inline = False
    # Told a second time, PURGE_REPEAT_SECONDS later: a cache that fetched a page
    # rendered just before the commit kept it after the first purge.
    repeat = False

    def __init__(self, name, **options):
        self.name = name
        self.options = options

    def purge(self, keys):
        raise NotImplementedError


class PageCacheBackend(Backend):
    """The app's own page cache: records when each key was purged (newsroom/pagecache.py)."""

    inline = True

    def purge(self, keys):
        now = clock()
        cache.set_many({PURGED + k: now for k in keys}, timeout=None)


class HTTPBackend(Backend):
    """A purge API that takes surrogate keys over HTTP (Fastly- or Cloudflare-style).

    Options: URL; METHOD (POST); HEADERS (e.g. an API token); BODY: "json" sends
    {"<JSON_FIELD>": [keys]} (Cloudflare's "tags", the default), "header" sends the
    keys space-separated in KEY_HEADER (Fastly's "Surrogate-Key"); BATCH keys a request.
    """

    repeat = True

    def requests(self, keys):
        batch = int(self.options.get("BATCH", 256))
        keys = sorted(keys)
        for start in range(0, len(keys), batch):
            yield self.request(self.options["URL"], keys[start:start + batch])

    def request(self, url, keys):
        headers = dict(self.options.get("HEADERS", {}))
        data = None
        if self.options.get("BODY", "json") == "json":
            headers.setdefault("Content-Type", "application/json")
            data = json.dumps({self.options.get("JSON_FIELD", "tags"): keys}).encode()
        else:
            headers[self.options.get("KEY_HEADER", "Surrogate-Key")] = " ".join(keys)
        method = self.options.get("METHOD", "POST")
        return urllib.request.Request(url, data=data, headers=headers, method=method)

    def purge(self, keys):
        timeout = float(self.options.get("TIMEOUT", 5))
        for request in self.requests(keys):
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()  # urlopen raises on a 4xx or 5xx answer


class VarnishBackend(HTTPBackend):
    """Varnish with the xkey vmod (deploy/varnish/default.vcl): `PURGE /` with an
    `xkey-purge` header naming the keys, sent to every Varnish in URLS."""

    def requests(self, keys):
        header = self.options.get("KEY_HEADER", "xkey-purge")
        for url in self.options["URLS"]:
            # Varnish reads header values up to its limits; keep each request modest.
            keys_sorted = sorted(keys)
            for start in range(0, len(keys_sorted), 100):
                yield urllib.request.Request(
                    url, method="PURGE",
                    headers={header: " ".join(keys_sorted[start:start + 100])},
                )


@memoize
def backends():  # forgotten when tests change PURGE_BACKENDS (see _forget below)
    """{name: backend} from PURGE_BACKENDS."""
    built = {}
    for name, config in settings.PURGE_BACKENDS.items():
        options = {k: v for k, v in config.items() if k != "BACKEND"}
        built[name] = import_string(config["BACKEND"])(name, **options)
    return built


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting == "PURGE_BACKENDS":
        backends.cache_clear()


def send(keys):
    """Right after commit: the inline backends now, the rest (and any failure) by task."""
    later = []
    for name, backend in backends().items():
        if not backend.inline:
            later.append(name)
            continue
        try:
            backend.purge(keys)
        except Exception:
            logger.warning("Purge of %s failed; a task will retry it", name, exc_info=True)
            later.append(name)
    if later:
        _enqueue(keys, later, repeat=True)


def schedule(keys, when):
    """Purge `keys` from every backend at `when` (a scheduled story going live)."""
    _enqueue(keys, list(backends()), run_after=when)


def _enqueue(keys, names, attempt=0, repeat=False, run_after=None):
    task_ = send_purge if run_after is None else send_purge.using(run_after=run_after)
    try:
        task_.enqueue(sorted(keys), names, attempt=attempt, repeat=repeat)
    except Exception:
        logger.exception("Could not queue the purge of %s for %s", sorted(keys), names)


@task()
def send_purge(keys, backends_to_tell, attempt=0, repeat=False):
    """Tell these backends to purge `keys`; retry failures later. Returns who failed."""
    known = backends()
    failed = []
    for name in backends_to_tell:
        backend = known.get(name)
        if backend is None:
            continue  # no longer configured
        try:
            backend.purge(keys)
        except Exception as error:
            logger.warning("Purge of %d keys by %s failed (attempt %d): %s",
                           len(keys), name, attempt + 1, error)
            failed.append(name)
    if failed:
        if attempt < len(RETRY_DELAYS):
            when = timezone.now() + timedelta(seconds=RETRY_DELAYS[attempt])
            _enqueue(keys, failed, attempt=attempt + 1, run_after=when)
        else:
            logger.error("Gave up purging %s from %s", keys, failed)
    again = [n for n in backends_to_tell if n in known and known[n].repeat and n not in failed]
    if repeat and again and settings.PURGE_REPEAT_SECONDS:
        when = timezone.now() + timedelta(seconds=settings.PURGE_REPEAT_SECONDS)
        _enqueue(keys, again, run_after=when)
    return failed
