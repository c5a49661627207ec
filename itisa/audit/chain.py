"""The hash chain's arithmetic, free of the ORM: what an event's digest covers and how it is computed.

Every stored field of an event is in its digest (time, actor id and name, action, target type, id and
name, before, after, reason, stream, position, algorithm and the previous digest), so no column can be
changed without the row failing verification. SM3 (GB/T 32905-2016) or SHA-256 may chain; each event
names its own algorithm, so the setting can change without breaking older events.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

GENESIS = "0" * 64
ALGORITHMS = ("sha256", "sm3")


def _sm3_hex(data: bytes) -> str:
    try:
        return hashlib.new("sm3", data).hexdigest()
    except ValueError:  # OpenSSL built without SM3: the pure-Python implementation
        from gmssl import func, sm3  # type: ignore[import-untyped]

        return str(sm3.sm3_hash(func.bytes_to_list(data)))


def hash_hex(algorithm: str, data: bytes) -> str:
    """Hex digest of *data* under *algorithm* (``sha256`` or ``sm3``; both give 64 hex digits)."""
    if algorithm == "sha256":
        return hashlib.sha256(data).hexdigest()
    if algorithm == "sm3":
        return _sm3_hex(data)
    raise ValueError(f"unknown audit hash algorithm {algorithm!r}")


def canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def event_payload(event: Any) -> dict[str, Any]:
    """Every field of an event except its own digest and database id (the chain position is ``seq``)."""
    return {
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "actor": event.actor_repr,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "target_repr": event.target_repr,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
        "stream": event.stream,
        "seq": event.seq,
        "algorithm": event.algorithm,
        "prev": event.prev_digest,
    }


def event_digest(event: Any) -> str:
    return hash_hex(event.algorithm, event.prev_digest.encode("ascii") + canonical(event_payload(event)))


def anchor_mac(key: str, body: dict[str, Any]) -> str:
    """HMAC-SHA256 of an anchor line's body under the anchor key (kept outside the database)."""
    return hmac.new(key.encode("utf-8"), canonical(body), hashlib.sha256).hexdigest()
