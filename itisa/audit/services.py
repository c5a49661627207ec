"""Recording the audit trail. Every service that changes state calls ``audit_record`` inside its own
transaction, so the event commits or rolls back with the change it describes.

Events go to one of ``AUDIT_STREAMS`` chains, chosen from the first object a transaction records and
kept for the rest of that transaction: a transaction locks one chain head, never two (no deadlock
between chains), and writers on unrelated objects no longer queue behind one global row (ADR 0004).
"""

from __future__ import annotations

import logging
import zlib
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from itisa.audit.chain import GENESIS, event_digest
from itisa.audit.models import AuditEvent, AuditStreamHead

# Re-exported: callers and tests have always imported the verifier from here.
from itisa.audit.verify import audit_verify_chain  # noqa: F401

logger = logging.getLogger(__name__)


def _json_safe(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "url"):  # FieldFile
        return value.name or None
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's concrete field values (foreign keys as ids), JSON-safe."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        data[field.attname] = _json_safe(getattr(obj, field.attname))
    return data


def stream_for(target_type: str, target_id: str) -> str:
    """The chain an object's events start in: a stable hash of the object over ``AUDIT_STREAMS``."""
    count = max(1, int(getattr(settings, "AUDIT_STREAMS", 16)))
    return f"s{zlib.crc32(f'{target_type}:{target_id}'.encode()) % count:02d}"


def _transaction_stream(default: str) -> str:
    """The stream this transaction already writes to, or *default* (remembered for the transaction)."""
    conn = transaction.get_connection()
    outer = id(conn.atomic_blocks[0]) if conn.atomic_blocks else 0
    remembered = getattr(conn, "_itisa_audit_stream", None)
    if remembered is not None and remembered[0] == outer:
        return str(remembered[1])
    conn._itisa_audit_stream = (outer, default)  # type: ignore[attr-defined]
    return default


def _locked_head(stream: str) -> AuditStreamHead:
    try:
        return AuditStreamHead.objects.select_for_update().get(stream=stream)
    except AuditStreamHead.DoesNotExist:
        try:
            with transaction.atomic():
                AuditStreamHead.objects.create(stream=stream, seq=0, last_digest=GENESIS)
        except IntegrityError:  # another writer created it first
            pass
        return AuditStreamHead.objects.select_for_update().get(stream=stream)


def _anchor_after_commit(stream: str) -> None:
    """The change has committed: a failing anchor write must not turn its response into an error.
    It is logged; the next anchor (``manage.py audit_anchor``) covers this event as well."""
    from itisa.audit.anchors import anchor_write

    try:
        anchor_write(streams=[stream])
    except (OSError, RuntimeError):
        logger.exception("audit anchor for chain %s not written", stream)


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    target_type: str = "",
    target_id: str = "",
    target_repr: str = "",
) -> AuditEvent:
    """Append one event to its chain. Must be called inside the caller's transaction.

    *target* is the object changed; security events about no stored object (a failed login for an
    unknown name) give ``target_type``/``target_id``/``target_repr`` instead.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the service's transaction")
    if target is not None:
        target_type, target_id, target_repr = target._meta.label_lower, str(target.pk), str(target)
    stream = _transaction_stream(stream_for(target_type, target_id))
    head = _locked_head(stream)
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        at=timezone.now(),
        actor=user,
        actor_repr=(str(actor) if actor is not None else "system")[:150],
        action=action,
        target_type=target_type[:60],
        target_id=target_id[:40],
        target_repr=target_repr[:200],
        before=_json_safe(before) if before is not None else None,
        after=_json_safe(after) if after is not None else None,
        reason=reason,
        stream=stream,
        seq=head.seq + 1,
        algorithm=getattr(settings, "AUDIT_HASH", "sha256"),
        prev_digest=head.last_digest,
    )
    event.digest = event_digest(event)
    event.save()
    head.seq, head.last_digest = event.seq, event.digest
    head.save(update_fields=["seq", "last_digest"])
    every = int(getattr(settings, "AUDIT_ANCHOR_EVERY", 0))
    if every and event.seq % every == 0:
        transaction.on_commit(lambda: _anchor_after_commit(stream))
    return event
