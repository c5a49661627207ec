"""``manage.py scan_deadlines [--on YYYY-MM-DD]``: the deadline scan, for cron or by hand. Idempotent."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from itisa.supervision.tasks import scan_deadlines


def _day(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise CommandError(f"--on must be a date YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = "Store every supervised alliance's deadlines as the engine computes them and send the reminders."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--on", type=_day, default=None, help="scan as of this day (default: today, Asia/Shanghai)")

    def handle(self, *args: Any, **options: Any) -> None:
        # The same function the task runs, called directly: the command needs no worker.
        summary = scan_deadlines.call(options["on"])
        self.stdout.write(
            "{on}: {alliances} alliances, {created} deadlines new, {changed} changed, {notifications} notices, "
            "{skipped} skipped".format(**summary))
        from itisa.supervision.models import ScanRun

        for item in ScanRun.objects.get(pk=summary["run"]).skipped:
            self.stdout.write(f"  skipped {item['name']}: {item['zh']} / {item['en']}")
