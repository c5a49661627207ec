"""What the API lets a caller read: the access module's own querysets (docs/access.md), the same the
pages use — the API adds no rule of its own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from itisa.access import visible_to
from itisa.notices.models import PublicNotice
from itisa.register.models import Alliance, Organisation
from itisa.supervision.models import Report
from itisa.workflow.models import Case


def alliances(user: Any) -> QuerySet[Alliance]:
    """The public register plus what the caller's roles cover."""
    return visible_to(user, "register.view_alliance", Alliance)


def alliances_internal(user: Any) -> QuerySet[Alliance]:
    """Alliances whose non-public record (facts, eligibility, money, deadlines) the caller may read."""
    return visible_to(user, "register.view_internal", Alliance)


def organisations(user: Any) -> QuerySet[Organisation]:
    return visible_to(user, "register.view_organisation", Organisation)


def notices(user: Any) -> QuerySet[PublicNotice]:
    """Public notices are public once published."""
    return PublicNotice.objects.select_related("case__alliance")


def cases(user: Any) -> QuerySet[Case]:
    return visible_to(user, "workflow.view_case", Case)


def reports(user: Any) -> QuerySet[Report]:
    return visible_to(user, "supervision.view_report", Report)
