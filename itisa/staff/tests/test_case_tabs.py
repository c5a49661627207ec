"""The staff case page in tabs (ADR 0020): 概况 / 材料 / 评审 / 公示 / 决定 / 办理过程, each its own address
(``?tab=``); a form that fails is shown again on the tab it was on, with what was typed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _shown(page: str) -> list[str]:
    """The tab panels not hidden, by id."""
    return re.findall(r'<div class="tab-panel" id="tab-(\w+)">', page)


def _crumbs(page: str) -> list[str]:
    nav = re.search(r'<nav class="crumbs"[^>]*>(.*?)</nav>', page, re.S)
    return re.findall(r'<a href="[^"]*">([^<]*)</a>', nav.group(1)) if nav else []


def _tabs(page: str) -> str:
    return re.search(r'<nav class="tabs"[^>]*>(.*?)</nav>', page, re.S).group(1)


def _current(page: str) -> list[str]:
    return re.findall(r'<a href="\?tab=(\w+)" aria-current="page">', _tabs(page))


def test_the_case_page_opens_on_its_overview_and_every_tab_has_its_address(client, jiangning_world):
    w = jiangning_world
    client.force_login(w["staff"])
    url = reverse("staff:case", args=[w["case"].pk])
    page = client.get(url).content.decode()
    assert re.findall(r'<a href="\?tab=\w+"[^>]*>([^<]+)</a>', _tabs(page)) == ["概况", "材料", "评审", "公示", "决定", "办理过程"]
    assert (_shown(page), _current(page)) == (["overview"], ["overview"])
    for tab in ("materials", "review", "notice", "decision", "process"):
        page = client.get(url, {"tab": tab}).content.decode()
        assert (_shown(page), _current(page)) == ([tab], [tab]), tab
    # Every panel is in the page (hidden but one), so the printed summary has them all.
    assert len(re.findall(r'<div class="tab-panel"', page)) >= 6
    # An unknown tab is the overview, never an error.
    assert _shown(client.get(url, {"tab": "x" * 500}).content.decode()) == ["overview"]


def test_a_refused_decision_is_shown_on_the_decision_tab_and_a_taken_one_returns_there(client, weinan_submitted):
    s = weinan_submitted
    case = s["case"]
    client.force_login(s["county"])
    form = {"move": "recommend", "prefix": "act-recommend", "act-recommend-action": "recommend",
            "act-recommend-expected_version": case.lock_version}
    refused = client.post(reverse("staff:decide", args=[case.pk]), {**form, "act-recommend-reason": ""})
    page = refused.content.decode()
    assert _shown(page) == ["decision"] and "errorlist" in page
    done = client.post(reverse("staff:decide", args=[case.pk]), {**form, "act-recommend-reason": "同意推荐"})
    assert done.status_code == 302 and done["Location"] == reverse("staff:case", args=[case.pk]) + "?tab=decision"


def test_a_refused_objection_resolution_is_shown_on_the_notice_tab(client, jiangning_world):
    w = jiangning_world
    client.force_login(w["staff"])
    url = reverse("staff:objection_resolve", args=[w["case"].pk, w["objection"].pk])
    prefix = f"obj-{w['objection'].pk}"
    kept = client.post(url, {f"{prefix}-outcome": "dismissed", f"{prefix}-reason": ""})
    assert _shown(kept.content.decode()) == ["notice"]
    done = client.post(url, {f"{prefix}-outcome": "dismissed", f"{prefix}-reason": "经核实材料属实"})
    assert done["Location"].endswith("?tab=notice")


def test_who_may_not_see_the_experts_sheets_sees_no_review_or_notice_tab(client, weinan_submitted):
    s = weinan_submitted  # the county bureau recommends; the experts' sheets and objections are the city's
    client.force_login(s["county"])
    url = reverse("staff:case", args=[s["case"].pk])
    page = client.get(url).content.decode()
    assert re.findall(r'<a href="\?tab=(\w+)"', _tabs(page)) == ["overview", "materials", "decision", "process"]
    assert _shown(client.get(url, {"tab": "review"}).content.decode()) == ["overview"]
    client.force_login(s["staff"])
    page = client.get(url).content.decode()
    assert re.findall(r'<a href="\?tab=(\w+)"', _tabs(page)) == [
        "overview", "materials", "review", "notice", "decision", "process"]


# ---------------------------------------------------------------- breadcrumbs and the marked navigation


def test_a_staff_page_under_a_case_names_the_case(client, jiangning_world):
    w = jiangning_world
    client.force_login(w["staff"])
    case_page = client.get(reverse("staff:case", args=[w["case"].pk])).content.decode()
    assert _crumbs(case_page) == ["首页", "待办事项"]
    experts = client.get(reverse("staff:experts", args=[w["case"].pk])).content.decode()
    assert _crumbs(experts) == ["首页", "待办事项", w["alliance"].name]
    assert f'href="{reverse("staff:case", args=[w["case"].pk])}"' in experts
    compare = client.get(reverse("staff:compare", args=[w["alliance"].pk])).content.decode()
    assert _crumbs(compare) == ["首页", "待办事项", "绩效评价", w["alliance"].name]


def test_the_lead_units_pages_lead_back_to_its_alliance(client, make_alliance, person):
    alliance = make_alliance("昆明花卉产业技术创新战略联盟", juris="kunming-kjj")
    client.force_login(person("km_lead", role="lead_unit", alliance=alliance))
    page = client.get(reverse("leadunit:member_import", args=[alliance.pk])).content.decode()
    assert _crumbs(page) == ["首页", "我的联盟", alliance.name, "成员单位"]


def test_the_staff_sub_navigation_marks_where_one_is(client, jiangning_world):
    w = jiangning_world
    client.force_login(w["staff"])
    page = client.get(reverse("staff:call", args=[w["call"].pk])).content.decode()
    sub = re.search(r'<nav class="toolbar" aria-label="[^"]*">(.*?)</nav>', page, re.S).group(1)
    assert re.findall(r'aria-current="\w+">([^<]+)<', sub) == ["申报通知"]
    main = re.search(r'<nav aria-label="[^"]*" class="main-nav">(.*?)</nav>', page, re.S).group(1)
    assert re.findall(r'aria-current="\w+">([^<]+)<', main) == ["待办事项"]
