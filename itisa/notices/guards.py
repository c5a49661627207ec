"""The notice guards of the packs' tables (Kunming 第十一条)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _

from itisa.notices.models import NoticeStatus, ObjectionStatus, PublicNotice
from itisa.workflow.guards import guard
from itisa.workflow.models import Case


def _notice(case: Case) -> PublicNotice | None:
    return PublicNotice.objects.filter(case=case, status=NoticeStatus.PUBLISHED).first()


@guard("notice_elapsed_no_objection")
def notice_elapsed_no_objection(case: Case, on: date, context: dict[str, Any]) -> tuple[bool, str]:
    """Passed when the day is after the notice's last day, every objection is resolved and none upheld."""
    notice = _notice(case)
    if notice is None:
        return False, _("No public notice has been published for this case.")
    if on <= notice.ends_on:
        return False, _("The public notice runs until %(end)s; the decision can be taken from %(next)s.") % {
            "end": notice.ends_on.isoformat(), "next": (notice.ends_on + timedelta(days=1)).isoformat()}
    counts = {s: 0 for s in ObjectionStatus.values}
    for status in notice.objections.values_list("status", flat=True):
        counts[status] += 1
    if counts[ObjectionStatus.PENDING]:
        return False, _("%(count)s objection(s) to the notice are not resolved yet.") % {
            "count": counts[ObjectionStatus.PENDING]}
    if counts[ObjectionStatus.UPHELD]:
        return False, _("%(count)s objection(s) to the notice were upheld.") % {"count": counts[ObjectionStatus.UPHELD]}
    if counts[ObjectionStatus.DISMISSED]:
        return True, _("The notice ended on %(end)s; %(count)s objection(s) were dismissed.") % {
            "end": notice.ends_on.isoformat(), "count": counts[ObjectionStatus.DISMISSED]}
    return True, _("The notice ended on %(end)s without objection.") % {"end": notice.ends_on.isoformat()}


@guard("objection_upheld")
def objection_upheld(case: Case, on: date, context: dict[str, Any]) -> tuple[bool, str]:
    notice = _notice(case)
    if notice is not None and notice.objections.filter(status=ObjectionStatus.UPHELD).exists():
        return True, _("An objection to the notice was upheld.")
    return False, _("No objection to the notice has been upheld.")
