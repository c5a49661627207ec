"""Lists out to Excel (openpyxl) and CSV, safe against formula injection, and deadlines to ICS.

A cell whose text starts with = + - @ (or a tab/carriage return) is prefixed with an apostrophe so that
no spreadsheet evaluates it; numbers and dates are written as such, so they stay numbers.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet should hold it: text neutralised, numbers and dates kept."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float | Decimal | date | datetime):
        if isinstance(value, datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    text = str(value)
    if text.startswith(DANGEROUS_PREFIXES):
        return "'" + text
    return text


def _filename(stem: str, ext: str) -> str:
    return f"{stem}-{timezone.localdate():%Y%m%d}.{ext}"


DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
AMOUNT_FORMAT = "#,##0.00##"  # 万元 with two to four decimals, as finance clerks write them
TITLE_FONT = Font(bold=True, size=13)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
WIDTH_SAMPLE = 500


def excel_value(value: Any) -> Any:
    """A cell value for Excel: :func:`safe_cell`, with datetimes to the minute (no microseconds)."""
    value = safe_cell(value)
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0)
    return value


def _styled(ws: Any, value: Any) -> Any:
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, Decimal):
        cell.number_format = AMOUNT_FORMAT
    return cell


def _display_width(value: Any) -> int:
    """Columns wide enough for Chinese text: a CJK character takes two widths."""
    if isinstance(value, datetime):
        return 17
    if isinstance(value, date):
        return 11
    text = str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def xlsx_write(
    target: Any,
    stem: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    sheet: str = "",
    title: str = "",
    progress: Callable[[int], None] | None = None,
    every: int = 1000,
) -> int:
    """Write the workbook into *target* (a path or a binary file) in openpyxl's write-only mode, row by row;
    *progress* is told the number of rows written every *every* rows. Answers the number of rows."""
    book = Workbook(write_only=True)
    name = (sheet or title or stem).strip() or "Sheet1"
    for bad in "[]:*?/\\":
        name = name.replace(bad, " ")
    ws = book.create_sheet(title=name[:31])
    heading = f"{title or name}（{timezone.localdate():%Y-%m-%d}）"
    title_cell = WriteOnlyCell(ws, value=heading)
    title_cell.font = TITLE_FONT
    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=str(h))
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header_cells.append(cell)
    ws.freeze_panes = "A3"
    # Widths must be set before the first row is written in write-only mode: they are measured on the
    # first rows only, so that a large export streams through without being held whole.
    widths = [_display_width(h) + 2 for h in headers]
    iterator = iter(rows)
    sample = [[excel_value(v) for v in row] for row in itertools.islice(iterator, WIDTH_SAMPLE)]
    for values in sample:
        for i, v in enumerate(values[: len(widths)]):
            widths[i] = min(60, max(widths[i], _display_width(v) + 2))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.append([title_cell])
    ws.append(header_cells)
    written = 0
    for values in itertools.chain(sample, ([excel_value(v) for v in row] for row in iterator)):
        ws.append([_styled(ws, v) for v in values])
        written += 1
        if progress is not None and written % every == 0:
            progress(written)
    book.save(target)
    return written


def xlsx_response(
    stem: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], sheet: str = "", title: str = ""
) -> HttpResponse:
    """A workbook a finance clerk expects: a named sheet, a title row with the export date, a bold frozen
    header, columns sized to their content, dates as dates and amounts as numbers. Built in the request:
    for lists up to ``ITISA_EXCEL_INLINE_MAX_ROWS`` rows (larger ones are built in the background)."""
    buffer = io.BytesIO()
    xlsx_write(buffer, stem, headers, rows, sheet=sheet, title=title)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{xlsx_filename(stem)}"'
    return response


def xlsx_filename(stem: str) -> str:
    return _filename(stem, "xlsx")


class _Echo:
    """A file-like object whose write returns the line, for csv.writer feeding a streamed response."""

    def write(self, value: str) -> str:
        return value


def csv_response(stem: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> StreamingHttpResponse:
    """Streamed row by row: a 50,000-row export never sits in a worker's memory whole."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"  # Excel opens UTF-8 CSV with Chinese text correctly only with a BOM
        yield writer.writerow([str(h) for h in headers])
        for row in rows:
            yield writer.writerow([excel_value(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "csv")}"'
    return response


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_response(stem: str, events: Iterable[dict[str, Any]]) -> HttpResponse:
    """All-day events: each dict has uid, day (date), summary, description."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//itisa//alliance deadlines//ZH", "CALSCALE:GREGORIAN"]
    for e in events:
        day: date = e["day"]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{e['uid']}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"SUMMARY:{_ics_text(str(e['summary']))}",
            f"DESCRIPTION:{_ics_text(str(e.get('description', '')))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    response = HttpResponse("\r\n".join(lines) + "\r\n", content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "ics")}"'
    return response
