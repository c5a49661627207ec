"""How far back and ahead a date of each kind may lie: no year 1, no year 9999.

Forms refuse a date outside its field's window (``BoundedDateField``) and services check again
(``check_date``), raising a ValidationError that names the field, so an import, a command or a future API
gets the same answer as the web page. The windows are wide on purpose: they catch typing errors (0202 for
2020, 9999 as "open-ended"), not unusual but real dates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# Nothing this system records happened before the People's Republic (organisations founded, standards issued).
EARLIEST = dt.date(1949, 10, 1)
# Things planned ahead (calls, as-of dates of a what-if) lie at most this many years ahead.
PLANNING_YEARS = 10
# Things that happened (joined, visited, reported) may be dated a little ahead (a decision taken today for
# tomorrow), never further; payments and clawbacks likewise.
RECORD_DAYS_AHEAD = 366


def years_ahead(years: int, today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return today.replace(year=today.year + years, day=min(today.day, 28))


def window(kind: str, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """(earliest, latest) for a kind of date: ``event`` (happened), ``planned``, ``any``."""
    today = today or timezone.localdate()
    if kind == "event":
        return EARLIEST, today + dt.timedelta(days=RECORD_DAYS_AHEAD)
    if kind == "planned":
        return EARLIEST, years_ahead(PLANNING_YEARS, today)
    return EARLIEST, dt.date(2199, 12, 31)


def date_error(field: str, value: dt.date, earliest: dt.date, latest: dt.date) -> ValidationError | None:
    if earliest <= value <= latest:
        return None
    if value < earliest:
        msg = ValidationError(
            _("%(value)s is too early: the earliest date accepted here is %(earliest)s."),
            code="date_too_early",
            params={"value": value, "earliest": earliest},
        )
    else:
        msg = ValidationError(
            _("%(value)s is too far ahead: the latest date accepted here is %(latest)s."),
            code="date_too_late",
            params={"value": value, "latest": latest},
        )
    return ValidationError({field: msg})


def check_date(
    field: str, value: Any, kind: str = "event", *, earliest: dt.date | None = None, latest: dt.date | None = None
) -> None:
    """Raise a ValidationError naming ``field`` if ``value`` lies outside the window of its kind
    (narrowed by ``earliest``/``latest`` when given, e.g. not before the alliance was founded)."""
    if value is None:
        return
    if isinstance(value, dt.datetime):
        value = value.date()
    low, high = window(kind)
    if earliest is not None:
        low = max(low, earliest)
    if latest is not None:
        high = min(high, latest)
    err = date_error(field, value, low, high)
    if err is not None:
        raise err
