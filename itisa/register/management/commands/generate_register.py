"""manage.py generate_register --alliances N [--seed S] [--today YYYY-MM-DD]"""

from __future__ import annotations

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from itisa.register.synthetic import generate_register


class Command(BaseCommand):
    help = "Generate a deterministic synthetic register (bulk inserts) across the five jurisdictions."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--alliances", type=int, required=True)
        parser.add_argument("--seed", type=int, default=20260101)
        parser.add_argument("--today", type=str, default=None, help="reference date (default: today, Asia/Shanghai)")

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        if opts["alliances"] < 1:
            raise CommandError("--alliances must be at least 1")
        try:
            today = date.fromisoformat(opts["today"]) if opts["today"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today {opts['today']!r} is not a date (YYYY-MM-DD)") from None
        started = time.perf_counter()
        counts = generate_register(alliances=opts["alliances"], seed=opts["seed"], today=today)
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{v} {k}" for k, v in counts.items())
        self.stdout.write(f"Generated {summary} in {elapsed:.1f} s")
