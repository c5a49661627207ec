"""What anyone may read: the register of recognised and revoked alliances, their public facts,
recognition documents, open notices, and the regulations themselves."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from itisa.recognition.models import Recognition
from itisa.register.models import Alliance, LevelRecord, Membership
from itisa.register.selectors import PUBLIC_STATUSES


def public_alliances() -> QuerySet[Alliance]:
    return (Alliance.objects.filter(status__in=PUBLIC_STATUSES)
            .select_related("jurisdiction", "region", "lead", "industry_field"))


def public_alliance(pk: int, on: date) -> Alliance:
    """One public alliance with its current members, level history and recognitions (Alliance.DoesNotExist → 404)."""
    current = Membership.objects.filter(joined_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gt=on))
    return public_alliances().prefetch_related(
        Prefetch("memberships", queryset=current.select_related("organisation__region").order_by("role", "joined_on"),
                 to_attr="current_members"),
        Prefetch("level_history", queryset=LevelRecord.objects.select_related("jurisdiction"), to_attr="levels"),
        Prefetch("recognitions", queryset=Recognition.objects.select_related("document", "plaque"),
                 to_attr="recognition_list"),
    ).get(pk=pk)


def public_document_allowed(document_id: int) -> Any:
    """A document is public only as a recognition document or plaque of a public alliance."""
    return Recognition.objects.filter(Q(document_id=document_id) | Q(plaque_id=document_id),
                                      alliance__status__in=PUBLIC_STATUSES).exists()
