"""Member import from Excel: every row checked first, a row-by-row report, all rows or none."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from itisa.leadunit.imports import HEADERS
from itisa.register.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def xlsx(rows, headers=HEADERS):
    book = Workbook()
    ws = book.active
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("成员.xlsx", buffer.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@pytest.fixture
def rows(credit_code):
    day = (timezone.localdate() - timedelta(days=30)).isoformat()
    return [
        ["昆明甲企业", credit_code("530102"), "企业", "530102", "是", "上游", "核心成员", day],
        ["云南乙大学", credit_code("530102"), "高校", "", "是", "", "成员", day],
        ["昆明丙研究所", credit_code("530102"), "科研院所", "530102", "否", "中游", "", date.today() - timedelta(days=3)],
    ]


def upload(client, alliance, file):
    return client.post(reverse("leadunit:member_import", args=[alliance.pk]), {"file": file})


def confirm(client, alliance, response):
    return client.post(reverse("leadunit:member_import_confirm", args=[alliance.pk]),
                       {"token": response.context["token"]})


def test_the_template_has_the_headers(client, km):
    client.force_login(km["lead"])
    response = client.get(reverse("leadunit:import_template", args=[km["alliance"].pk]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == list(HEADERS)


def test_a_valid_file_imports_every_row_after_one_confirmation(client, km, rows):
    client.force_login(km["lead"])
    alliance = km["alliance"]
    checked = upload(client, alliance, xlsx(rows))
    assert checked.context["check"].ok and not checked.context["check"].errors
    assert Membership.objects.filter(alliance=alliance).count() == 1  # nothing written by the check
    done = confirm(client, alliance, checked)
    assert done.status_code == 302
    members = {m.organisation.name: m for m in Membership.objects.filter(alliance=alliance).select_related(
        "organisation")}
    assert set(members) == {"昆明花卉龙头企业", "昆明甲企业", "云南乙大学", "昆明丙研究所"}
    assert members["昆明甲企业"].role == "core" and members["昆明甲企业"].organisation.chain_position == "up"
    assert members["云南乙大学"].organisation.kind == "university"
    assert members["云南乙大学"].organisation.region_id == "530102"  # from the credit code
    assert members["昆明丙研究所"].organisation.legal_person is False
    # The same confirmation again imports nothing twice.
    again = client.post(reverse("leadunit:member_import_confirm", args=[alliance.pk]),
                        {"token": checked.context["token"]})
    assert again.status_code == 302 and Membership.objects.filter(alliance=alliance).count() == 4


def test_one_bad_credit_code_imports_nothing_and_names_row_and_column(client, km, rows):
    client.force_login(km["lead"])
    rows[1][1] = rows[1][1][:-1] + ("0" if rows[1][1][-1] != "0" else "1")  # wrong check character
    response = upload(client, km["alliance"], xlsx(rows))
    check = response.context["check"]
    assert not check.ok and "token" not in response.context
    assert [(e.row, e.column) for e in check.errors] == [(3, "统一社会信用代码")]
    page = response.content.decode()
    assert "统一社会信用代码" in page and "<td class=\"num\">3</td>" in page
    assert Organisation.objects.filter(name__in=[r[0] for r in rows]).count() == 0
    assert Membership.objects.filter(alliance=km["alliance"]).count() == 1


def test_duplicate_rows_and_existing_members_are_reported(client, km, rows):
    client.force_login(km["lead"])
    lead_code = km["alliance"].lead.credit_code
    rows.append(list(rows[0]))  # row 5 repeats row 2
    rows.append(["昆明花卉龙头企业", lead_code, "企业", "", "", "", "成员", rows[0][7]])  # row 6: already the lead
    check = upload(client, km["alliance"], xlsx(rows)).context["check"]
    found = {(e.row, e.column): e.message for e in check.errors}
    assert "2" in found[(5, "统一社会信用代码")]
    assert "already a member" in found[(6, "加入日期")] or "已" in found[(6, "加入日期")]
    assert Membership.objects.filter(alliance=km["alliance"]).count() == 1


def test_every_kind_of_bad_cell_is_reported_by_row(client, km, credit_code):
    client.force_login(km["lead"])
    founded = km["alliance"].founded_on
    bad = [
        ["", credit_code("530102"), "企业", "", "", "", "", founded.isoformat()],
        ["甲", credit_code("530102"), "外星机构", "", "", "", "", founded.isoformat()],
        ["乙", credit_code("530102"), "企业", "999999", "", "", "", founded.isoformat()],
        ["丙", credit_code("530102"), "企业", "", "也许", "", "", founded.isoformat()],
        ["丁", credit_code("530102"), "企业", "", "", "", "牵头单位", founded.isoformat()],
        ["戊", credit_code("530102"), "企业", "", "", "", "", "2019-02-30"],
        ["己", credit_code("530102"), "企业", "", "", "", "", (founded - timedelta(days=1)).isoformat()],
    ]
    check = upload(client, km["alliance"], xlsx(bad)).context["check"]
    assert [(e.row, e.column) for e in check.errors] == [
        (2, "单位名称"), (3, "单位类型"), (4, "注册地行政区划代码"), (5, "是否独立法人"), (6, "成员角色"),
        (7, "加入日期"), (8, "加入日期")]


def test_a_formula_cell_is_text_never_evaluated(client, km, rows, credit_code):
    client.force_login(km["lead"])
    rows[0][0] = '=HYPERLINK("http://evil.example","点我")'
    rows[1][1] = "=A1"
    response = upload(client, km["alliance"], xlsx(rows))
    check = response.context["check"]
    assert [(e.row, e.column) for e in check.errors] == [(3, "统一社会信用代码")]
    assert check.rows[0].name == '=HYPERLINK("http://evil.example","点我")'
    assert "<a href=\"http://evil.example" not in response.content.decode()
    rows[1][1] = credit_code("530102")
    checked = upload(client, km["alliance"], xlsx(rows))
    assert checked.context["check"].ok
    confirm(client, km["alliance"], checked)
    org = Organisation.objects.get(name__startswith="=HYPERLINK")
    assert org.name == '=HYPERLINK("http://evil.example","点我")'  # kept as typed …
    export = client.get(reverse("leadunit:members", args=[km["alliance"].pk]), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert "'=HYPERLINK(\"http://evil.example\",\"点我\")" in [r[0].value for r in sheet.iter_rows()]  # … and exported inert


def test_a_file_that_is_not_a_workbook_or_lacks_columns_is_refused(client, km):
    client.force_login(km["lead"])
    junk = SimpleUploadedFile("成员.xlsx", b"not a zip", content_type="application/octet-stream")
    assert upload(client, km["alliance"], junk).context["check"].errors[0].row == 0
    check = upload(client, km["alliance"], xlsx([["甲"]], headers=["单位名称"])).context["check"]
    assert {e.column for e in check.errors} == {"统一社会信用代码", "单位类型", "加入日期"}


def test_a_code_typed_as_a_number_is_refused_with_the_reason_and_a_numeric_region_is_read(client, km, credit_code):
    """A spreadsheet keeps 15 digits of a number: an 18-digit code stored as one is damaged, and said so."""
    client.force_login(km["lead"])
    code = next(c for c in (credit_code("530102") for _ in range(200)) if c.isdigit())
    day = timezone.localdate() - timedelta(days=1)
    check = upload(client, km["alliance"], xlsx([["甲企业", int(code), "企业", 530102, True, "", "", day],
                                                 ["乙企业", credit_code("530102"), "企业", 530102, "", "", "", day]])
                   ).context["check"]
    assert [(e.row, e.column) for e in check.errors] == [(2, "统一社会信用代码")]
    assert "15" in check.errors[0].message
    assert check.rows[1].region_code == "530102"
