"""How long a notice runs: the pack's period (length from a cited parameter, unit from the period
table) counted from the day of publication, which counts as day 1.

- ``calendar_days``: published on D, length n → the last day is D + n − 1 (Kunming 第十一条 “公示7日”:
  D … D+6, recognition possible from D+7).
- ``working_days``: Chinese working days — Monday to Friday except statutory holidays, plus the
  weekend days declared working days (调休), as published by the State Council and maintained in
  the ``chinese-calendar`` library. The day of publication counts when it is a working day;
  published on a rest day, counting starts with the next working day. A year the library has no
  data for is refused with a message, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from itisa.notices.models import PeriodUnit
from policy.api import get_pack, parameter, procedure


@dataclass(frozen=True)
class NoticePeriod:
    length: int
    unit: str
    article: str
    published_on: date
    ends_on: date


def is_working_day(day: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        raise ValidationError(
            _("The official holiday calendar for %(year)s is not available yet; working days cannot be counted. "
              "Update the chinese-calendar library."), code="holiday_data_missing", params={"year": day.year},
        ) from None


def period_end(start: date, length: int, unit: str) -> date:
    """The last day (inclusive) of a period of *length* units starting on *start*."""
    if length < 1:
        raise ValueError("a period lasts at least one day")
    if unit == PeriodUnit.CALENDAR_DAYS:
        return start + timedelta(days=length - 1)
    if unit == PeriodUnit.WORKING_DAYS:
        day, counted = start, 0
        while True:
            if is_working_day(day):
                counted += 1
                if counted == length:
                    return day
            day += timedelta(days=1)
    raise ValueError(f"unknown period unit {unit!r}")


def notice_period(pack_id: str, published_on: date, procedure_id: str = "recognition") -> NoticePeriod:
    """The notice period of the pack's procedure for a notice published on *published_on*."""
    pack = get_pack(pack_id)
    periods = procedure(pack, procedure_id).get("periods") or []
    period = next((p for p in periods if p.get("id") == "notice"), None)
    if period is None:
        raise ValidationError(_("%(doc)s sets no public notice period for this procedure."), code="no_notice_period",
                              params={"doc": pack.doc})
    value = parameter(pack, period["param"], published_on)
    unit = period.get("unit", PeriodUnit.CALENDAR_DAYS)
    length = int(value.value)
    return NoticePeriod(length=length, unit=unit, article=value.citation.article or period.get("article", ""),
                        published_on=published_on, ends_on=period_end(published_on, length, unit))
