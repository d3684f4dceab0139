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

Pages read from a replica are kept by caches, so a replica must never render a page
from before the change that just emptied those caches. After every write transaction
the primary's WAL position is put in the shared cache; a request reads from a replica
only once the replica has replayed that far (asked at most once per process and
write, and only by a request that reads the database at all: a page-cache hit does not).
"""

import contextvars
import logging
import random
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections
from django.db.backends.signals import connection_created

from newsroom.caching import is_personal_request
from newsroom.faults import cache_call

logger = logging.getLogger(__name__)

# The replicas this request may read from, or None (the primary only).
_reads = contextvars.ContextVar("newsroom_replica_reads", default=None)

# Paths that are never readers' pages, whatever the cookies say.
PRIMARY_ONLY_PREFIXES = ("/admin/", "/preview/", "/comments/", "/healthz", "/readyz")

# Seconds behind the primary; 0 when the replica has replayed all it received (an idle
# primary sends nothing, so the last replayed transaction's age is no lag then).
LAG_SQL = " ".join("""
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 'Infinity')
END
""".split())
# The primary's WAL position after the latest write transaction (in the shared cache).
WRITTEN_UP_TO = "replicas:written-up-to"
WRITES = ("INSERT", "UPDATE", "DELETE")


def replica_aliases():
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


# --- Health: down or lagging replicas are skipped ----------------------------------


class ReplicaHealth:
    """Per process: each replica's lag as last measured, re-measured when stale, and the
    last write position each was seen to have replayed."""

    def __init__(self):
        self.checked = {}  # alias -> (monotonic time, lag in seconds or None when down)
        self.replayed = {}  # alias -> a WRITTEN_UP_TO value it had replayed

    def lag(self, alias, *, force=False):
        now = time.monotonic()
        known = self.checked.get(alias)
        if force or known is None or now - known[0] >= settings.DATABASE_REPLICA_CHECK_SECONDS:
            known = (now, measure(alias, LAG_SQL))
            self.checked[alias] = known
        return None if known[1] is None else float(known[1])

    def is_usable(self, alias, *, force=False):
        lag = self.lag(alias, force=force)
        return lag is not None and lag <= settings.DATABASE_REPLICA_MAX_LAG

    def usable(self):
        aliases = [alias for alias in replica_aliases() if self.is_usable(alias)]
        random.shuffle(aliases)  # spread each process's requests over the replicas
        return aliases

    def has_replayed(self, alias, position):
        if self.replayed.get(alias) != position:
            if not measure(alias, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position]):
                return False
            self.replayed[alias] = position
        return True


def measure(alias, sql, params=()):
    """The one value `sql` returns on replica `alias`; None when it cannot be reached."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]
    except DatabaseError as exc:
        logger.warning("Replica %s unavailable, reading from the primary: %s", alias, exc)
        try:
            connection.close()
        except DatabaseError:
            pass
        return None


health = ReplicaHealth()


# --- Which requests, and which replica -------------------------------------------------


def may_read_from_replica(request):
    """True for a request whose reads a replica can answer: a reader's GET, nothing personal."""
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(PRIMARY_ONLY_PREFIXES)
        and not is_personal_request(request)
    )


class RequestReads:
    """Where one request reads from, chosen at its first read."""

    def __init__(self, candidates):
        self.candidates = candidates
        self.alias = None

    def choose(self):
        if self.alias is None:
            position = cache_call(None, cache.get, WRITTEN_UP_TO)
            self.alias = next(
                (alias for alias in self.candidates
                 if position is None or health.has_replayed(alias, position)),
                "default",
            )
        return self.alias


class ReplicaReadsMiddleware:
    """Let this request read from a healthy replica when `may_read_from_replica`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_aliases() or not may_read_from_replica(request):
            return self.get_response(request)
        usable = health.usable()
        if not usable:
            return self.get_response(request)
        request.reads = RequestReads(usable)  # the request log names the alias chosen
        token = _reads.set(request.reads)
        try:
            response = self.get_response(request)
        finally:
            _reads.reset(token)
        chosen = request.reads.alias
        if response.status_code == 503 and chosen != "default" and chosen is not None \
                and not health.is_usable(chosen, force=True):
            # The replica failed during this request (the 503 is its outage page):
            # a GET may safely be answered again, from the primary.
            request.reads = None
            response = self.get_response(request)
        return response


class ReplicaRouter:
    """Reads go where the request's middleware allows; writes and migrations to the primary."""

    def db_for_read(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db  # related rows from where the object came from
        reads = _reads.get()
        if reads is None or connections["default"].in_atomic_block:
            return "default"
        return reads.choose()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every replica holds the primary's data

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


# --- Where the primary's writes have reached ------------------------------------------


def record_write_position():
    """Put the primary's WAL position, just after a commit, in the shared cache."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        position = str(cursor.fetchone()[0])
    cache_call(None, cache.set, WRITTEN_UP_TO, position, timeout=None)


def _after_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if sql.lstrip()[:6].upper() in WRITES:
        connection = context["connection"]
        if not connection.in_atomic_block:
            try:
                record_write_position()  # autocommit: it has committed already
            except DatabaseError:
                logger.warning("Could not read the primary's WAL position", exc_info=True)
        elif not any(func is record_write_position for _, func, _ in connection.run_on_commit):
            # Runs before the page caches' own after-commit purges (queued later, by
            # the model signals that follow this statement).
            connection.on_commit(record_write_position, robust=True)
    return result


def _watch_writes(sender, connection, **kwargs):
    if connection.alias == "default" and connection.vendor == "postgresql" \
            and _after_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_after_writes)


def watch_primary_writes():
    """Record the write position after every write transaction (with replicas only)."""
    if replica_aliases():
        connection_created.connect(_watch_writes, dispatch_uid="newsroom-replica-writes")
