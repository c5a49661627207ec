"""``manage.py backup DEST [--archive] [--encrypt] [--keep N]``: database + uploaded files + manifest.

``--new-key`` prints a fresh encryption key and exits. The key is read from ``--key-file`` or the
ITISA_BACKUP_KEY variable; ``--encrypt`` refuses to run without one. See docs/deployment.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand, CommandError

from itisa.operations.backup import BackupError, backup_create, backup_prune
from itisa.operations.backup.parts import KEY_ENV, load_key


class Command(BaseCommand):
    help = "Back up the database and every uploaded file, with a manifest of SHA-256 hashes."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("destination", nargs="?", help="directory to write the backup under")
        parser.add_argument("--archive", action="store_true", help="one .tar file instead of a directory")
        parser.add_argument("--encrypt", action="store_true", help=f"encrypt with the key (--key-file or {KEY_ENV})")
        parser.add_argument("--key-file", help="file holding the Fernet key")
        parser.add_argument("--keep", type=int, default=0, help="then delete all but the N newest backups here")
        parser.add_argument("--new-key", action="store_true", help="print a new encryption key and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            self.stdout.write(Fernet.generate_key().decode())
            return
        if not options["destination"]:
            raise CommandError("Give the directory to write the backup under.")
        try:
            key = load_key(key_file=options["key_file"]) if options["encrypt"] else None
            if options["encrypt"] and key is None:
                raise BackupError(f"--encrypt needs a key: --key-file PATH or {KEY_ENV} (make one with --new-key).")
            destination = Path(options["destination"]).expanduser().resolve()
            path = backup_create(destination=destination, key=key, archive=options["archive"])
            pruned = backup_prune(destination=destination, keep=options["keep"]) if options["keep"] > 0 else []
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(path))
        for old in pruned:
            self.stdout.write(f"deleted old backup {old.name}")
