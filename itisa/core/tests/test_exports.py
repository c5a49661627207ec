"""Exports people open in Excel: a named sheet, a title row, a bold frozen header, dates as dates, amounts
as numbers, no microseconds; CSV streamed row by row."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from itisa.core.exports import csv_response, xlsx_response
from tests.support import body

SHANGHAI = ZoneInfo("Asia/Shanghai")
HEADERS = ["联盟", "认定日期", "拨付时间", "金额（万元）", "成员数"]
ROW = [
    "昆明市花卉产业技术创新战略联盟",
    date(2024, 5, 6),
    datetime(2024, 5, 7, 9, 30, 15, 123456, tzinfo=SHANGHAI),
    Decimal("12.5000"),
    18,
]


def workbook(rows, **kw):
    response = xlsx_response("ledger", HEADERS, rows, **kw)
    return load_workbook(io.BytesIO(response.content))


def test_it_names_the_sheet_and_writes_a_title_row_above_a_bold_frozen_header():
    book = workbook([ROW], title="资金台账")
    sheet = book.active
    assert sheet.title == "资金台账"
    assert str(sheet["A1"].value).startswith("资金台账（") and sheet["A1"].font.bold
    assert [c.value for c in sheet[2]] == HEADERS
    assert all(c.font.bold for c in sheet[2])
    assert sheet.freeze_panes == "A3"


def test_dates_are_dates_amounts_are_numbers_and_times_have_no_microseconds():
    sheet = workbook([ROW]).active
    _name, day, at, amount, count = sheet[3]
    assert day.value == datetime(2024, 5, 6) and day.number_format == "yyyy-mm-dd"
    assert at.value == datetime(2024, 5, 7, 9, 30) and at.number_format == "yyyy-mm-dd hh:mm"
    assert amount.value == 12.5 and amount.data_type == "n" and amount.number_format == "#,##0.00##"
    assert count.value == 18


def test_columns_are_wide_enough_for_chinese_text():
    sheet = workbook([ROW]).active
    assert sheet.column_dimensions["A"].width >= 2 * len("昆明市花卉产业技术创新战略联盟")


def test_a_sheet_name_loses_the_characters_excel_forbids():
    assert workbook([ROW], sheet="2024/05: 台账?").active.title == "2024 05  台账 "


def test_formulas_stay_inert_in_both_formats():
    rows = [['=HYPERLINK("http://x")', date(2024, 1, 1), None, Decimal("1"), 1]]
    assert workbook(rows).active["A3"].value == '\'=HYPERLINK("http://x")'
    text = body(csv_response("ledger", HEADERS, rows)).decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_csv_is_streamed_row_by_row_and_opens_in_excel():
    produced = []

    def rows():
        for i in range(3):
            produced.append(i)
            yield [f"联盟{i}", date(2024, 1, 1), None, Decimal("1.5"), i]

    response = csv_response("register", HEADERS, rows())
    assert response.streaming and produced == []  # nothing is built before the client reads
    chunks = list(response.streaming_content)
    assert chunks[0] == "\ufeff".encode()  # the BOM Excel needs for Chinese text
    parsed = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"))))
    assert parsed[0] == HEADERS and parsed[1][:2] == ["联盟0", "2024-01-01"] and len(parsed) == 4
