"""In the browser (issue 11): the lead unit of a Kunming alliance adds 清华大学 (a Beijing university,
registered by a central authority: 12100000400000624D) and 华为技术有限公司 (a Shenzhen enterprise:
914403001922038216) on the members page, looks a region up by name in the picker, and the Kunming
conditions (昆明市…认定管理办法 第八条) count the two as members but not as local."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from itisa.register.facts import alliance_facts, alliances_for_facts
from itisa.register.models import Alliance, Organisation
from policy.api import check_eligibility

from .conftest import follow

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "昆明花卉产业技术创新战略联盟"


def test_a_kunming_lead_adds_a_beijing_university_and_a_shenzhen_enterprise(
        person, make_alliance, make_org, browser_as, clock, shot):
    today = clock.real_today()
    alliance = make_alliance(NAME, juris="kunming-kjj", lead=make_org("昆明花卉集团有限公司", region="530102"),
                             founded_on=today - timedelta(days=400))
    person("km_lead", role="lead_unit", alliance=alliance)
    page = browser_as("km_lead")
    page.goto(f"/my/a/{alliance.pk}/members/")

    # The region picker searches by name as one types (the datalist fills from the server).
    page.fill("#id_region", "海淀")
    expect(page.locator("#id_region-options option[value='110108']")).to_have_count(1)
    page.fill("#id_region", "")

    for name, code, kind in (("清华大学", "12100000400000624D", "university"),
                             ("华为技术有限公司", "914403001922038216", "enterprise")):
        page.fill("#id_credit_code", code)
        page.fill("#id_name", name)
        page.select_option("#id_kind", kind)
        page.fill("#id_joined_on", (today - timedelta(days=30)).isoformat())
        follow(page.locator("form[action*='/members/add/'] button[type=submit]"))
        expect(page.locator("#list")).to_contain_text(name)
    expect(page.locator("#list")).to_contain_text("深圳市")
    shot(page, "national-members-kunming")

    assert Organisation.objects.get(credit_code="12100000400000624D").region_id == "100000"
    assert Organisation.objects.get(credit_code="914403001922038216").region.name == "深圳市"
    fresh = alliances_for_facts(Alliance.objects.filter(pk=alliance.pk)).get()
    facts = alliance_facts(fresh, on=today)
    local = {m["name"]: "530100" in m["region_path"] for m in facts["members"]}
    assert local == {"昆明花卉集团有限公司": True, "清华大学": False, "华为技术有限公司": False}
    result = {c.id: c.status for c in check_eligibility("530100-kunming/2016", facts, today).conditions}
    assert result["lead_local_legal_person"] == "pass"
    assert result["two_enterprises"] == "pass"  # 华为 counts as an enterprise wherever it is registered
