"""Anchors: the chain heads, signed with an HMAC under ``AUDIT_ANCHOR_KEY`` (a key the database never
holds) and appended to ``AUDIT_ANCHOR_FILE``. Someone who can rewrite the database can recompute every
digest, or cut off the tail, but cannot forge an anchor line; the next verification then finds the
anchored event changed or missing. Copy the file off the machine (syslog, WORM storage) as well.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from itisa.audit.chain import anchor_mac
from itisa.audit.models import AuditEvent, AuditStreamHead
from itisa.audit.verify import Finding


def _key() -> str:
    key = str(getattr(settings, "AUDIT_ANCHOR_KEY", ""))
    if len(key) < 32:
        raise RuntimeError("AUDIT_ANCHOR_KEY must be set (at least 32 characters)")
    return key


def _path() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE)


def anchor_write(*, streams: list[str] | None = None) -> list[dict[str, Any]]:
    """Append one signed line per stream head (all streams, or those named) and return the lines."""
    heads = AuditStreamHead.objects.filter(seq__gt=0).order_by("stream")
    if streams is not None:
        heads = heads.filter(stream__in=streams)
    key = _key()
    lines = []
    for head in heads:
        body = {"at": timezone.now().isoformat(), "stream": head.stream, "seq": head.seq, "digest": head.last_digest}
        lines.append({**body, "mac": anchor_mac(key, body)})
    if lines:
        path = _path()
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_APPEND: each line lands at the end even with several writers; the file is never rewritten.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write("".join(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n" for line in lines))
    return lines


def anchor_findings() -> list[Finding]:
    """What the anchor file says is wrong with the database: a forged line, or an anchored event that
    is missing (truncation) or whose digest differs (rewritten and rehashed)."""
    path = _path()
    if not path.exists():
        return []
    key = _key()
    findings: list[Finding] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
            body = {k: line[k] for k in ("at", "stream", "seq", "digest")}
            mac = str(line["mac"])
        except (ValueError, KeyError, TypeError):
            findings.append(Finding(None, "", 0, f"anchor line {number} unreadable"))
            continue
        if anchor_mac(key, body) != mac:
            findings.append(Finding(None, str(body["stream"]), int(body["seq"]), f"anchor line {number} forged"))
            continue
        event = AuditEvent.objects.filter(stream=body["stream"], seq=body["seq"]).first()
        if event is None:
            findings.append(Finding(None, body["stream"], body["seq"], f"anchored event missing (line {number})"))
        elif event.digest != body["digest"]:
            findings.append(
                Finding(event.id, body["stream"], body["seq"], f"anchored digest differs: rewritten (line {number})")
            )
    return findings
