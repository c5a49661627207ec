"""``manage.py scan_deadlines [--on YYYY-MM-DD] [--alliance ID]``: the deadline scan, for cron or by hand;
``--alliance`` refreshes one alliance now (after a correction made outside the pages, e.g. a bulk import).
Idempotent."""

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
        parser.add_argument("--alliance", type=int, default=None, help="refresh this one alliance (its number) only")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["alliance"] is not None:
            return self.one(options["alliance"], options["on"])
        # The same function the task runs, called directly: the command needs no worker.
        summary = scan_deadlines.call(options["on"])
        self.stdout.write(
            "{on}: {alliances} alliances, {created} deadlines new, {changed} changed, {notifications} notices, "
            "{skipped} skipped".format(**summary))
        from itisa.supervision.models import ScanRun

        for item in ScanRun.objects.get(pk=summary["run"]).skipped:
            self.stdout.write(f"  skipped {item['name']}: {item['zh']} / {item['en']}")

    def one(self, pk: int, on: str | None) -> None:
        from itisa.register.models import Alliance
        from itisa.supervision.services import alliance_deadlines_refresh
        from itisa.supervision.services.common import today
        from itisa.supervision.tasks import SCAN

        alliance = Alliance.objects.filter(pk=pk).first()
        if alliance is None:
            raise CommandError(f"no alliance {pk}")
        out = alliance_deadlines_refresh(actor=SCAN, alliance=alliance, on=date.fromisoformat(on) if on else today())
        self.stdout.write(f"{alliance.name}: {out.get('status')}, {out.get('created', 0)} deadlines new, "
                          f"{out.get('changed', 0)} changed, {out.get('notices', 0)} notices")
