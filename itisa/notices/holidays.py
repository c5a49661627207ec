"""The holiday calendar the bureau keeps: one year at a time, entered from the State Council's notice,
audited. ``working_day_source`` is what ``periods`` asks: the bureau's year when entered, else the
``chinese-calendar`` library, else nothing (the caller refuses to guess)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import chinese_calendar
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from itisa.audit.services import audit_record
from itisa.notices.models import HolidayDay, HolidayDayKind, HolidayYear

_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_RANGE = re.compile(rf"{_DATE.pattern}\s*(?:[~至到–—]|--)\s*{_DATE.pattern}")


def parse_days(text: str, field: str) -> list[date]:
    """Dates typed one per line, comma-separated or as ranges (2027-02-05 至 2027-02-11)."""
    out: list[date] = []
    rest = text
    try:
        for m in _RANGE.finditer(text):
            start = date(int(m[1]), int(m[2]), int(m[3]))
            end = date(int(m[4]), int(m[5]), int(m[6]))
            if end < start:
                raise ValueError
            out += [date.fromordinal(o) for o in range(start.toordinal(), end.toordinal() + 1)]
        rest = _RANGE.sub(" ", text)
        out += [date(int(m[1]), int(m[2]), int(m[3])) for m in _DATE.finditer(rest)]
    except ValueError:
        raise ValidationError(
            {field: ValidationError(_("A date or a range of dates is not valid."), code="invalid_date")}
        ) from None
    leftover = _DATE.sub(" ", rest).replace(",", " ").replace("，", " ").replace("、", " ").split()
    if leftover:
        raise ValidationError(
            {field: ValidationError(_("Not a date: %(text)s"), code="invalid_date", params={"text": leftover[0]})}
        )
    return sorted(set(out))


def holiday_year_set(
    *, actor: Any, year: int, document_number: str, days_off: list[date], working_days: list[date], reason: str = ""
) -> HolidayYear:
    """Enter (or correct) a year's arrangement in one transaction, with its audit event."""
    errors: dict[str, ValidationError] = {}
    if not document_number.strip():
        errors["document_number"] = ValidationError(_("The notice's document number is required."), code="required")
    for field, days in (("days_off", days_off), ("working_days", working_days)):
        wrong = [d for d in days if d.year != year]
        if wrong:
            errors[field] = ValidationError(
                _("%(day)s is not in %(year)s."), code="wrong_year", params={"day": wrong[0].isoformat(), "year": year}
            )
    both = sorted(set(days_off) & set(working_days))
    if both:
        errors["working_days"] = ValidationError(
            _("%(day)s is given both as a day off and as a working day."),
            code="both",
            params={"day": both[0].isoformat()},
        )
    if not days_off:
        errors.setdefault("days_off", ValidationError(_("A year has public holidays; enter them."), code="required"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        calendar, created = HolidayYear.objects.select_for_update().get_or_create(
            year=year, defaults={"document_number": document_number.strip(), "entered_by": actor}
        )
        before = None if created else _snapshot(calendar)
        calendar.document_number = document_number.strip()
        calendar.entered_by = actor
        calendar.save()
        calendar.days.all().delete()
        HolidayDay.objects.bulk_create(
            [HolidayDay(calendar=calendar, day=d, kind=HolidayDayKind.OFF) for d in sorted(set(days_off))]
            + [HolidayDay(calendar=calendar, day=d, kind=HolidayDayKind.WORK) for d in sorted(set(working_days))]
        )
        audit_record(
            actor=actor,
            action="holiday_year.set",
            target=calendar,
            before=before,
            after=_snapshot(calendar),
            reason=reason,
        )
    return calendar


def _snapshot(calendar: HolidayYear) -> dict[str, Any]:
    days = list(calendar.days.order_by("day").values_list("day", "kind"))
    return {
        "year": calendar.year,
        "document_number": calendar.document_number,
        "days_off": [d.isoformat() for d, k in days if k == HolidayDayKind.OFF],
        "working_days": [d.isoformat() for d, k in days if k == HolidayDayKind.WORK],
    }


class WorkingDays:
    """Answers "is this a working day" for a run of days, reading each year's source once."""

    def __init__(self) -> None:
        self._years: dict[int, dict[date, bool] | None] = {}

    def _bureau_year(self, year: int) -> dict[date, bool] | None:
        if year not in self._years:  # one query: an entered year always has days off
            days = {
                d: k == HolidayDayKind.WORK
                for d, k in HolidayDay.objects.filter(calendar__year=year).values_list("day", "kind")
            }
            self._years[year] = days or None
        return self._years[year]

    def is_working_day(self, day: date) -> bool | None:
        """True/False, or None when neither the bureau nor the library knows the year."""
        bureau = self._bureau_year(day.year)
        if bureau is not None:
            return bureau.get(day, day.weekday() < 5)
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            return None


def year_is_known(year: int) -> bool:
    """Whether working days of *year* can be counted (the library knows it, or the bureau entered it)."""
    try:
        chinese_calendar.is_workday(date(year, 12, 31))
        return True
    except NotImplementedError:
        return WorkingDays().is_working_day(date(year, 12, 31)) is not None


def missing_calendar_year(today: date) -> int | None:
    """From 1 November, next year when its working days cannot be counted yet (staff should enter it)."""
    if today.month < 11 or year_is_known(today.year + 1):
        return None
    return today.year + 1
