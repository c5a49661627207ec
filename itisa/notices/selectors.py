"""Reads of notices and objections."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from itisa.access import can
from itisa.notices.models import NoticeStatus, Objection, PublicNotice


def open_notices(on: date | None = None) -> QuerySet[PublicNotice]:
    """Notices the public can read and object to on *on* (today by default), for the portal page."""
    on = on or timezone.localdate()
    return (PublicNotice.objects.filter(status=NoticeStatus.PUBLISHED, published_on__lte=on, ends_on__gte=on)
            .select_related("case__alliance", "case__jurisdiction").order_by("ends_on", "id"))


def notices_of_case(case: Any) -> QuerySet[PublicNotice]:
    return PublicNotice.objects.filter(case=case).order_by("-published_on", "-id")


def objections_of(user: Any, notice: PublicNotice) -> QuerySet[Objection]:
    """The objections to a notice, for the bureau deciding the case only (they carry names and contacts)."""
    if not can(user, "notices.resolve", notice.case):
        return Objection.objects.none()
    return notice.objections.select_related("resolved_by").order_by("received_at", "id")
