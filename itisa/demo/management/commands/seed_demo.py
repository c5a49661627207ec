"""manage.py seed_demo [--alliances 60]: load the demo set (once) and print the logins."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from itisa.demo.seeding import DEMO_PASSWORD, demo_hints, seed_demo


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
        if getattr(settings, "ITISA_SKIP_2FA", False):
            self.stdout.write("  Two-step sign-in (TOTP) is skipped in this demo; ITISA_DEMO_SKIP_2FA=0 turns it on.")
        else:
            self.stdout.write("  Staff, finance and admin enrol an authenticator app (TOTP) at their first login.")
        for line in demo_hints():
            self.stdout.write(f"  Try: {line}")
