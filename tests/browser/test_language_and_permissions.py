"""In the browser: Chinese first, English one click away; a lead unit probing another alliance gets nothing."""

from __future__ import annotations

import pytest

from itisa.accounts.models import RoleAssignment
from itisa.register.services import alliance_set_status

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_register_is_chinese_and_switches_to_english(page, shot, make_alliance, make_org, system_actor):
    alliance = make_alliance("洛阳市轴承产业技术创新战略联盟", lead=make_org("洛阳LYC轴承有限公司"))
    alliance_set_status(actor=system_actor, alliance=alliance, status="recognised", reason="认定")
    page.goto("/register/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("heading", level=1).inner_text() == "已认定联盟名录"
    assert page.get_by_role("link", name="洛阳市轴承产业技术创新战略联盟").is_visible()
    shot(page, "register-zh")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Register of recognised alliances"
    shot(page, "register-en")
    page.get_by_role("button", name="中文").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "zh-hans"


def test_a_lead_unit_cannot_open_another_alliances_page(page, login, make_alliance, make_org, django_user_model):
    mine = make_alliance("昆明花卉产业技术创新战略联盟", juris="kunming-kjj", lead=make_org("昆明花卉企业", region="530102"))
    theirs = make_alliance("昆明中药材产业技术创新战略联盟", juris="kunming-kjj", lead=make_org("昆明药企", region="530102"))
    user = django_user_model.objects.create_user(username="lead_probe", password="Probe-2026-pass")
    RoleAssignment.objects.create(user=user, role="lead_unit", alliance=mine)
    login("lead_probe", "Probe-2026-pass")
    own = page.goto(f"/my/a/{mine.pk}/")
    assert own is not None and own.status == 200 and mine.name in page.content()  # the probe can see its own
    for url in (f"/register/{theirs.pk}/", f"/my/a/{theirs.pk}/"):
        response = page.goto(url)
        assert response is not None and response.status == 404, url
        assert theirs.lead.name not in page.content()
