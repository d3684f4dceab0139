"""Health for load balancers and monitoring: /readyz and /healthz.

/readyz answers 200 when this process can serve pages: the primary database answers
(pages render without the cache). Load balancers send traffic by it.

/healthz reports every service the site uses, as JSON, and answers 503 when any is
down. Its checks are named in settings.HEALTH_CHECKS: each is a function taking no
arguments that returns None when its service is fine, or raises (or returns a short
reason) when it is not. Storage and the task queue add theirs there. Replicas are
reported but never fail it: without them pages read from the primary.
"""

import logging
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET

from newsroom import routers

logger = logging.getLogger(__name__)


def check_database():
    """The primary answers a query on a real table (a database recreated empty in
    place of the real one fails), and on SQLite its file is still where it was."""
    connection = connections["default"]
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if name != ":memory:" and not name.startswith("file:") and not Path(name).exists():
            return f"the database file {Path(name).name} is missing"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
        if cursor.fetchone() is None:
            return "the database has none of the site's tables"
    return None


def check_cache():
    """The cache stores and returns a value."""
    key, value = "health:probe", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        return "the cache did not return what was stored"
    return None


def run_check(check):
    started = time.perf_counter()
    try:
        problem = check()
    except Exception as exc:  # any failure of a check is that service being down
        # The details (host names, paths) go to the log, not to a public page.
        logger.warning("Health check %s failed", check.__name__, exc_info=True)
        problem = type(exc).__name__
    result = {"status": "down" if problem else "ok",
              "ms": round((time.perf_counter() - started) * 1000, 1)}
    if problem:
        result["error"] = problem
    return result


def replica_report():
    report = {}
    for alias in routers.replica_aliases():
        lag = routers.health.lag(alias)
        report[alias] = {
            "status": "ok" if routers.health.is_usable(alias) else ("down" if lag is None
                                                                    else "lagging"),
            "lag_seconds": lag,
        }
    return report


def no_store(response):
    response["Cache-Control"] = "no-store"
    if response.status_code == 503:  # when to ask again, as every 503 here says
        response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
    return response


@require_GET
def healthz(request):
    checks = {name: run_check(import_string(path))
              for name, path in settings.HEALTH_CHECKS.items()}
    healthy = all(result["status"] == "ok" for result in checks.values())
    body = {"status": "ok" if healthy else "down", "checks": checks}
    if replicas := replica_report():
        body["replicas"] = replicas
    return no_store(JsonResponse(body, status=200 if healthy else 503))


@require_GET
def readyz(request):
    result = run_check(check_database)
    ready = result["status"] == "ok"
    return no_store(JsonResponse({"status": "ready" if ready else "unavailable"},
                                 status=200 if ready else 503))
