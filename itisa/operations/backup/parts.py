"""A backup's parts on disk: streamed copies with their SHA-256, optional encryption, the signed manifest.

Encryption is Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``) applied in 4 MiB chunks, so a
database dump of any size is encrypted without holding it in memory. Each part records two hashes: of
the bytes stored (checked before anything is decrypted or restored) and of the content (checked while
decrypting, which also catches reordered or dropped chunks). When a key is used the manifest carries
an HMAC under that key, so a rewritten manifest is detected too.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from cryptography.fernet import Fernet, InvalidToken

FORMAT = "itisa-backup/1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.hmac"
ENCRYPTED_MAGIC = b"ITISA-FERNET-CHUNKS/1\n"
CHUNK = 4 << 20
KEY_ENV = "ITISA_BACKUP_KEY"


class BackupError(Exception):
    """A backup that cannot be made or must not be restored; the message says why and what to do."""


@dataclass(frozen=True)
class Part:
    sha256: str  # of the stored bytes
    size: int  # stored bytes
    content_sha256: str  # of the plain content

    def as_json(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "size": self.size, "content_sha256": self.content_sha256}


def load_key(*, key_file: str | None) -> bytes | None:
    """The Fernet key from ``--key-file`` or the ITISA_BACKUP_KEY variable; None when neither is set."""
    raw: str | None = None
    if key_file:
        try:
            raw = Path(key_file).read_text().strip()
        except OSError as exc:
            raise BackupError(f"Cannot read the key file {key_file}: {exc.strerror}.") from None
    elif os.environ.get(KEY_ENV):
        raw = os.environ[KEY_ENV].strip()
    if raw is None:
        return None
    try:
        Fernet(raw.encode())
    except ValueError:
        raise BackupError(
            "The backup key is not a Fernet key (32 bytes, URL-safe base64); make one with "
            "`manage.py backup --new-key`."
        ) from None
    return raw.encode()


def safe_relative(name: str) -> PurePosixPath:
    """A part's name as a relative path that cannot leave the backup directory."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in name:
        raise BackupError(f"The manifest names an unsafe path {name!r}: the backup was altered. Nothing was restored.")
    return path


def write_part(source: IO[bytes], target: Path, key: bytes | None) -> Part:
    """Copy ``source`` to ``target`` (encrypted under ``key`` if given), hashing both sides on the way."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    content, stored, size = hashlib.sha256(), hashlib.sha256(), 0
    fernet = Fernet(key) if key else None
    with target.open("wb") as out:
        os.chmod(target, 0o600)

        def emit(data: bytes) -> None:
            nonlocal size
            out.write(data)
            stored.update(data)
            size += len(data)

        if fernet:
            emit(ENCRYPTED_MAGIC)
        for chunk in iter(lambda: source.read(CHUNK), b""):
            content.update(chunk)
            if fernet:
                token = fernet.encrypt(chunk)
                emit(len(token).to_bytes(4, "big") + token)
            else:
                emit(chunk)
    return Part(sha256=stored.hexdigest(), size=size, content_sha256=content.hexdigest())


def read_part(path: Path, key: bytes | None, expected_content_sha256: str, out: IO[bytes]) -> None:
    """Write the plain content of a part to ``out``; refuse when it does not decrypt or hash as recorded."""
    digest = hashlib.sha256()
    with path.open("rb") as src:
        if key:
            if src.read(len(ENCRYPTED_MAGIC)) != ENCRYPTED_MAGIC:
                raise BackupError(f"{path.name} is not an encrypted part.")
            fernet = Fernet(key)
            while header := src.read(4):
                token = src.read(int.from_bytes(header, "big"))
                try:
                    chunk = fernet.decrypt(token)
                except InvalidToken:
                    raise BackupError(
                        f"{path.name} does not decrypt with this key: wrong key or altered part."
                    ) from None
                digest.update(chunk)
                out.write(chunk)
        else:
            for chunk in iter(lambda: src.read(CHUNK), b""):
                digest.update(chunk)
                out.write(chunk)
    if digest.hexdigest() != expected_content_sha256:
        raise BackupError(f"{path.name}: the restored content does not match its recorded SHA-256.")


def file_sha256(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _mac(key: bytes, body: bytes) -> str:
    # A separate key for the MAC, derived from the Fernet key, so the two uses never share a key.
    mac_key = hashlib.sha256(b"itisa-backup-manifest\0" + base64.urlsafe_b64decode(key)).digest()
    return hmac.new(mac_key, body, hashlib.sha256).hexdigest()


def write_manifest(root: Path, manifest: dict[str, Any], key: bytes | None) -> None:
    body = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
    (root / MANIFEST).write_bytes(body)
    (root / MANIFEST).chmod(0o600)
    if key:
        (root / SIGNATURE).write_text(_mac(key, body) + "\n")


def verify(root: Path, key: bytes | None) -> dict[str, Any]:
    """Check the manifest (and its signature) and every part's size and SHA-256 before anything is touched.

    Returns the manifest; raises BackupError naming the first problem found.
    """
    manifest_path = root / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{root} has no {MANIFEST}: not a backup, or an incomplete one.")
    body = manifest_path.read_bytes()
    try:
        manifest = json.loads(body)
    except ValueError:
        raise BackupError(f"{MANIFEST} is not valid JSON: the backup is damaged or was altered.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} is not a {FORMAT} manifest.")
    if manifest.get("encrypted"):
        if key is None:
            raise BackupError(f"This backup is encrypted: give its key with --key-file or {KEY_ENV}.")
        sig = root / SIGNATURE
        if not sig.is_file() or not hmac.compare_digest(sig.read_text().strip(), _mac(key, body)):
            raise BackupError(
                "The manifest's signature does not match: wrong key, or the backup was altered. Nothing was restored."
            )
    elif key is not None:
        raise BackupError(
            "A key was given but this backup is not encrypted: refusing, in case an encrypted backup was replaced. "
            f"To restore it anyway, unset {KEY_ENV} and give no --key-file."
        )
    parts: dict[str, dict[str, Any]] = manifest.get("parts", {})
    for name, recorded in parts.items():
        path = root / safe_relative(name)
        if not path.is_file():
            raise BackupError(f"Part {name} is missing from the backup. Nothing was restored.")
        sha, size = file_sha256(path)
        if size != recorded["size"] or sha != recorded["sha256"]:
            raise BackupError(
                f"Part {name} does not match its SHA-256 in the manifest: the backup is damaged or "
                "was altered. Nothing was restored."
            )
    listed = {str(safe_relative(n)) for n in parts} | {MANIFEST, SIGNATURE}
    for path in root.rglob("*"):
        if path.is_file() and path.relative_to(root).as_posix() not in listed:
            raise BackupError(f"{path.relative_to(root)} is in the backup but not in its manifest: refusing.")
    return manifest
