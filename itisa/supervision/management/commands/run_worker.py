"""``manage.py run_worker``: the task worker with the daily deadline scan on its own schedule (ADR 0016).

It runs django-tasks' database-queue worker (django-tasks-db's ``Worker``, as ``db_worker`` does) in rounds:
each round runs every task that is ready, then, at most every ``--tick`` seconds, asks the schedule
(services/schedule.py) whether today's scan is due (from ``ITISA_SCAN_HOUR``, Asia/Shanghai) and not yet
claimed; if so it claims the day and enqueues the scan, which the next round runs. Start as many workers as
you like: the day's claim is a row under a unique constraint, so exactly one scan is enqueued per day.
``--once`` runs one round and exits (cron, tests); ``--no-schedule`` is a plain worker.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.base import DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from itisa.supervision.services.schedule import daily_scan_enqueue
from itisa.supervision.tasks import SCAN

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the task worker and enqueue the daily deadline scan at ITISA_SCAN_HOUR (once a day for all workers)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--queue-name", default=DEFAULT_TASK_QUEUE_NAME,
                            help="queues to process, comma-separated, or * for all (default: %(default)s)")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconds to wait when no task is ready (default: %(default)s)")
        parser.add_argument("--tick", type=float, default=60.0,
                            help="seconds between two looks at the schedule (default: %(default)s)")
        parser.add_argument("--no-schedule", action="store_false", dest="schedule",
                            help="run tasks only; never enqueue the daily scan")
        parser.add_argument("--once", action="store_true", help="one round (schedule, then ready tasks) and exit")
        parser.add_argument("--worker-id", default=None, help="unique id of this worker (default: random)")

    def handle(self, *args: Any, **options: Any) -> None:
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if not isinstance(backend, DatabaseBackend):
            raise CommandError(f"run_worker needs the database task backend (TASKS_BACKEND), not {type(backend).__name__}.")
        if options["interval"] < 0 or options["tick"] < 0:
            raise CommandError("--interval and --tick must be zero or more seconds.")
        worker = Worker(queue_names=options["queue_name"].split(","), interval=options["interval"], batch=True,
                        backend_name=DEFAULT_TASK_BACKEND_ALIAS, startup_delay=False, max_tasks=None,
                        worker_id=options["worker_id"] or get_random_string(32), excluded_queue_names=[])
        if not options["once"]:
            worker.configure_signals()  # SIGTERM: finish the running task, then stop
        next_look = 0.0
        while worker.running:
            if options["schedule"] and time.monotonic() >= next_look:
                self.look_at_schedule()
                next_look = time.monotonic() + options["tick"]
            worker.run()  # batch: every ready task, then back here
            if options["once"]:
                return
            time.sleep(options["interval"])

    def look_at_schedule(self) -> None:
        close_old_connections()
        try:
            run = daily_scan_enqueue(actor=SCAN)
        except DatabaseError:  # e.g. SQLite busy past its timeout: look again at the next tick
            log.exception("the daily deadline scan could not be scheduled; trying again at the next tick")
            return
        if run is not None:
            self.stdout.write(f"deadline scan of {run.on.isoformat()} enqueued")
