"""Verify the audit trail: chains in the database, then the anchors outside it. Exit 1 on any finding."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from itisa.audit.anchors import anchor_findings
from itisa.audit.verify import chain_findings


class Command(BaseCommand):
    help = "Check every audit event's digest and link, and every anchor; report the first bad event."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--all", action="store_true", help="list every finding, not only the first")

    def handle(self, *args: Any, **options: Any) -> None:
        findings = chain_findings() + anchor_findings()
        if not findings:
            self.stdout.write("audit trail intact")
            return
        findings.sort(key=lambda f: (f.event_id is None, f.event_id or 0, f.stream, f.seq))
        for f in findings if options["all"] else findings[:1]:
            who = f"event {f.event_id}" if f.event_id is not None else "missing event"
            self.stdout.write(f"first bad: {who} (chain {f.stream} #{f.seq}): {f.problem}")
        raise CommandError(f"audit trail broken: {len(findings)} finding(s)")
