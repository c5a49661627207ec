"""How long a notice runs: the pack's period (length from a cited parameter, unit and counting from the
period table), counted by ``policy.dates.period_last_day`` on the bureau's holiday calendar.

Unless the pack says the text counts otherwise (``counting: first_day_counts``), 民法典 第二百零一条 and
第二百零三条 apply: the day of publication is not counted (Kunming 第十一条 “公示7日”, published on D: D+1 … D+7,
recognition possible from the day after), and a last day on a statutory rest day moves to the next working day.

- ``calendar_days``: D+1 … D+n, moved past rest days at the end.
- ``working_days``: Chinese working days — Monday to Friday except statutory holidays, plus the weekend days
  declared working days (调休), as published by the State Council: the year the bureau entered from the notice
  (``holidays``), else the ``chinese-calendar`` library — counted from the day after publication. A year
  neither knows is refused with a message, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from itisa.notices.holidays import WorkingDays
from itisa.notices.models import PeriodUnit
from policy import api as dates
from policy.api import get_pack, parameter, procedure


@dataclass(frozen=True)
class NoticePeriod:
    length: int
    unit: str
    article: str
    published_on: date
    ends_on: date


def _missing(year: int) -> ValidationError:
    return ValidationError(
        _("The official holiday calendar for %(year)s is not available yet; working days cannot be counted. "
          "Enter the year from the State Council's notice on the holiday calendar page."),
        code="holiday_data_missing", params={"year": year},
    )


def _predicate(calendar: WorkingDays) -> Callable[[date], bool]:
    def working(day: date) -> bool:
        known = calendar.is_working_day(day)
        if known is None:
            raise dates.HolidayDataMissing(day.year)
        return known

    return working


def is_working_day(day: date, calendar: WorkingDays | None = None) -> bool:
    try:
        return _predicate(calendar or WorkingDays())(day)
    except dates.HolidayDataMissing as e:
        raise _missing(e.year) from None


def period_end(start: date, length: int, unit: str, counting: str = dates.CIVIL_CODE) -> date:
    """The last day (inclusive) of a period of *length* units started by an act on *start*."""
    if length < 1:
        raise ValueError("a period lasts at least one day")
    if unit not in (PeriodUnit.CALENDAR_DAYS, PeriodUnit.WORKING_DAYS):
        raise ValueError(f"unknown period unit {unit!r}")
    try:
        return dates.period_last_day(start, length, str(unit), counting, working_day=_predicate(WorkingDays()))
    except dates.HolidayDataMissing as e:
        raise _missing(e.year) from None


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
                        published_on=published_on,
                        ends_on=period_end(published_on, length, unit, period.get("counting", dates.CIVIL_CODE)))
