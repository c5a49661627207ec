"""The daily deadline scan on the worker's own schedule (ADR 0016): enqueued once a day, from ITISA_SCAN_HOUR
in Asia/Shanghai, however many workers ask and however often."""

from __future__ import annotations

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django_tasks_db.models import DBTaskResult

from itisa.supervision.models import ScanRun
from itisa.supervision.services.schedule import daily_scan_enqueue
from itisa.supervision.tasks import SCAN

SH = ZoneInfo("Asia/Shanghai")
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def at(y, m, d, h, mi=0):
    return datetime(y, m, d, h, mi, tzinfo=SH)


@pytest.fixture
def queue(settings):
    """The real database queue (the test settings run tasks immediately), scan hour 06:00."""
    settings.TASKS = DB_TASKS
    settings.ITISA_SCAN_HOUR = 6
    return settings


@pytest.mark.django_db
def test_the_scan_day_starts_at_the_scan_hour_in_shanghai(queue):
    assert daily_scan_enqueue(actor=SCAN, now=datetime(2026, 3, 1, 21, 59, tzinfo=ZoneInfo("UTC"))) is None  # 05:59
    # 22:30 UTC on 1 March is 06:30 on 2 March in Shanghai: the scan of 2 March
    run = daily_scan_enqueue(actor=SCAN, now=datetime(2026, 3, 1, 22, 30, tzinfo=ZoneInfo("UTC")))
    assert run is not None and run.on == date(2026, 3, 2)


@pytest.mark.django_db
def test_the_days_scan_is_enqueued_once_however_often_the_workers_ask(queue):
    assert daily_scan_enqueue(actor=SCAN, now=at(2026, 3, 2, 5, 59)) is None  # not yet time
    assert not DBTaskResult.objects.exists()
    run = daily_scan_enqueue(actor=SCAN, now=at(2026, 3, 2, 6, 0))
    assert run is not None and (run.on, run.scheduled) == (date(2026, 3, 2), True)
    for later in (at(2026, 3, 2, 6, 0), at(2026, 3, 2, 6, 1), at(2026, 3, 2, 23, 59)):
        assert daily_scan_enqueue(actor=SCAN, now=later) is None
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["kwargs"] == {"on": "2026-03-02", "run": run.pk}
    assert task.status == "READY"
    assert daily_scan_enqueue(actor=SCAN, now=at(2026, 3, 3, 6, 30)) is not None  # the next day, once again
    assert DBTaskResult.objects.count() == 2
    assert list(ScanRun.objects.filter(scheduled=True).order_by("on").values_list("on", flat=True)) == [
        date(2026, 3, 2), date(2026, 3, 3)]


@pytest.mark.django_db
def test_a_worker_that_loses_the_race_for_the_day_enqueues_nothing(queue, monkeypatch):
    """Both workers saw no claim; the other one inserted first: the unique constraint refuses this one."""
    real_filter = ScanRun.objects.filter

    def racing_filter(*args, **kwargs):
        ScanRun.objects.create(on=date(2026, 3, 2), scheduled=True)  # the other worker's claim lands now
        return real_filter(*args, **kwargs).none()  # … after this worker looked

    monkeypatch.setattr(ScanRun.objects, "filter", racing_filter)
    assert daily_scan_enqueue(actor=SCAN, now=at(2026, 3, 2, 7)) is None
    monkeypatch.undo()
    assert ScanRun.objects.filter(on=date(2026, 3, 2), scheduled=True).count() == 1
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_a_second_scheduled_run_of_a_day_but_not_a_scan_by_hand():
    ScanRun.objects.create(on=date(2026, 3, 2), scheduled=True)
    ScanRun.objects.create(on=date(2026, 3, 2))  # manage.py scan_deadlines by hand: any number
    with pytest.raises(IntegrityError), transaction.atomic():
        ScanRun.objects.create(on=date(2026, 3, 2), scheduled=True)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections: PostgreSQL")
def test_concurrent_workers_enqueue_one_scan(queue):
    barrier = threading.Barrier(4)
    results: list[object] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append(daily_scan_enqueue(actor=SCAN, now=at(2026, 3, 2, 6, 5)))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r is not None for r in results) == 1
    assert DBTaskResult.objects.count() == 1
    assert ScanRun.objects.filter(scheduled=True).count() == 1


@pytest.mark.django_db(transaction=True)  # the worker closes stale connections between rounds, as in production
def test_run_worker_enqueues_the_scan_and_runs_it_once_a_day(queue, recognised):
    queue.ITISA_SCAN_HOUR = 0  # always past the hour
    recognised("kunming-kjj", date(2020, 3, 1))
    call_command("run_worker", "--once")
    run = ScanRun.objects.get(scheduled=True)
    assert run.finished_at is not None and run.alliances == 1  # the worker ran the scan it enqueued
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    call_command("run_worker", "--once")  # a second worker, or the same one later that day
    assert ScanRun.objects.filter(scheduled=True).count() == 1 and DBTaskResult.objects.count() == 1


@pytest.mark.django_db
def test_run_worker_needs_the_database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with pytest.raises(CommandError, match="database task backend"):
        call_command("run_worker", "--once")
