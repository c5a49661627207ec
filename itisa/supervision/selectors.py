"""Public reads of supervision records: the register of revoked alliances (Kunming 第十七条). Everything
else is internal: ``itisa.access.visible_to(user, "supervision.view_report")`` and its siblings."""

from __future__ import annotations

from django.db.models import QuerySet

from itisa.supervision.models import Revocation


def revocations_public() -> QuerySet[Revocation]:
    """Every revocation, newest first, for the public register page: alliance, article, reason, date,
    whether the plaque came back. Revoked alliances are public (register PUBLIC_STATUSES)."""
    return Revocation.objects.select_related("alliance__jurisdiction").order_by("-decided_on", "-id")
