"""Accepting an uploaded file: type and size checked before anything is stored."""

from __future__ import annotations

import hashlib
import weakref
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from itisa.access import requires
from itisa.access.documents import Upload
from itisa.audit.services import audit_record, snapshot
from itisa.documents.models import Document, DocumentKind
from itisa.register.models import Alliance, Organisation

# The first bytes each accepted type must start with: an extension alone proves nothing.
MAGIC: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "zip": (b"PK\x03\x04",),
    "ofd": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
    "ofd": "application/ofd",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def document_check(*, name: str, stream: IO[bytes], size: int) -> tuple[str, str]:
    """Return (extension, sha256) or raise a ValidationError on the ``file`` field."""
    ext = _extension(name)
    allowed = [e.lower() for e in settings.DOCUMENT_ALLOWED_TYPES]
    if ext not in allowed:
        raise ValidationError({"file": ValidationError(
            _("Files of type “%(ext)s” are not accepted; allowed: %(allowed)s."), code="file_type",
            params={"ext": ext or "?", "allowed": ", ".join(allowed)})})
    if size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError({"file": ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB."), code="file_too_large",
            params={"size": f"{size / 1048576:.1f}", "limit": f"{settings.DOCUMENT_MAX_BYTES / 1048576:.1f}"})})
    if size == 0:
        raise ValidationError({"file": ValidationError(_("The file is empty."), code="file_empty")})
    stream.seek(0)
    head = stream.read(16)
    if ext in MAGIC and not any(head.startswith(m) for m in MAGIC[ext]):
        raise ValidationError({"file": ValidationError(
            _("The file's content is not a %(ext)s file."), code="file_content", params={"ext": ext})})
    stream.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 16), b""):
        digest.update(chunk)
    stream.seek(0)
    return ext, digest.hexdigest()


@requires("documents.upload", lambda kw: Upload(kw.get("alliance"), kw["kind"]))
def document_upload(
    *,
    actor: Any,
    kind: str,
    name: str,
    stream: IO[bytes],
    size: int,
    alliance: Alliance | None = None,
    organisation: Organisation | None = None,
    reason: str = "",
) -> Document:
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": ValidationError(_("“%(value)s” is not a valid choice."), code="invalid_choice",
                                                       params={"value": kind})})
    ext, sha = document_check(name=name, stream=stream, size=size)
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        doc = Document(kind=kind, original_name=name[:200], content_type=CONTENT_TYPES.get(ext, "application/octet-stream"),
                       size=size, sha256=sha, uploaded_by=user, alliance=alliance, organisation=organisation)
        doc.file.save(name, File(stream, name=name), save=False)
        try:
            doc.save()
            audit_record(actor=actor, action="document.upload", target=doc, after=snapshot(doc), reason=reason)
        except Exception:
            doc.file.delete(save=False)
            raise
        _delete_unless_committed(doc.file.storage, doc.file.name)
    return doc


def _delete_unless_committed(storage: Any, name: str) -> None:
    """Tie the stored file to the transaction that names it: if that transaction (or any savepoint around
    this upload) rolls back, the file is deleted at once.

    Django drops the on-commit callbacks of a rolled-back transaction or savepoint; when our callback is
    dropped without having run, its finalizer deletes the file. A commit runs the callback first, so the
    file stays. The file is written before the commit (a page in the same transaction can read it);
    ``prune_orphan_files`` remains the net for a process killed in between."""
    state = {"committed": False}

    def committed() -> None:
        state["committed"] = True

    weakref.finalize(committed, _delete_if_rolled_back, storage, name, state)
    transaction.on_commit(committed, robust=True)


def _delete_if_rolled_back(storage: Any, name: str, state: dict[str, bool]) -> None:
    if not state["committed"]:
        storage.delete(name)
