"""The daily deadline scan on the task worker's own schedule (ADR 0016): no cron needed.

django-tasks queues and runs tasks but schedules nothing. ``manage.py run_worker`` runs the database
queue's worker and, between tasks, calls :func:`daily_scan_enqueue`: from ``ITISA_SCAN_HOUR`` (Asia/Shanghai)
on, the first worker to ask claims the day by creating that day's scheduled ``ScanRun`` and enqueues the scan
in the same transaction. The claim is a row under a unique constraint (one scheduled run per day), so any
number of workers on any machines, on SQLite or PostgreSQL, enqueue exactly one scan a day: the others get
the constraint's IntegrityError (PostgreSQL makes them wait for the first transaction, SQLite's write lock
serialises them) and enqueue nothing. A worker started after the hour catches up the same day.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from itisa.access import requires
from itisa.supervision.models import ScanRun

DEFAULT_SCAN_HOUR = 1


def _scan_hour() -> int:
    """The hour of the day (0–23, Asia/Shanghai) from which the day's scan is enqueued."""
    return int(getattr(settings, "ITISA_SCAN_HOUR", DEFAULT_SCAN_HOUR))


def _scan_day(now: datetime) -> date | None:
    """The day whose scan is due at *now*: today in Asia/Shanghai once the scan hour has come, else None."""
    local = timezone.localtime(now)
    return local.date() if local.hour >= _scan_hour() else None


@requires("supervision.scan")
def daily_scan_enqueue(*, actor: Any, now: datetime | None = None) -> ScanRun | None:
    """Claim today's scheduled scan and enqueue it; None when it is not time yet or another worker (or an
    earlier call) already claimed the day. Claim and enqueue commit together: a day is never claimed
    without its task in the queue."""
    from itisa.supervision.tasks import scan_deadlines  # tasks imports the services

    day = _scan_day(now or timezone.now())
    if day is None or ScanRun.objects.filter(on=day, scheduled=True).exists():
        return None
    try:
        with transaction.atomic():
            run = ScanRun.objects.create(on=day, scheduled=True)
            scan_deadlines.enqueue(on=day.isoformat(), run=run.pk)
    except IntegrityError:  # another worker claimed the day between the check and the insert
        return None
    return run
