"""Bulk imports of issue 11: organisations (10,000 rows, all or nothing, deduplicated by credit code)
and the register a bureau already keeps (alliances, members, recognitions, past grades)."""

from __future__ import annotations

import io
import time
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from itisa.accounts.models import RoleAssignment
from itisa.audit.models import AuditEvent
from itisa.core.identifiers import make_uscc
from itisa.register import imports, register_import
from itisa.register.models import Alliance, ImportBatch, Organisation
from itisa.supervision.models import Grade

pytestmark = pytest.mark.django_db
REGIONS = ["110108", "440300", "530102", "320115", "410311", "610502", "100000", "310115", "500103", "650102"]


def workbook(sheets: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def org_sheet(rows: list[list]) -> bytes:
    return workbook({"单位": [list(imports.HEADERS[:4]) + list(imports.HEADERS[4:]), *rows]})


@pytest.fixture
def staff(django_user_model, jurisdiction):
    def make(code: str = "kunming-kjj"):
        user, created = django_user_model.objects.get_or_create(username=f"staff-{code}", defaults={"full_name": code})
        if created:
            RoleAssignment.objects.create(user=user, role="bureau_staff", jurisdiction=jurisdiction(code))
        return user

    return make


def test_ten_thousand_organisations_are_imported_in_one_batch(staff):
    rows = [[f"单位{i:05d}", make_uscc("9", "1", REGIONS[i % len(REGIONS)], f"{i:08d}"), "企业", "", "", "", ""]
            for i in range(10_000)]
    data = org_sheet(rows)
    started = time.perf_counter()
    batch, check = imports.import_organisations(actor=staff(), data=data, file_name="10000.xlsx")
    elapsed = time.perf_counter() - started
    print(f"\n10,000-row organisation import: {elapsed:.1f} s")  # measured, reported; not asserted
    assert batch.created == 10_000 and len(check.rows) == 10_000
    assert Organisation.objects.count() == 10_000
    assert Organisation.objects.get(name="单位00006").region_id == "100000"
    assert AuditEvent.objects.filter(action="organisation.import").count() == 1


def test_every_bad_row_is_reported_and_nothing_is_imported(staff, credit_code):
    good = credit_code("530102")
    rows = [
        ["好单位", good, "企业", "", "", "", ""],
        ["坏校验位", "914403001922038217", "企业", "", "", "", ""],
        ["数字格式", 91440300192203821, "企业", "", "", "", ""],
        ["重复", good, "企业", "", "", "", ""],
        ["歧义地名", credit_code("530102"), "企业", "朝阳区", "", "", ""],
        ["境外无国家", "", "高校", "", "X-1", "", ""],
        ["未知类型", credit_code("530102"), "外星机构", "", "", "", ""],
        ["", credit_code("530102"), "企业", "", "", "", ""],
    ]
    check = imports.check_upload(io.BytesIO(org_sheet(rows)))
    found = {(e.row, e.column) for e in check.errors}
    assert found == {(3, "统一社会信用代码"), (4, "统一社会信用代码"), (5, "统一社会信用代码"), (6, "注册地"),
                     (7, "发证国家或地区"), (8, "类型"), (9, "名称")}
    assert "110105" in next(e.message for e in check.errors if e.row == 6)  # 朝阳区 of Beijing among them
    with pytest.raises(ValidationError) as caught:
        imports.import_organisations(actor=staff(), data=org_sheet(rows), file_name="bad.xlsx")
    assert caught.value.code == "import_errors"
    assert not Organisation.objects.exists() and not ImportBatch.objects.exists()


def test_codes_already_registered_are_reported_not_duplicated_and_abroad_rows_have_no_region(staff, make_org):
    existing = make_org("已登记单位", region="530102")
    rows = [["已登记单位（新名）", existing.credit_code, "企业", "", "", "", ""],
            ["清华大学", "12100000400000624D", "高校", "", "", "", ""],
            ["Technische Universität München", "", "高校", "", "DE129523996", "USt-IdNr.", "de"],
            ["某老单位", "", "其他", "洛龙区", "41030012-3", "组织机构代码", "CN"]]
    batch, check = imports.import_organisations(actor=staff(), data=org_sheet(rows), file_name="mixed.xlsx")
    assert batch.created == 3 and check.rows[0].existing == "已登记单位"
    assert Organisation.objects.get(pk=existing.pk).name == "已登记单位"
    tum = Organisation.objects.get(other_id="DE129523996")
    assert tum.region is None and tum.id_country == "DE" and tum.is_foreign
    assert Organisation.objects.get(other_id="41030012-3").region_id == "410311"


def test_the_organisation_template_has_the_columns():
    ws = load_workbook(io.BytesIO(imports.template_workbook())).worksheets[0]
    assert [c.value for c in ws[1]][:4] == ["名称", "统一社会信用代码", "类型", "注册地"]


# ---------------------------------------------------------------- the existing register

KM = "昆明市花卉产业技术创新战略联盟"


def register_book(**override: list[list]) -> bytes:
    lead = make_uscc("9", "1", "530102", "77000001")
    sheets = {
        "联盟": [["联盟名称", "主管科技局", "成立日期", "联盟类型"], [KM, "kunming-kjj", "2019-05-20", "研发类联盟"]],
        "成员": [["联盟名称", "单位名称", "统一社会信用代码", "单位类型", "成员角色", "加入日期", "退出日期"],
                 [KM, "昆明花卉龙头企业", lead, "企业", "牵头单位", "2019-05-20", ""],
                 [KM, "清华大学", "12100000400000624D", "高校", "成员", "2019-05-20", ""],
                 [KM, "华为技术有限公司", "914403001922038216", "企业", "核心成员", "2019-06-01", "2022-01-01"]],
        "认定": [["联盟名称", "级别", "认定日期", "认定部门", "文号"], [KM, "市级", "2020-01-15", "kunming-kjj", "昆科发〔2020〕1号"]],
        "评价": [["联盟名称", "年度", "等级"], [KM, "2021", "合格"]],
    }
    sheets.update(override)
    return workbook(sheets)


def test_a_bureau_imports_the_alliances_it_already_recognised(staff):
    batch, check = register_import.import_register(actor=staff(), data=register_book(), file_name="register.xlsx")
    assert check.counts == {"alliances": 1, "members": 3, "recognitions": 1, "grades": 1}
    alliance = Alliance.objects.get(name=KM)
    assert (alliance.level, alliance.status, alliance.lead.name) == ("municipal", "recognised", "昆明花卉龙头企业")
    record = alliance.level_history.get()
    assert (record.from_date, record.document_number) == (date(2020, 1, 15), "昆科发〔2020〕1号")
    huawei = alliance.memberships.get(organisation__credit_code="914403001922038216")
    assert (huawei.role, huawei.left_on) == ("core", date(2022, 1, 1))
    grade = Grade.objects.get(alliance=alliance)
    assert (grade.year, grade.grade, grade.pack_id) == (2021, "pass", "530100-kunming/2016")
    assert batch.created == 1 and AuditEvent.objects.filter(action="register.import").count() == 1


def test_a_bad_register_is_reported_across_sheets_and_nothing_is_imported(staff):
    data = register_book(**{
        "成员": [["联盟名称", "单位名称", "统一社会信用代码", "单位类型", "成员角色", "加入日期", "退出日期"],
                 [KM, "清华大学", "12100000400000624D", "高校", "成员", "2019-01-01", ""],
                 ["不存在的联盟", "华为", "914403001922038216", "企业", "成员", "2019-06-01", ""]],
        "评价": [["联盟名称", "年度", "等级"], [KM, "2021", "优秀"]],
    })
    check = register_import.check_upload(io.BytesIO(data), staff())
    found = {(e.sheet, e.row, e.column) for e in check.errors}
    assert ("联盟", 2, "联盟名称") in found  # no lead
    assert ("成员", 2, "加入日期") in found  # before the founding
    assert ("成员", 3, "联盟名称") in found  # unknown alliance
    assert ("评价", 2, "等级") in found  # Kunming grades 合格/不合格
    with pytest.raises(ValidationError) as caught:
        register_import.import_register(actor=staff(), data=data, file_name="bad.xlsx")
    assert caught.value.code == "import_errors"
    assert not Alliance.objects.exists() and not Organisation.objects.exists()


def test_staff_import_only_their_own_bureaus_register(staff):
    check = register_import.check_upload(io.BytesIO(register_book()), staff("luoyang-kjj"))
    assert [(e.sheet, e.column) for e in check.errors] == [("联盟", "主管科技局")]


def test_the_staff_pages_check_then_import_on_confirmation(client, staff):
    client.force_login(staff())
    assert client.get("/work/register/alliances/template.xlsx").status_code == 200
    upload = io.BytesIO(register_book())
    upload.name = "register.xlsx"
    page = client.post("/work/register/alliances/import/", {"file": upload})
    assert page.status_code == 200 and not Alliance.objects.exists()
    confirm = page.context["confirm"]
    done = client.post("/work/register/alliances/import/", {"confirm": confirm})
    assert done.status_code == 302 and Alliance.objects.filter(name=KM).exists()
    rows = io.BytesIO(org_sheet([["小米科技有限责任公司", "91110108551385082Q", "企业", "海淀区", "", "", ""]]))
    rows.name = "orgs.xlsx"
    page = client.post("/work/register/organisations/import/", {"file": rows})
    client.post("/work/register/organisations/import/", {"confirm": page.context["confirm"]})
    assert Organisation.objects.get(credit_code="91110108551385082Q").region_id == "110108"


def test_the_import_pages_are_for_bureau_staff_only(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="nobody", password="pw"))
    assert client.get("/work/register/alliances/import/").status_code == 403
    assert client.get("/work/register/organisations/import/").status_code == 403
