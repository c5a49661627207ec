"""Dashboards: scoped to the user's region, a fixed number of queries, Jiangning 第四条 counted by hand."""

from __future__ import annotations

import csv
import io
from datetime import date
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from itisa.register.models import Alliance
from itisa.register.services import alliance_level_record, membership_add
from itisa.register.synthetic import generate_register
from itisa.supervision.models import Deadline, Grade
from tests.support import body

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 21)


def on_day(day: date):
    from datetime import datetime

    at = datetime(day.year, day.month, day.day, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    return mock.patch("django.utils.timezone.now", return_value=at)


@pytest.fixture
def staff(person, jurisdiction):
    return {
        "jn": person("jn_staff", role="bureau_staff", jurisdiction=jurisdiction("jiangning-kjj")),
        "jn_fin": person("jn_fin", role="finance", jurisdiction=jurisdiction("jiangning-kjj")),
        "ly": person("ly_staff", role="bureau_staff", jurisdiction=jurisdiction("luoyang-kjj")),
        "most": person("most_staff", role="bureau_staff", jurisdiction=jurisdiction("most")),
        "nobody": person("nobody"),
    }


@pytest.mark.parametrize("size", [10, 1000])
def test_the_dashboard_costs_the_same_queries_for_10_or_1000_alliances(client, staff, size,
                                                                       django_assert_max_num_queries):
    generate_register(alliances=size, seed=size, today=TODAY)
    assert Alliance.objects.count() == size
    client.force_login(staff["most"])
    # The bureau scope read once with what the register figures and level records count (formerly six
    # queries), +2 the names of its fields and regions, +1 the nav asks itisa.access, +1 next year's holidays
    with on_day(TODAY), django_assert_max_num_queries(16):
        response = client.get(reverse("dashboards:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="chart-by_status"' in page and "chart-4.6.1.umd.min.js" in page
    client.force_login(staff["jn"])
    with on_day(TODAY), django_assert_max_num_queries(16):
        assert client.get(reverse("dashboards:home")).status_code == 200


def in_bureau_scope(alliance: Alliance, code: str, region_path: str | None) -> bool:
    """docs/access.md, re-stated row by row: its own, applying or recognised by it, or recognised below it."""
    levels = list(alliance.level_history.select_related("jurisdiction__region"))
    return (alliance.jurisdiction.code == code
            or alliance.cases.filter(jurisdiction__code=code).exists()
            or any(lr.jurisdiction.code == code for lr in levels)
            or any(region_path is None or (lr.jurisdiction.region is not None
                                           and lr.jurisdiction.region.path.startswith(region_path)) for lr in levels))


def test_each_user_sees_only_the_alliances_of_their_bureau_scope(client, staff):
    generate_register(alliances=40, seed=7, today=TODAY)
    client.force_login(staff["ly"])
    rows = list(csv.reader(io.StringIO(body(client.get(reverse("dashboards:home"), {"export": "csv", "table": "by_status"}))
                                       .decode("utf-8-sig"))))
    luoyang = sum(in_bureau_scope(a, "luoyang-kjj", "410000/410300") for a in Alliance.objects.all())
    assert sum(int(r[1]) for r in rows[1:]) == luoyang > 0
    client.force_login(staff["most"])
    rows = list(csv.reader(io.StringIO(body(client.get(reverse("dashboards:home"), {"export": "csv", "table": "by_level"}))
                                       .decode("utf-8-sig"))))
    national = sum(in_bureau_scope(a, "most", None) for a in Alliance.objects.all())
    assert sum(int(r[1]) for r in rows[1:]) == national > 0
    assert client.get(reverse("dashboards:home"), {"export": "csv", "table": "nope"}).status_code == 404


def test_only_bureau_staff_and_finance_see_dashboards(client, staff):
    client.force_login(staff["nobody"])
    assert client.get(reverse("dashboards:home")).status_code == 403
    client.force_login(staff["jn_fin"])
    assert client.get(reverse("dashboards:home")).status_code == 200
    client.logout()
    assert client.get(reverse("dashboards:home")).status_code == 302


def test_deadlines_overdue_and_coming_and_grades(client, staff, make_alliance, make_org):
    a = make_alliance("江宁区储能产业技术创新战略联盟", juris="jiangning-kjj", lead=make_org("江宁储能企业", region="320115"))
    common = {"alliance": a, "pack_id": "320115-jiangning/2019", "kind": "report", "actor": "lead_unit",
              "article": "第十一条", "status_since": TODAY, "last_scanned_on": TODAY}
    Deadline.objects.create(duty="annual_report", period="2025", label_zh="年度工作报告", label_en="Annual report",
                            due_on=date(2026, 1, 15), status="overdue", **common)
    Deadline.objects.create(duty="annual_report", period="2026", label_zh="2026年度工作报告", label_en="Annual report",
                            due_on=date(2026, 12, 15), status="upcoming", **common)
    Deadline.objects.create(duty="annual_report", period="2024", label_zh="已交报告", label_en="Annual report",
                            due_on=date(2025, 1, 15), status="done", **common)
    Grade.objects.create(alliance=a, kind="yearly", year=2025, grade="excellent", grade_label="优秀",
                         pack_id="320115-jiangning/2019", article="第十一条", graded_on=date(2026, 3, 1))
    client.force_login(staff["jn"])
    with on_day(TODAY):
        page = client.get(reverse("dashboards:home")).content.decode()
        grades = client.get(reverse("dashboards:home"), {"export": "csv", "table": "grades_by_year"})
        grades_text = body(grades).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(grades_text)))[1] == ["2025", "1"]
    assert "优秀" in grades_text
    assert '<div class="big" data-count="overdue">1</div>' in page
    assert '<div class="big" data-count="coming">1</div>' in page
    assert "2026-01-15" in page and "2026-12-15" in page and "已交报告" not in page
    client.force_login(staff["ly"])
    with on_day(TODAY):
        assert "年度工作报告" not in client.get(reverse("dashboards:home")).content.decode()


def test_jiangning_article_4_progress_by_hand(client, staff, make_alliance, make_org, jurisdiction, system_actor):
    """第四条: by 2020 ≥ 3 district alliances, ≥ 1 provincial, ≥ 5 district organisations in national alliances."""
    jn = jurisdiction("jiangning-kjj")

    def district(name, on):
        a = make_alliance(name, juris="jiangning-kjj", lead=make_org(f"{name}牵头", region="320115"),
                          founded_on=date(2019, 1, 5))
        alliance_level_record(actor=system_actor, alliance=a, level="district", from_date=on, jurisdiction=jn)
        return a

    district("江宁甲联盟", date(2019, 3, 1))
    b = district("江宁乙联盟", date(2020, 5, 1))
    district("江宁丙联盟", date(2021, 2, 1))  # too late for 2020, counts today
    make_alliance("江宁筹建联盟", juris="jiangning-kjj", lead=make_org("筹建牵头", region="320115"))  # never recognised
    alliance_level_record(actor=system_actor, alliance=b, level="provincial", from_date=date(2020, 9, 1),
                          jurisdiction=jurisdiction("jiangsu-kjt"))
    # A national alliance elsewhere (Luoyang), national since 2019-05-01, with district organisations as members.
    national = make_alliance("国家轴承产业技术创新战略联盟", lead=make_org("洛阳国家联盟牵头"), founded_on=date(2018, 1, 1))
    alliance_level_record(actor=system_actor, alliance=national, level="national", from_date=date(2019, 5, 1),
                          jurisdiction=jurisdiction("most"))

    def member(name, kind, joined, left=None, region="320115"):
        membership_add(actor=system_actor, alliance=national, organisation=make_org(name, region=region, kind=kind),
                       joined_on=joined, left_on=left)

    for i in range(3):
        member(f"江宁龙头企业{i}", "enterprise", date(2019, 6, 1))
    member("江宁某大学", "university", date(2018, 3, 1))  # member before, national from 2019-05-01: counts
    member("江宁新型研发机构", "new_rnd_institution", date(2021, 3, 1))  # 2021: today only
    member("江宁某银行", "bank", date(2019, 6, 1))  # not a kind the text names
    member("江宁退出企业", "enterprise", date(2018, 3, 1), left=date(2019, 4, 1))  # left before it was national
    member("洛阳企业", "enterprise", date(2019, 6, 1), region="410311")  # not in the district

    client.force_login(staff["jn"])
    with on_day(TODAY):
        page = client.get(reverse("dashboards:home")).content.decode()

    def cells(target):
        start = page.index(f'data-target="{target}"')
        row = page[start:page.index("</tr>", start)]
        by = row.split("data-by>")[1].split("<")[0]
        now = row.split("data-now>")[1].split("<")[0]
        return int(by), int(now), ("Met" in row or "已达成" in row or 'badge ok' in row)

    assert cells("district_alliances") == (2, 3, False)  # 甲 2019, 乙 2020; 丙 only in 2021
    assert cells("provincial_alliances") == (1, 1, True)
    assert cells("national_participants") == (4, 5, False)  # 3 enterprises + the university; +1 in 2021
    client.force_login(staff["ly"])
    with on_day(TODAY):
        assert "第四条" not in client.get(reverse("dashboards:home")).content.decode()


def test_the_bureau_scope_is_read_once_per_page_whatever_the_number_of_alliances(client, staff):
    # The scope (docs/access.md: recognised by the bureau, a case before it, a level record below it) is one
    # query of ids; every figure reuses it rather than recomputing it as a sub-query.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size, seed in ((5, 1), (60, 2)):
        Alliance.objects.all().delete()
        generate_register(alliances=size, seed=seed, today=TODAY)
        client.force_login(staff["jn"])
        with on_day(TODAY), CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("dashboards:home")).status_code == 200
        scope_reads = [q["sql"] for q in ctx.captured_queries if "workflow_case" in q["sql"]]
        assert len(scope_reads) == 1, scope_reads
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_a_region_is_shown_by_its_name_not_its_code(client, staff, make_alliance, make_org):
    make_alliance("江宁区储能产业技术创新战略联盟", juris="jiangning-kjj", lead=make_org("江宁储能企业", region="320115"))
    client.force_login(staff["jn"])
    response = client.get(reverse("dashboards:home"))
    [region_table] = [t for t in response.context["register"] if t.key == "by_region"]
    assert region_table.rows == [["江宁区", 1]] and region_table.chart["labels"] == ["江宁区"]
    assert "320115" not in response.content.decode()


