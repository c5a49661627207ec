"""Reading staff workbooks strictly (shared by the register's imports): formulas stay text, a code typed
as a number is refused, every row is read before anything is written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclass
class RowError:
    sheet: str
    row: int
    column: str
    message: str


def text(value: Any) -> str:
    """A cell as the text the user typed: integral numbers lose no digits, dates are ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = DATE_RE.match(text(value))
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def choice_map(choices: Any) -> dict[str, str]:
    """Every spelling accepted for a choice: its stored value, its English and its Chinese label."""
    out: dict[str, str] = {}
    for value, label in choices.choices:
        out[value.lower()] = value
        for lang in ("en", "zh-hans"):
            with translation.override(lang):
                out[str(label).lower()] = value
    return out


def labels_zh(choices: Any) -> list[str]:
    with translation.override("zh-hans"):
        return [str(label) for _value, label in choices.choices]


def read_sheets(
    stream: IO[bytes],
    sheets: dict[str, tuple[tuple[str, ...], tuple[str, ...]]],
    max_rows: int,
) -> tuple[dict[str, list[tuple[int, dict[str, Any]]]], list[RowError]]:
    """For each sheet name → (headers, required headers): the non-empty rows as {header: cell}.

    A sheet that is absent reads as empty unless it has required headers and is the first one asked for."""
    try:
        book = load_workbook(stream, read_only=True, data_only=False)
    except Exception:
        return {}, [RowError("", 0, "", _("The file is not an Excel workbook (.xlsx) this system can read."))]
    out: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    errors: list[RowError] = []
    first = next(iter(sheets))
    for sheet, (headers, required) in sheets.items():
        if sheet in book.sheetnames:
            ws = book[sheet]
        elif sheet == first and len(sheets) == 1:
            ws = book.worksheets[0]
        else:
            if sheet == first:
                errors.append(
                    RowError(sheet, 0, "", _("The workbook has no sheet named “%(name)s”.") % {"name": sheet})
                )
            out[sheet] = []
            continue
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None) or ()
        positions: dict[str, int] = {}
        for i, cell in enumerate(header):
            name = text(cell)
            if name in headers and name not in positions:
                positions[name] = i
        missing = [h for h in required if h not in positions]
        if missing:
            errors += [RowError(sheet, 1, h, _("The header row lacks this column.")) for h in missing]
            out[sheet] = []
            continue
        found: list[tuple[int, dict[str, Any]]] = []
        for number, values in enumerate(rows, start=2):
            cells = {h: (values[i] if i < len(values) else None) for h, i in positions.items()}
            if all(text(v) == "" for v in cells.values()):
                continue
            if len(found) >= max_rows:
                errors.append(
                    RowError(sheet, number, "", _("At most %(n)s rows can be imported at once.") % {"n": max_rows})
                )
                break
            found.append((number, cells))
        out[sheet] = found
    book.close()
    return out, errors
