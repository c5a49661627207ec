"""manage.py prune_orphan_files [--dry-run]: delete stored files that no Document row names.

An upload is stored before its transaction commits and deleted at once if that transaction rolls back
(``itisa.documents.services``); a process killed in between leaves the file without its row. This sweep
removes such files. It
only looks under ``documents/`` and never touches a file younger than an hour (a transaction may
still be open)."""

from __future__ import annotations

import time

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from itisa.documents.models import Document

GRACE_SECONDS = 3600


def _walk(path: str):  # type: ignore[no-untyped-def]
    dirs, files = default_storage.listdir(path)
    for name in files:
        yield f"{path}/{name}"
    for d in dirs:
        yield from _walk(f"{path}/{d}")


class Command(BaseCommand):
    help = "Delete uploaded files that no document refers to (left by rolled-back transactions)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        if not default_storage.exists("documents"):
            self.stdout.write("0 orphan files")
            return
        known = set(Document.objects.values_list("file", flat=True))
        now = time.time()
        orphans = [p for p in _walk("documents") if p not in known
                   and now - default_storage.get_modified_time(p).timestamp() > GRACE_SECONDS]
        for path in orphans:
            if not opts["dry_run"]:
                default_storage.delete(path)
        self.stdout.write(f"{len(orphans)} orphan files{' (dry run)' if opts['dry_run'] else ' deleted'}")
