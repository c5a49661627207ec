"""Calendar helpers (no clock: every date is an argument) and GB/T 2260 region paths."""

from __future__ import annotations

import calendar
import datetime as dt


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
