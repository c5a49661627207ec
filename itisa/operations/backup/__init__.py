"""Whole-site backups: the database, every uploaded file, and a manifest with the SHA-256 of each part.

A backup is a directory ``itisa-backup-<UTC time>/`` (or the same as one ``.tar``) holding
``database.sqlite3`` or ``database.pgdump``, ``media/<storage name>`` for every file in the documents'
storage, and ``manifest.json``. The database is copied first, then the files: an upload is stored before
its row commits, so every row in the copy finds its file (a later upload is at worst an extra file).
Files are read and written through Django's storage API, so an object store is a settings change.
Restore verifies everything before it touches anything, then replaces the database and files, then
checks the audit chain and every document's hash.
"""

from __future__ import annotations

import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.files.base import File
from django.core.files.storage import Storage
from django.db.migrations.recorder import MigrationRecorder

from itisa.operations.backup import database
from itisa.operations.backup.parts import (
    FORMAT,
    BackupError,
    Part,
    read_part,
    safe_relative,
    verify,
    write_manifest,
    write_part,
)

__all__ = ["BackupError", "RestoreReport", "backup_create", "backup_prune", "backup_restore"]

PREFIX = "itisa-backup-"


def _storage() -> Storage:
    from itisa.documents.models import Document

    return Document._meta.get_field("file").storage  # type: ignore[attr-defined,no-any-return]


def _walk(storage: Storage, path: str = "") -> Iterator[str]:
    try:
        dirs, files = storage.listdir(path)
    except FileNotFoundError:  # nothing uploaded yet
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for d in sorted(dirs):
        yield from _walk(storage, f"{path}/{d}" if path else d)


def _migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder.Migration.objects.order_by("app", "name").values_list("app", "name"):
        applied.setdefault(app, []).append(name)
    return applied


def backup_create(*, destination: Path, key: bytes | None = None, archive: bool = False) -> Path:
    """Write a complete backup under ``destination``; return its path. Half-made backups are never left named
    as complete ones (they are built under a ``.partial`` name and renamed at the end)."""
    destination.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = destination / f"{PREFIX}{stamp}{'.tar' if archive else ''}"
    work = destination / f".{PREFIX}{stamp}.partial"
    work.mkdir(mode=0o700)
    try:
        parts: dict[str, Part] = {}
        raw = work / ".database.raw"
        db_info = database.dump(raw)
        db_name = "database.sqlite3" if db_info["vendor"] == "sqlite" else "database.pgdump"
        with raw.open("rb") as src:
            parts[db_name] = write_part(src, work / db_name, key)
        raw.unlink()
        storage = _storage()
        for name in _walk(storage):
            part_name = f"media/{name}"
            safe_relative(part_name)
            with storage.open(name, "rb") as src:
                parts[part_name] = write_part(src, work / part_name, key)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(),
            "encrypted": key is not None,
            "database": {**db_info, "part": db_name},
            "migrations": _migrations(),
            "parts": {name: part.as_json() for name, part in sorted(parts.items())},
        }
        write_manifest(work, manifest, key)
        if archive:
            tmp_tar = destination / f".{PREFIX}{stamp}.tar.partial"
            with tarfile.open(tmp_tar, "w") as tar:
                tar.add(work, arcname=final.stem)
            tmp_tar.chmod(0o600)
            tmp_tar.rename(final)
            shutil.rmtree(work)
        else:
            work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final


def backup_prune(*, destination: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest complete backups in ``destination``; return what was deleted."""
    found = sorted((p for p in destination.glob(f"{PREFIX}*") if not p.name.endswith(".partial")), key=lambda p: p.name)
    doomed = found[:-keep] if keep > 0 else found
    for path in doomed:
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    return doomed


@dataclass
class RestoreReport:
    manifest: dict[str, Any]
    files: int = 0
    audit_broken: list[int] = field(default_factory=list)
    documents_bad: list[str] = field(default_factory=list)
    unapplied_migrations: int = 0

    @property
    def ok(self) -> bool:
        return not self.audit_broken and not self.documents_bad


def _unpack(source: Path, into: Path) -> Path:
    if source.is_dir():
        return source
    if not tarfile.is_tarfile(source):
        raise BackupError(f"{source} is neither a backup directory nor a tar archive.")
    with tarfile.open(source) as tar:
        tar.extractall(into, filter="data")  # refuses links, devices and paths outside ``into``
    roots = [p for p in into.iterdir() if p.is_dir()]
    if len(roots) != 1:
        raise BackupError(f"{source} should hold one backup directory.")
    return roots[0]


def backup_restore(*, source: Path, key: bytes | None = None) -> RestoreReport:
    """Verify the backup at ``source``, then replace the database and the stored files with it."""
    with tempfile.TemporaryDirectory(prefix="itisa-restore-") as tmp:
        root = _unpack(source, Path(tmp) / "unpacked")
        manifest = verify(root, key)  # raises before anything is touched
        parts = manifest["parts"]
        plain = Path(tmp) / "database"
        db_part = manifest["database"]["part"]
        with plain.open("wb") as out:
            read_part(root / db_part, key, parts[db_part]["content_sha256"], out)
        database.restore(plain, manifest["database"])
        storage, report = _storage(), RestoreReport(manifest=manifest)
        for name, recorded in parts.items():
            if not name.startswith("media/"):
                continue
            target = name.removeprefix("media/")
            staged = Path(tmp) / "file"
            with staged.open("wb") as out:
                read_part(root / safe_relative(name), key, recorded["content_sha256"], out)
            if storage.exists(target):
                storage.delete(target)
            with staged.open("rb") as f:
                saved = storage.save(target, File(f, name=target))
            if saved != target:
                raise BackupError(f"The storage saved {target} as {saved}; the documents would not find it.")
            report.files += 1
    _check(report)
    return report


def _check(report: RestoreReport) -> None:
    import hashlib

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from itisa.audit.services import audit_verify_chain
    from itisa.documents.models import Document

    report.audit_broken = audit_verify_chain()
    storage = _storage()
    for doc in Document.objects.order_by("pk").only("pk", "file", "sha256"):
        digest = hashlib.sha256()
        try:
            with storage.open(doc.file.name, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    digest.update(chunk)
        except FileNotFoundError:
            report.documents_bad.append(f"{doc.file.name} (missing)")
            continue
        if digest.hexdigest() != doc.sha256:
            report.documents_bad.append(f"{doc.file.name} (hash differs)")
    executor = MigrationExecutor(connection)
    report.unapplied_migrations = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
