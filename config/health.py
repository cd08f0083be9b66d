"""Health and readiness for load balancers and orchestrators.

`/healthz`: the process answers (no database; a liveness probe must not restart the app because the
database is slow). `/readyz`: the primary answers and every migration is applied (else 503), with each
replica's health reported (a dead replica degrades, it does not make the app unready: reads fall back to
the primary). Both are answered before host validation and the HTTPS redirect, because probes come by IP
over plain HTTP; they reveal no host names.
"""

from __future__ import annotations

from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse

from config.replicas import PRIMARY, replica_aliases, replica_health

_migrated = False  # once every migration is applied it stays so for this process's code


def unapplied_migrations() -> int:
    global _migrated
    if _migrated:
        return 0
    executor = MigrationExecutor(connections[PRIMARY])
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    _migrated = pending == 0
    return pending


def readiness() -> tuple[bool, dict[str, object]]:
    report: dict[str, object] = {}
    ready = True
    try:
        with connections[PRIMARY].cursor() as cursor:
            cursor.execute("SELECT 1")
        report["database"] = "ok"
        pending = unapplied_migrations()
        report["migrations"] = "applied" if pending == 0 else f"{pending} unapplied"
        ready = pending == 0
    except DatabaseError as error:
        report["database"] = f"unreachable: {type(error).__name__}"
        ready = False
    replicas = {}
    for alias in replica_aliases():
        state = replica_health(alias)
        replicas[alias] = {"up": state.up, "lag_seconds": state.lag_seconds, "error": state.error}
    report["replicas"] = replicas
    report["status"] = "ready" if ready else "not ready"
    return ready, report


class HealthCheckMiddleware:
    """First in MIDDLEWARE: answers the two probe paths before anything else looks at the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return HttpResponse("ok\n", content_type="text/plain")
        if request.path == "/readyz":
            ready, report = readiness()
            response = JsonResponse(report, status=200 if ready else 503)
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)
