"""Read replicas: readers' public pages read from a healthy replica, everything else
from the primary.

A request may read from a replica (`ReplicaReadsMiddleware` decides, once, at its
start) when it is a GET or HEAD of a readers' page by someone who has written nothing
the replica may not have yet: no session cookie (staff, previews, the admin) and no
own-comments cookie (a commenter whose comment awaits moderation). Writes always go to
the primary, and so does every read inside a transaction on it.

A replica is skipped while it is down or lags more than DATABASE_REPLICA_MAX_LAG
seconds behind; each process asks it at most every DATABASE_REPLICA_CHECK_SECONDS.
A replica that fails mid-request gets the page rendered again from the primary.
"""

import contextvars
import logging
import random
import time

from django.conf import settings
from django.db import DatabaseError, connections

from newsroom.caching import is_personal_request

logger = logging.getLogger(__name__)

# The replica alias this request reads from, or None (the primary).
_reading_from = contextvars.ContextVar("newsroom_replica", default=None)

# Paths that are never readers' pages, whatever the cookies say.
PRIMARY_ONLY_PREFIXES = ("/admin/", "/preview/", "/comments/", "/healthz", "/readyz")

# Seconds behind the primary; 0 when the replica has replayed all it received (an idle
# primary sends nothing, so the last replayed transaction's age is no lag then).
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 'Infinity')
END
"""
LAG_SQL = " ".join(LAG_SQL.split())  # one line in the replica's statement log


def replica_aliases():
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class ReplicaHealth:
    """Per process: each replica's lag as last measured, re-measured when stale."""

    def __init__(self):
        self.checked = {}  # alias -> (monotonic time, lag in seconds or None when down)

    def lag(self, alias, *, force=False):
        now = time.monotonic()
        known = self.checked.get(alias)
        if force or known is None or now - known[0] >= settings.DATABASE_REPLICA_CHECK_SECONDS:
            known = (now, measure_lag(alias))
            self.checked[alias] = known
        return known[1]

    def is_usable(self, alias, *, force=False):
        lag = self.lag(alias, force=force)
        return lag is not None and lag <= settings.DATABASE_REPLICA_MAX_LAG

    def usable(self):
        aliases = [alias for alias in replica_aliases() if self.is_usable(alias)]
        random.shuffle(aliases)  # spread each process's requests over the replicas
        return aliases


def measure_lag(alias):
    """Seconds `alias` lags behind, or None when it cannot be reached."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            return float(cursor.fetchone()[0])
    except DatabaseError as exc:
        logger.warning("Replica %s unavailable, reading from the primary: %s", alias, exc)
        connection.close_if_unusable_or_obsolete()
        try:
            connection.close()
        except DatabaseError:
            pass
        return None


health = ReplicaHealth()


def may_read_from_replica(request):
    """True for a request whose reads a replica can answer: a reader's GET, nothing personal."""
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(PRIMARY_ONLY_PREFIXES)
        and not is_personal_request(request)
    )


class ReplicaReadsMiddleware:
    """Send this request's reads to a healthy replica when `may_read_from_replica`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_aliases() or not may_read_from_replica(request):
            return self.get_response(request)
        usable = health.usable()
        if not usable:
            return self.get_response(request)
        token = _reading_from.set(usable[0])
        request.reads_from = usable[0]  # for the request log
        try:
            response = self.get_response(request)
        finally:
            _reading_from.reset(token)
        if response.status_code == 503 and not health.is_usable(usable[0], force=True):
            # The replica failed during this request (the 503 is its outage page):
            # a GET may safely be answered again, from the primary.
            request.reads_from = "default"
            response = self.get_response(request)
        return response


class ReplicaRouter:
    """Reads go where the request's middleware chose; writes and migrations to the primary."""

    def db_for_read(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db  # related rows from where the object came from
        alias = _reading_from.get()
        if alias is None or connections["default"].in_atomic_block:
            return "default"
        return alias

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every replica holds the primary's data

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
