from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from itisa.audit.models import AuditEvent


def audit_events_for(target: models.Model) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))


def last_event_mark() -> str:
    """The id of the last audit event, as text: it moves with every audited write (the pages kept per data
    version, ``itisa.core.page_cache``, read it once per request; one index look-up)."""
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    return str(last or 0)
