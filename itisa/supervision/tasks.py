"""Background work (django-tasks): the deadline scan, for a worker or a scheduler to run."""

from __future__ import annotations

from datetime import date
from typing import Any

from django_tasks import task

from itisa.access import system
from itisa.supervision.models import ScanRun
from itisa.supervision.services import deadlines_scan
from itisa.supervision.services.common import today

SCAN = system("deadline scan", "supervision.scan")


@task()
def scan_deadlines(on: str | None = None, run: int | None = None) -> dict[str, Any]:
    """Run the deadline scan as of *on* (ISO date; default today in Asia/Shanghai). Idempotent. *run* is the
    scheduled ``ScanRun`` the worker's schedule claimed for the day (services/schedule.py), filled in here."""
    claimed = ScanRun.objects.get(pk=run) if run is not None else None
    result = deadlines_scan(actor=SCAN, on=date.fromisoformat(on) if on else today(), run=claimed)
    return {"run": result.pk, "on": result.on.isoformat(), "alliances": result.alliances,
            "created": result.deadlines_created, "changed": result.deadlines_changed,
            "notifications": result.notifications, "skipped": len(result.skipped)}
