"""Read replicas: `DATABASE_REPLICA_URLS` → extra database aliases, a router and the middleware behind it.

Public reads (pages, search, feeds, the read API: GET/HEAD/OPTIONS outside /admin/) go to a streaming
replica, round robin, one replica per request; everything else — writes, the admin, workers, management
commands — stays on the primary. A replica that fails its health check (`SELECT pg_is_in_recovery()` and
the replay lag, at most once per HAWAL_REPLICA_CHECK_SECONDS per process) or an error during a request is
skipped for a backoff that doubles up to a minute; a request that hit a dead replica is answered again
from the primary. Read-your-writes: after a successful write by a signed-in user (an upload, a merge, any
admin change, an API POST with a staff token) a short-lived cookie sends that browser's reads to the
primary for HAWAL_READ_YOUR_WRITES_SECONDS, so editors see their own change before the replica does.

Without replicas the middleware removes itself and the router sends everything to the primary.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections

from config.database_url import parse_database_url

PRIMARY = DEFAULT_DB_ALIAS
PREFIX = "replica"
# Only the archive's own tables are read from replicas: sessions, users and the task queue stay on the
# primary, so a login or an enqueued task is never missing from a page that follows it.
REPLICATED_APPS = frozenset({"archive"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PRIMARY_PATHS = ("/admin/",)
PRIMARY_COOKIE = "hawal_primary_until"
MAX_BACKOFF = 60.0
HEALTH_SQL = """
    SELECT pg_is_in_recovery(),
           CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END
"""


def replica_databases(urls: list[str], primary: dict[str, object]) -> dict[str, dict[str, object]]:
    """`DATABASES` entries `replica1`, `replica2`, … for the given URLs, with the primary's settings.

    A dead replica must cost little: unless its URL says otherwise, connecting gives up after 2 seconds.
    Test runs mirror the primary's test database, so the suite still runs with replicas configured.
    """
    databases: dict[str, dict[str, object]] = {}
    for index, url in enumerate(urls, 1):
        fields = parse_database_url(url)
        options = {**dict(primary.get("OPTIONS") or {}), "connect_timeout": 2, **fields.pop("OPTIONS")}
        databases[f"{PREFIX}{index}"] = {
            **primary,
            **fields,
            "OPTIONS": options,
            "TEST": {"MIRROR": PRIMARY},
        }
    return databases


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith(PREFIX)]


@dataclass
class ReplicaHealth:
    up: bool = False
    in_recovery: bool | None = None
    lag_seconds: float | None = None
    error: str = ""
    checked: float = float("-inf")  # time.monotonic() of the last check
    failures: int = 0

    def stale(self, now: float) -> bool:
        if self.up:
            return now - self.checked >= settings.HAWAL_REPLICA_CHECK_SECONDS
        backoff = min(MAX_BACKOFF, settings.HAWAL_REPLICA_CHECK_SECONDS * 2 ** max(0, self.failures - 1))
        return now - self.checked >= backoff


_health: dict[str, ReplicaHealth] = {}
_health_lock = threading.Lock()
_turn = itertools.count()


def _close(alias: str) -> None:
    try:
        connections[alias].close()
    except DatabaseError:
        pass


def check_replica(alias: str) -> ReplicaHealth:
    """Ask the replica now (on this thread's connection) and remember the answer."""
    previous = _health.get(alias, ReplicaHealth())
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(HEALTH_SQL)
            in_recovery, lag = cursor.fetchone()
    except DatabaseError as error:
        _close(alias)
        state = ReplicaHealth(error=f"{type(error).__name__}: {error}".strip()[:300])
    else:
        lag = float(lag) if lag is not None else None
        lagging = lag is None or lag > settings.HAWAL_REPLICA_MAX_LAG
        state = ReplicaHealth(
            up=not lagging,
            in_recovery=in_recovery,
            lag_seconds=lag,
            error=f"replay lag {lag} s over HAWAL_REPLICA_MAX_LAG" if lagging else "",
        )
    state.checked = time.monotonic()
    state.failures = 0 if state.up else previous.failures + 1
    with _health_lock:
        _health[alias] = state
    return state


def replica_health(alias: str) -> ReplicaHealth:
    """The remembered health of a replica, checked again when it is older than its check interval."""
    state = _health.get(alias)
    if state is None or state.stale(time.monotonic()):
        state = check_replica(alias)
    return state


def mark_down(alias: str, error: BaseException) -> None:
    """A request failed on this replica: skip it for a backoff, without waiting for the next check."""
    _close(alias)
    with _health_lock:
        failures = _health.get(alias, ReplicaHealth()).failures + 1
        _health[alias] = ReplicaHealth(
            error=f"{type(error).__name__}: {error}".strip()[:300],
            checked=time.monotonic(),
            failures=failures,
        )


def choose_replica() -> str | None:
    """The next healthy replica in round-robin order, or None when none is usable."""
    healthy = [alias for alias in replica_aliases() if replica_health(alias).up]
    return healthy[next(_turn) % len(healthy)] if healthy else None


def connected(alias: str) -> bool:
    """Whether this thread's connection to the replica works, checked as Django checks a persistent
    connection on a request's first query anyway (CONN_HEALTH_CHECKS), so it costs nothing extra. A
    replica that stopped since its last health check is caught here, before any view code runs."""
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as error:
        mark_down(alias, error)
        return False
    return True


class _RequestReads:
    """Where one request's reads go: chosen on its first read, then kept, so a page is one snapshot."""

    def __init__(self) -> None:
        self.alias: str | None = None

    def database(self) -> str:
        while self.alias is None:  # ends: a replica that fails to connect is marked down, so not chosen again
            alias = choose_replica()
            if alias is None or connected(alias):
                self.alias = alias or PRIMARY
        return self.alias


_reads: ContextVar[_RequestReads | None] = ContextVar("hawal_replica_reads", default=None)


@contextmanager
def replica_reads() -> Iterator[_RequestReads]:
    """Inside this block the archive's reads may go to a replica (the middleware wraps public requests)."""
    reads = _RequestReads()
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)


