"""Exports of the lists that render their own tables: public notices, revoked alliances, report
endorsements, a case's expert list. Each carries the page's headers and only what the page shows."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.support import body

pytestmark = pytest.mark.django_db


def sheet_rows(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return [[c.value for c in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()]


def csv_lines(response) -> list[str]:
    assert response["Content-Type"].startswith("text/csv")
    return body(response).decode("utf-8-sig").splitlines()


def test_the_revoked_alliances_export_names_article_and_reason(client, make_alliance, make_org, person, jurisdiction):
    from itisa.supervision.models import Revocation

    revoked = make_alliance("昆明撤销示例产业技术创新战略联盟", juris="kunming-kjj", lead=make_org("撤销示例牵头", region="530102"))
    Revocation.objects.create(alliance=revoked, pack_id="530100-kunming/2016", article="第十七条(三)", reason="申报弄虚作假",
                              decided_on=date(2021, 5, 2), published_on=date(2021, 5, 2))
    rows = sheet_rows(client.get(reverse("public:revoked"), {"export": "xlsx"}))
    assert rows[1] == ["联盟", "管理部门", "撤销日期", "条款", "理由", "收回授牌日期"]
    assert rows[2][0] == revoked.name and "第十七条" in rows[2][3] and rows[2][4] == "申报弄虚作假"
    lines = csv_lines(client.get(reverse("public:revoked"), {"export": "csv"}))
    assert len(lines) == 2 and revoked.name in lines[1]


def test_the_public_notices_export_lists_only_the_open_notices(client, jiangning_world):
    w = jiangning_world
    lines = csv_lines(client.get(reverse("public:notices"), {"export": "csv"}))
    assert len(lines) == 1  # the world's notice closed long ago: the page shows none, nor does the export
    from django.utils import timezone

    notice = w["notice"]
    notice.published_on, notice.ends_on, notice.status = timezone.localdate(), timezone.localdate(), "published"
    notice.save()
    rows = sheet_rows(client.get(reverse("public:notices"), {"export": "xlsx"}))
    assert len(rows) == 3 and rows[2][0] == notice.title and rows[2][1] == w["alliance"].name


def test_the_report_endorsements_export_is_the_recommenders_own_scope(client, weinan_submitted, person,
                                                                    jurisdiction):
    from itisa.supervision.models import Report

    w = weinan_submitted
    Report.objects.create(alliance=w["alliance"], kind="annual_report", year=2020, pack_id="610500-weinan/2015",
                          duty="annual_report", filed_on=date(2021, 1, 10), endorsement_required=True,
                          endorsed_on=date(2021, 1, 12), endorsement_opinion="情况属实，同意上报")
    client.force_login(w["county"])
    rows = sheet_rows(client.get(reverse("staff:reports"), {"export": "xlsx"}))
    assert len(rows) == 3 and rows[2][0] == w["alliance"].name and rows[2][-1] == "情况属实，同意上报"
    other = person("luolong", role="recommender", recommender_kind="county_bureau",
                   jurisdiction=jurisdiction("410311-kjj"))
    client.force_login(other)
    assert len(csv_lines(client.get(reverse("staff:reports"), {"export": "csv"}))) == 1  # headers only
    client.force_login(w["lead"])
    assert client.get(reverse("staff:reports"), {"export": "csv"}).status_code == 403


def test_the_expert_list_export_shows_conflicts_and_is_the_bureaus_own(client, jiangning_in_review, make_expert,
                                                                      person, jurisdiction):
    s = jiangning_in_review
    member = s["alliance"].memberships.select_related("organisation").first().organisation
    make_expert("zhuanjia_a", org=member)
    make_expert("zhuanjia_b")
    client.force_login(s["staff"])
    rows = sheet_rows(client.get(reverse("staff:experts", args=[s["case"].pk]), {"export": "xlsx", "round": "review"}))
    assert len(rows[1]) == 7 and len(rows) >= 4
    conflicted = [r for r in rows[2:] if r[5]]
    assert conflicted and member.name in conflicted[0][5]
    client.force_login(person("km_staff_x", role="bureau_staff", jurisdiction=jurisdiction("kunming-kjj")))
    assert client.get(reverse("staff:experts", args=[s["case"].pk]), {"export": "csv"}).status_code == 404
