"""Calendar helpers (no clock: every date is an argument) and GB/T 2260 region paths."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable


def add_months(d: dt.date, months: int) -> dt.date:
    """Same day ``months`` calendar months later; the month's last day when that day does not exist."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_years(d: dt.date, years: int) -> dt.date:
    return add_months(d, 12 * years)


def parse_date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def region_path(code: str) -> tuple[str, ...]:
    """Ancestors of a GB/T 2260 code, itself included: 320115 → (320000, 320100, 320115)."""
    code = str(code or "")
    if len(code) != 6 or not code.isdigit():
        return (code,) if code else ()
    out = [code[:2] + "0000"]
    if code[2:4] != "00":
        out.append(code[:4] + "00")
    if code[4:6] != "00":
        out.append(code)
    return tuple(dict.fromkeys(out))


# ------------------------------------------------------------------------------------------- periods
#: How a period is counted when the text says nothing else: 民法典 第二百零一条 (the first day is not counted),
#: 第二百零二条 (months and years end on the corresponding day, else the month's last day) and 第二百零三条 (a
#: last day on a statutory rest day moves to the next working day). A pack whose text counts otherwise says so
#: with ``counting: first_day_counts`` on the period.
CIVIL_CODE = "civil_code"
FIRST_DAY_COUNTS = "first_day_counts"
COUNTINGS = (CIVIL_CODE, FIRST_DAY_COUNTS)


class HolidayDataMissing(LookupError):
    """The official holiday calendar of a year is not known (the State Council publishes it each winter)."""

    def __init__(self, year: int):
        super().__init__(f"no official holiday calendar for {year}")
        self.year = year


def is_working_day(d: dt.date) -> bool:
    """Monday–Friday except statutory holidays, plus weekend days declared working days (调休), from the
    State Council notices as kept by the ``chinese-calendar`` library."""
    import chinese_calendar

    try:
        return bool(chinese_calendar.is_workday(d))
    except NotImplementedError:
        raise HolidayDataMissing(d.year) from None


def next_working_day(d: dt.date, working_day: Callable[[dt.date], bool] | None = None) -> dt.date:
    """``d`` itself when a working day, else the first working day after it (民法典 第二百零三条)."""
    working = working_day or is_working_day
    while not working(d):
        d += dt.timedelta(days=1)
    return d


def period_last_day(start: dt.date, length: int, unit: str, counting: str = CIVIL_CODE,
                    working_day: Callable[[dt.date], bool] | None = None) -> dt.date:
    """The last day (inclusive) of a period of ``length`` units that starts with the act of ``start``.

    ``civil_code``: ``start`` is not counted (a 7-day notice published on D runs D+1 … D+7); a last day on a
    rest day moves to the next working day. ``first_day_counts``: the text counts ``start`` as day 1 (D … D+6)
    and nothing moves. Units: calendar_days, working_days, months, years. Raises HolidayDataMissing when the
    rest days of a year it needs are not known. ``working_day`` replaces the library's calendar (a bureau's
    own entry of the State Council's notice); it raises HolidayDataMissing for a year it does not know."""
    working = working_day or is_working_day
    if counting not in COUNTINGS:
        raise ValueError(f"unknown counting {counting!r}")
    civil = counting == CIVIL_CODE
    if unit == "working_days":
        if length < 1:
            raise ValueError("a period lasts at least one day")
        day = start + dt.timedelta(days=1) if civil else start
        counted = 0
        while True:
            if working(day):
                counted += 1
                if counted == length:
                    return day
            day += dt.timedelta(days=1)
    if unit == "calendar_days":
        if length < 1:
            raise ValueError("a period lasts at least one day")
        last = start + dt.timedelta(days=length if civil else length - 1)
    elif unit == "months":
        last = add_months(start, length)
    elif unit == "years":
        last = add_years(start, length)
    else:
        raise ValueError(f"unknown period unit {unit!r}")
    return next_working_day(last, working) if civil else last