class ReplicaRouter:
    """Reads inside `replica_reads()` → a healthy replica; every other read and every write → the primary."""

    def db_for_read(self, model, **hints) -> str | None:
        reads = _reads.get()
        if reads is None or model._meta.app_label not in REPLICATED_APPS:
            return None
        return reads.database()

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replicas hold the primary's data

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool | None:
        return False if db.startswith(PREFIX) else None


def _primary_until(request) -> float:
    try:
        return float(request.COOKIES.get(PRIMARY_COOKIE, "0"))
    except ValueError:
        return 0.0


def may_read_replica(request) -> bool:
    """Public reads may: safe methods outside the admin, unless this browser wrote a moment ago."""
    if request.method not in SAFE_METHODS or request.path_info.startswith(PRIMARY_PATHS):
        return False
    now, window = time.time(), settings.HAWAL_READ_YOUR_WRITES_SECONDS
    # A forged far-future cookie would pin a browser to the primary for good; only a fresh one counts.
    return not (now < _primary_until(request) <= now + window + 1)


class ReplicaRoutingMiddleware:
    """Wraps public reads in `replica_reads()`; after a signed-in user's write, pins them to the primary."""

    def __init__(self, get_response):
        if not replica_aliases():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        if may_read_replica(request):
            with replica_reads():
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        if request.method not in SAFE_METHODS and response.status_code < 400 and _signed_in(request):
            window = settings.HAWAL_READ_YOUR_WRITES_SECONDS
            response.set_cookie(
                PRIMARY_COOKIE,
                f"{time.time() + window:.0f}",
                max_age=window,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_exception(self, request, exception):
        """A replica that fails mid-request is marked down and the page is served from the primary."""
        reads = _reads.get()
        if (
            reads is None
            or reads.alias in (None, PRIMARY)
            or not isinstance(exception, OperationalError | InterfaceError)
        ):
            return None
        mark_down(reads.alias, exception)
        reads.alias = PRIMARY
        match = request.resolver_match
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        return response


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)  # the API's token auth sets request.user too
    return bool(user is not None and user.is_authenticated)
