"""Background work (django-tasks): the deadline scan, for a worker or a scheduler to run."""

from __future__ import annotations

from datetime import date
from typing import Any

from django_tasks import task

from itisa.access import system
from itisa.supervision.services import deadlines_scan
from itisa.supervision.services.common import today

SCAN = system("deadline scan", "supervision.scan")



@task()
def scan_deadlines(on: str | None = None) -> dict[str, Any]:
    """Run the deadline scan as of *on* (ISO date; default today in Asia/Shanghai). Idempotent."""
    run = deadlines_scan(actor=SCAN, on=date.fromisoformat(on) if on else today())
    return {"run": run.pk, "on": run.on.isoformat(), "alliances": run.alliances, "created": run.deadlines_created,
            "changed": run.deadlines_changed, "notifications": run.notifications, "skipped": len(run.skipped)}
