"""manage.py seed_demo [--alliances 60]: load the demo set (once) and print the logins."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from itisa.core.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Load the demo data set (idempotent) and print one login per role."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--alliances", type=int, default=60)

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        logins = seed_demo(alliances=opts["alliances"], today=timezone.localdate())
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login.role:<18} {login.username:<22} {login.scope}")
