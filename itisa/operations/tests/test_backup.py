"""Backups restore: back up, wipe, restore, and the audit chain and every file's hash check out.

The round trip runs on the database the suite runs on (CI runs it on SQLite and on PostgreSQL); the
variant for the other database is skipped. It needs real commits (pg_dump sees only committed rows),
so it is a transactional test; the target is pytest-django's test database, which Django's connection
names.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from itisa.audit.models import AuditEvent
from itisa.audit.services import audit_verify_chain
from itisa.documents.models import Document
from itisa.documents.services import document_upload
from itisa.operations.backup import backup_create
from itisa.register.models import Alliance

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40


TRANSACTIONAL = pytest.mark.django_db(transaction=True)  # backups see committed rows only


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _register_with_documents(make_alliance, system_actor) -> list[Document]:
    alliance = make_alliance()
    docs = []
    for name, data in (("联盟协议.pdf", PDF), ("营业执照.png", PNG)):
        docs.append(
            document_upload(
                actor=system_actor,
                kind="agreement",
                name=name,
                stream=io.BytesIO(data),
                size=len(data),
                alliance=alliance,
            )
        )
    return docs


def _state() -> dict[str, object]:
    return {
        "alliances": sorted(Alliance.objects.values_list("pk", "name")),
        "documents": sorted(Document.objects.values_list("pk", "file", "sha256")),
        "audit": list(AuditEvent.objects.order_by("pk").values_list("pk", "digest")),
    }


def _wipe(media: Path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    assert not Document.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
@pytest.mark.parametrize("encrypted", [False, True], ids=["plain-directory", "encrypted-archive"])
@pytest.mark.django_db(transaction=True)
def test_it_round_trips_database_files_and_audit_chain(
    vendor, encrypted, make_alliance, system_actor, media, tmp_path, monkeypatch, capsys
):
    if connection.vendor != vendor:
        pytest.skip(f"the {vendor} round trip runs when the suite runs on {vendor}")
    docs = _register_with_documents(make_alliance, system_actor)
    before = _state()
    assert len(before["audit"]) >= 3 and audit_verify_chain() == []  # type: ignore[arg-type]
    if encrypted:
        monkeypatch.setenv("ITISA_BACKUP_KEY", Fernet.generate_key().decode())
        call_command("backup", str(tmp_path / "backups"), "--archive", "--encrypt")
    else:
        call_command("backup", str(tmp_path / "backups"))
    path = Path(capsys.readouterr().out.strip())
    assert path.parent == tmp_path / "backups" and path.name.startswith("itisa-backup-")
    assert path.suffix == (".tar" if encrypted else "")
    if not encrypted:
        manifest = json.loads((path / "manifest.json").read_text())
        for doc in docs:
            part = manifest["parts"][f"media/{doc.file.name}"]
            assert part["content_sha256"] == doc.sha256
            assert hashlib.sha256((path / "media" / doc.file.name).read_bytes()).hexdigest() == part["sha256"]

    _wipe(media)
    call_command("restore", str(path), "--yes")
    out = capsys.readouterr().out
    assert "restored the database and 2 files" in out and "audit chain intact" in out

    assert _state() == before
    assert audit_verify_chain() == []
    for doc in Document.objects.all():
        assert hashlib.sha256((media / doc.file.name).read_bytes()).hexdigest() == doc.sha256
    # The restored database takes new writes: the chain goes on from its restored head.
    make_alliance("洛阳市新材料产业技术创新战略联盟")
    assert audit_verify_chain() == [] and AuditEvent.objects.count() > len(before["audit"])  # type: ignore[arg-type]


@pytest.fixture
def plain_backup(make_alliance, system_actor, media, tmp_path) -> Path:
    _register_with_documents(make_alliance, system_actor)
    return backup_create(destination=tmp_path / "backups")


def test_a_backup_inside_a_transaction_is_refused(db, media, tmp_path):
    with pytest.raises(CommandError, match="cannot run inside a transaction"):
        call_command("backup", str(tmp_path / "b"))
    assert not list((tmp_path / "b").iterdir())  # no half-made backup left behind


def _refused(path: Path, match: str, *extra: str) -> None:
    before = _state()
    with pytest.raises(CommandError, match=match):
        call_command("restore", str(path), "--yes", *extra)
    assert _state() == before  # nothing was touched


@TRANSACTIONAL
def test_it_refuses_a_backup_whose_file_was_altered(plain_backup):
    victim = next((plain_backup / "media").rglob("*.png"))
    victim.write_bytes(victim.read_bytes()[:-1] + b"X")
    _refused(plain_backup, r"Part media/documents/.*\.png does not match its SHA-256")


@TRANSACTIONAL
def test_it_refuses_a_backup_whose_database_was_altered_or_removed(plain_backup):
    (plain_backup / "database.sqlite3").rename(plain_backup / "x") if connection.vendor == "sqlite" else (
        plain_backup / "database.pgdump"
    ).rename(plain_backup / "x")
    _refused(plain_backup, r"Part database\.\w+ is missing")


@TRANSACTIONAL
def test_it_refuses_an_unlisted_or_unsafe_file(plain_backup):
    (plain_backup / "media" / "extra.txt").write_text("slipped in")
    _refused(plain_backup, "not in its manifest")
    (plain_backup / "media" / "extra.txt").unlink()
    manifest = json.loads((plain_backup / "manifest.json").read_text())
    manifest["parts"]["../../etc/passwd"] = {"sha256": "0" * 64, "size": 1, "content_sha256": "0" * 64}
    (plain_backup / "manifest.json").write_text(json.dumps(manifest))
    _refused(plain_backup, "unsafe path")


@TRANSACTIONAL
def test_an_encrypted_backup_needs_its_key_and_detects_a_rewritten_manifest(
    make_alliance, system_actor, media, tmp_path
):
    _register_with_documents(make_alliance, system_actor)
    key_file, other_key = tmp_path / "key", tmp_path / "other"
    key_file.write_text(Fernet.generate_key().decode())
    other_key.write_text(Fernet.generate_key().decode())
    path = backup_create(destination=tmp_path / "backups", key=key_file.read_text().encode())
    raw = b"".join(p.read_bytes() for p in path.rglob("*") if p.is_file())
    assert PDF not in raw and b"%PDF" not in raw  # nothing readable without the key
    _refused(path, "This backup is encrypted")
    _refused(path, "signature does not match", "--key-file", str(other_key))
    manifest = json.loads((path / "manifest.json").read_text())
    manifest["created_at"] = "2020-01-01T00:00:00+00:00"
    (path / "manifest.json").write_text(json.dumps(manifest))
    _refused(path, "signature does not match", "--key-file", str(key_file))


def test_it_refuses_a_path_that_is_not_a_backup(db, tmp_path):
    (tmp_path / "junk.tar").write_bytes(b"not a tar")
    _refused(tmp_path / "junk.tar", "neither a backup directory nor a tar archive")
    (tmp_path / "empty").mkdir()
    _refused(tmp_path / "empty", "no manifest.json")


@TRANSACTIONAL
def test_retention_keeps_the_newest(media, tmp_path, capsys):
    for _ in range(3):
        call_command("backup", str(tmp_path / "b"), "--keep", "2")
    kept = sorted(p.name for p in (tmp_path / "b").iterdir())
    assert len(kept) == 2 and "deleted old backup" in capsys.readouterr().out
