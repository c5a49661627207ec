"""Reads of the register that need no permission of their own. Who sees which alliance is the access
module's question: ``itisa.access.visible_to(user, "register.view_alliance")`` (docs/access.md)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from itisa.access.scope import PUBLIC_STATUSES
from itisa.register.models import Alliance, Membership, Region

__all__ = ["PUBLIC_STATUSES", "members_on", "region_descendants"]


def members_on(alliance: Alliance, day: date) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(alliance=alliance, joined_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
        .select_related("organisation__region")
    )


def region_descendants(code: str) -> QuerySet[Region]:
    region = Region.objects.get(code=code)
    return Region.objects.filter(path__startswith=region.path)
