"""Where the demo's generated SECRET_KEY lives: outside the repository, created once, kept."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "itisa"


def demo_secret_key(path: Path | None = None) -> str:
    """Return the demo key stored at *path*, generating it on first use (mode 0600)."""
    target = path or state_dir() / "secret_key"
    if target.exists():
        return target.read_text(encoding="utf-8").strip()
    target.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key