def test_the_money_figures_read_articles_as_the_text_writes_them(client, staff, jurisdiction, jiangning_alliance):
    # Jiangning 第十条1 (区级 30 万元), committed on 2019-04-10: the table reads 第十条第1项, never the pack's 第十条1
    # or a bare number; no chart label is a pack form either.
    import re
    from decimal import Decimal

    from itisa.funding.services import budget_set, fund_create, grant_decide, grant_propose

    fund = fund_create(actor=staff["jn_fin"], jurisdiction=jurisdiction("jiangning-kjj"),
                       name="江宁区产业技术创新战略联盟扶持资金", is_default=True)
    budget_set(actor=staff["jn_fin"], fund=fund, year=2019, amount=Decimal("1000"))
    a = jiangning_alliance()
    [p] = [p for p in grant_propose(actor=staff["jn"], alliance=a, pack="jiangning", on=date(2019, 4, 1)).proposals
           if p.rule == "recognition_award"]
    grant_decide(actor=staff["jn"], proposal=p, approve=True, on=date(2019, 4, 10))
    client.force_login(staff["jn_fin"])
    response = client.get(reverse("dashboards:home"))
    [by_article] = [t for t in response.context["money"] if t.key == "money_by_article"]
    assert [row[2] for row in by_article.rows] == ["第十条第1项"]
    pack_form = re.compile(r"^\d+\(|^第[一二三四五六七八九十百]+条\d")  # 6(2), 第十条1 (years are plain numbers)
    for t in [*response.context["register"], *response.context["over_time"], *response.context["money"],
              response.context["evaluation"]]:
        assert not [label for label in (t.chart or {}).get("labels", []) if pack_form.match(str(label))], t.key
    assert "第十条1<" not in response.content.decode()
