"""An Excel file that unpacks into millions of rows is refused in a moment, before openpyxl reads it."""

from __future__ import annotations

import io
import time
import zipfile

from openpyxl import Workbook

from itisa.leadunit import imports
from itisa.leadunit.imports import HEADERS, read_rows


def _workbook_with_blank_rows(blank_rows: int, *, columns: int = len(HEADERS), formatted: bool = False) -> bytes:
    """A real workbook whose sheet is followed by ``blank_rows`` empty rows (``formatted``: with an empty
    styled cell, as Excel writes a formatted row)."""
    book = Workbook()
    ws = book.active
    ws.append(list(HEADERS) + [f"x{i}" for i in range(columns - len(HEADERS))])
    ws.append(["甲企业", "91530102000000001X", "企业", "", "", "", "", "2020-01-01"])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                row = '<row r="{n}"><c r="A{n}" s="0"/></row>' if formatted else '<row r="{n}"/>'
                blanks = "".join(row.format(n=n) for n in range(3, 3 + blank_rows)).encode()
                data = data.replace(b"</sheetData>", blanks + b"</sheetData>")
                data = data.replace(b'<dimension ref="A1:H2"', f'<dimension ref="A1:H{2 + blank_rows}"'.encode())
            dst.writestr(item, data)
    return out.getvalue()


def test_it_refuses_a_file_that_unpacks_beyond_the_limit_without_reading_it():
    data = _workbook_with_blank_rows(700_000)  # about 14 MB of XML in a file small enough to upload
    assert len(data) < imports.MAX_BYTES
    started = time.monotonic()
    rows, errors = read_rows(io.BytesIO(data))
    assert time.monotonic() - started < 1
    assert rows == [] and errors and errors[0].row == 0
    assert "MB" in errors[0].message


def test_it_stops_reading_after_the_row_limit_blank_rows_included():
    data = _workbook_with_blank_rows(imports.MAX_SCANNED_ROWS + 10, formatted=True)
    started = time.monotonic()
    rows, errors = read_rows(io.BytesIO(data))
    assert time.monotonic() - started < 10
    assert rows == [] and errors and errors[0].row == imports.MAX_SCANNED_ROWS + 1


def test_the_template_s_formatted_blank_rows_are_within_the_limits():
    _rows, errors = read_rows(io.BytesIO(imports.template_workbook()))
    assert errors and errors[0].message != "" and errors[0].row == 2  # no data rows, but read to the end


def test_a_workbook_under_the_limits_is_read():
    rows, errors = read_rows(io.BytesIO(_workbook_with_blank_rows(100)))
    assert errors == [] and [number for number, _cells in rows] == [2]
