"""``manage.py restore PATH [--key-file F] [--yes]``: verify a backup, then replace the database and files.

Stop the web and task-worker processes first. Nothing is touched unless every part matches the manifest.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from itisa.operations.backup import BackupError, backup_restore
from itisa.operations.backup.parts import load_key


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` (a directory or a .tar), after verifying its manifest."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="the backup directory or .tar")
        parser.add_argument("--key-file", help="file holding the Fernet key (or set ITISA_BACKUP_KEY)")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["path"]).expanduser().resolve()
        if not source.exists():
            raise CommandError(f"{source} does not exist.")
        if not options["yes"] and options.get("interactive", True):
            answer = input("This replaces the whole database and the uploaded files. Type 'yes' to go on: ")
            if answer.strip() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            report = backup_restore(source=source, key=load_key(key_file=options["key_file"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"restored the database and {report.files} files from {source.name}")
        if report.unapplied_migrations:
            self.stdout.write(f"{report.unapplied_migrations} migrations newer than the backup: run manage.py migrate")
        if not report.ok:
            problems = [f"audit event {i} does not chain" for i in report.audit_broken] + report.documents_bad
            raise CommandError("Restored, but the checks failed:\n  " + "\n  ".join(problems))
        self.stdout.write("audit chain intact; every document matches its SHA-256")
