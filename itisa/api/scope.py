"""What the API lets a caller read: the same scopes the pages use, asked in one place."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from itisa.notices.models import PublicNotice
from itisa.register.models import Alliance, Organisation
from itisa.register.selectors import alliance_scope_q, alliances_visible_to, organisations_visible_to
from itisa.supervision.models import Report
from itisa.supervision.selectors import reports_visible_to
from itisa.workflow.models import Case
from itisa.workflow.selectors import cases_visible_to


def alliances(user: Any) -> QuerySet[Alliance]:
    """The public register plus what the caller's roles cover."""
    return alliances_visible_to(user)


def alliances_internal(user: Any) -> QuerySet[Alliance]:
    """Alliances whose non-public record (facts, eligibility, money, deadlines) the caller may read."""
    if not getattr(user, "is_authenticated", False):
        return Alliance.objects.none()
    return Alliance.objects.filter(alliance_scope_q(user, include_public=False)).distinct()


def organisations(user: Any) -> QuerySet[Organisation]:
    return organisations_visible_to(user)


def notices(user: Any) -> QuerySet[PublicNotice]:
    """Public notices are public once published."""
    return PublicNotice.objects.select_related("case__alliance")


def cases(user: Any) -> QuerySet[Case]:
    return cases_visible_to(user)


def reports(user: Any) -> QuerySet[Report]:
    if not getattr(user, "is_authenticated", False):
        return Report.objects.none()
    return reports_visible_to(user)
