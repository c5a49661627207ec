"""Liveness and readiness probes for load balancers, systemd and monitoring.

``/healthz`` answers as long as the process serves requests and touches nothing else, so a database
outage does not make an orchestrator restart healthy web processes. ``/readyz`` says whether this
process can do useful work: the database answers, every migration is applied (a half-upgraded node
takes no traffic), and the task queue's table is reachable. Both are JSON, public, never cached and
never touch the session. Failures are logged in full; the response names only the exception class.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

Check = Callable[[], dict[str, Any]]


def check_database() -> dict[str, Any]:
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def check_migrations() -> dict[str, Any]:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    unapplied = [f"{migration.app_label}.{migration.name}" for migration, backwards in plan if not backwards]
    if unapplied:
        raise RuntimeError(f"{len(unapplied)} unapplied migrations: {', '.join(unapplied[:5])}")
    return {"unapplied": 0}


def check_task_queue() -> dict[str, Any]:
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    backend = task_backends["default"]
    if not isinstance(backend, DatabaseBackend):
        # Immediate or dummy backends (tests, a single-process demo) have no queue to reach.
        return {"backend": type(backend).__name__, "queue": "none"}
    from django_tasks_db.models import DBTaskResult

    list(DBTaskResult.objects.order_by().values_list("pk", flat=True)[:1])
    return {"backend": type(backend).__name__}


READINESS_CHECKS: dict[str, Check] = {
    "database": check_database,
    "migrations": check_migrations,
    "task_queue": check_task_queue,
}


def _run(name: str, check: Check) -> dict[str, Any]:
    try:
        return {"ok": True, **check()}
    except Exception as exc:  # a probe must answer, whatever broke
        logger.exception("readiness check %s failed", name)
        detail = str(exc) if isinstance(exc, RuntimeError) else type(exc).__name__
        return {"ok": False, "error": detail}


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and serving: no database, no other dependency."""
    return JsonResponse({"ok": True, "status": "alive"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when every readiness check passes, 503 with the failing ones otherwise."""
    checks: dict[str, dict[str, Any]] = {}
    for name, check in READINESS_CHECKS.items():
        checks[name] = _run(name, check)
        if name == "database" and not checks[name]["ok"]:
            # The other checks need the database: report them as not run rather than failing slowly.
            for rest in READINESS_CHECKS:
                checks.setdefault(rest, {"ok": False, "error": "database unavailable"})
            break
    ok = all(c["ok"] for c in checks.values())
    return JsonResponse(
        {"ok": ok, "status": "ready" if ok else "unavailable", "checks": checks}, status=200 if ok else 503
    )
