"""Permission-scoped reads of supervision records. The public sees revocations (the register of
revoked alliances, Kunming 第十七条); everything else is internal and scoped like the register's cases."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from itisa.register.models import Alliance
from itisa.register.selectors import alliance_scope_q
from itisa.supervision.models import Deadline, Dissolution, Grade, Rectification, Report, Revocation


def _alliances(user: Any) -> QuerySet[Alliance]:
    return Alliance.objects.filter(alliance_scope_q(user, include_public=False)).distinct()


def revocations_public() -> QuerySet[Revocation]:
    """Every revocation, newest first, for the public register page: alliance, article, reason, date,
    whether the plaque came back. Revoked alliances are public (register PUBLIC_STATUSES)."""
    return Revocation.objects.select_related("alliance__jurisdiction").order_by("-decided_on", "-id")


def reports_visible_to(user: Any) -> QuerySet[Report]:
    return Report.objects.filter(alliance__in=_alliances(user)).select_related("alliance", "document")


def deadlines_visible_to(user: Any) -> QuerySet[Deadline]:
    return Deadline.objects.filter(alliance__in=_alliances(user)).select_related("alliance")


def grades_visible_to(user: Any) -> QuerySet[Grade]:
    return Grade.objects.filter(alliance__in=_alliances(user)).select_related("alliance")


def rectifications_visible_to(user: Any) -> QuerySet[Rectification]:
    return Rectification.objects.filter(alliance__in=_alliances(user)).select_related("alliance", "grade")


def dissolutions_visible_to(user: Any) -> QuerySet[Dissolution]:
    return Dissolution.objects.filter(alliance__in=_alliances(user)).prefetch_related("consents__organisation")
