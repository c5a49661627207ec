"""manage.py seed_demo [--alliances 60]: load the demo set (once) and print the logins."""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from itisa.core.demo import DEMO_PASSWORD, demo_hints, seed_demo


class Command(BaseCommand):
    help = "Load the demo data set (idempotent: stories already there are skipped) and print the logins."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--alliances", type=int, default=60)

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        started = time.monotonic()
        failed: dict[str, str] = {}
        logins = seed_demo(alliances=opts["alliances"], today=timezone.localdate(), strict=False, failed=failed)
        self.stdout.write(f"Demo data ready in {time.monotonic() - started:.1f} s.")
        for name, error in failed.items():
            self.stderr.write(f"  Story skipped (it will be tried again next time): {name}: {error}")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login.role:<12} {login.username:<20} {login.scope}")
        for line in demo_hints():
            self.stdout.write(f"  Try: {line}")
