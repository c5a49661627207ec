"""Sign the current chain heads into the anchor file (run it from cron or the task worker, e.g. hourly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from itisa.audit.anchors import anchor_write


class Command(BaseCommand):
    help = "Append an HMAC-signed checkpoint of every audit chain head to AUDIT_ANCHOR_FILE."

    def handle(self, *args: Any, **options: Any) -> None:
        lines = anchor_write()
        self.stdout.write(f"anchored {len(lines)} chain(s)")
