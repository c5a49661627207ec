"""Recording and verifying the audit trail. Every service that changes state calls ``audit_record``
inside its own transaction, so the event commits or rolls back with the change it describes."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from itisa.audit.models import AuditChainHead, AuditEvent


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


def _digest(prev: str, payload: dict[str, Any]) -> str:
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev + body).encode("utf-8")).hexdigest()


def _payload(event: AuditEvent) -> dict[str, Any]:
    return {
        "at": event.at.isoformat(),
        "actor": event.actor_repr,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
    }


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one event to the chain. Must be called inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the service's transaction")
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        at=timezone.now(),
        actor=user,
        actor_repr=str(actor) if actor is not None else "system",
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        before=_json_safe(before) if before is not None else None,
        after=_json_safe(after) if after is not None else None,
        reason=reason,
        prev_digest=head.last_digest,
    )
    event.digest = _digest(head.last_digest, _payload(event))
    event.save()
    head.last_digest = event.digest
    head.save(update_fields=["last_digest"])
    return event


def audit_verify_chain() -> list[int]:
    """Ids of events whose digest or link does not match: empty when the trail is intact."""
    broken: list[int] = []
    prev = "0" * 64
    for event in AuditEvent.objects.order_by("id").iterator():
        if event.prev_digest != prev or event.digest != _digest(prev, _payload(event)):
            broken.append(event.id)
        prev = event.digest
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and head.last_digest != prev:
        broken.append(-1)
    return broken
