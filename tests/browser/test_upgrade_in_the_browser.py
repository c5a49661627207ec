"""In the browser, 昆明市产业技术创新战略联盟认定管理办法 第七条/第十二条: a recognised municipal alliance asks the city
to recommend it for provincial recognition; the city's staff recommend it (第十二条 “经市科技管理部门推荐升级为省级”);
the province, which recognises outside this system, records the recognition it made; the alliance's level history
shows the provincial level with the city's recommendation read from the case — the fact the 10 万元 top-up reads.

Recognised municipal on 2024-01-20 through the services; the browser steps run with the server's clock in 2024.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from itisa.register.services import alliance_level_record
from itisa.supervision.facts import supervision_facts
from itisa.workflow.models import Case

from .conftest import case_tab, follow, press, zh

pytestmark = pytest.mark.django_db(transaction=True)
NAME = "昆明市高原特色农业产业技术创新战略联盟"


@pytest.fixture
def recognised(person, make_alliance, make_org, jurisdiction, system_actor):
    kunming = jurisdiction("kunming-kjj")
    alliance = make_alliance(NAME, juris="kunming-kjj", lead=make_org("昆明高原农业科技有限公司", region="530102"),
                             founded_on=date(2022, 5, 1))
    alliance_level_record(actor=system_actor, alliance=alliance, level="municipal", from_date=date(2024, 1, 20),
                          jurisdiction=kunming, document_number="昆科〔2024〕3号")
    person("km_lead", role="lead_unit", alliance=alliance)
    person("km_staff", role="bureau_staff", jurisdiction=kunming)
    person("yn_staff", role="bureau_staff", jurisdiction=jurisdiction("yunnan-kjt"))
    alliance.refresh_from_db()
    return alliance


def test_kunming_upward_recommendation_and_provincial_recognition(browser_as, shot, recognised, clock, pdf_upload):
    alliance = recognised

    # ---------------------------------------------------------------- 2024-08-01: the lead unit asks (第七条)
    clock.set(date(2024, 8, 1))
    lead = browser_as("km_lead")
    lead.goto(f"/my/a/{alliance.pk}/")
    follow(lead.get_by_role("navigation", name=zh("Alliance sections")).get_by_role("link", name=zh("Procedures")))
    expect(lead.get_by_role("cell", name="推荐申报省级、国家级联盟")).to_be_visible()
    form = lead.locator("form[action$='/procedures/open/']")
    form.get_by_label(zh("Procedure")).select_option(label="推荐申报省级、国家级联盟")
    follow(form.get_by_role("button", name=zh("Open the case")))
    expect(lead.get_by_role("heading", level=2)).to_have_text("推荐申报省级、国家级联盟")
    ask = lead.locator("form.decision").filter(has=lead.locator("input[name=move][value=request_recommendation]"))
    expect(ask.get_by_role("button", name=zh("Request a recommendation"))).to_be_disabled()  # the request is missing
    lead.locator("tr[id^=m-] input[type=file]").first.set_input_files(pdf_upload("推荐申请书.pdf"))
    follow(lead.locator("tr[id^=m-]").first.get_by_role("button", name=zh("Attach")))
    expect(lead.get_by_role("link", name="推荐申请书.pdf")).to_be_visible()
    ask = lead.locator("form.decision").filter(has=lead.locator("input[name=move][value=request_recommendation]"))
    ask.locator("textarea").fill("联盟运行良好，申请推荐申报省级联盟")
    follow(press(ask, zh("Request a recommendation")))
    shot(lead, "kunming-upgrade-01-lead-requested")
    case = Case.objects.get(alliance=alliance, procedure_id="upward_recommendation")
    assert case.state == "requested"

    # ---------------------------------------------------------------- 2024-08-05: the city recommends (第十二条)
    clock.set(date(2024, 8, 5))
    city = browser_as("km_staff")
    city.goto(f"/work/alliances/{alliance.pk}/")
    follow(city.get_by_role("link", name=f"#{case.pk} 推荐申报省级、国家级联盟"))
    case_tab(city, "Decision")
    decide = city.locator("form").filter(has=city.locator("input[name=move][value=recommend_provincial]"))
    decide.locator("textarea").fill("经审核，同意推荐申报省级联盟")
    follow(press(decide, zh("Recommend for provincial recognition")))
    case.refresh_from_db()
    assert case.state == "recommended_provincial"
    shot(city, "kunming-upgrade-02-city-recommended")

    # ---------------------------------------------------------------- 2024-11-01: the province records its recognition
    clock.set(date(2024, 11, 1))
    province = browser_as("yn_staff")
    province.goto(f"/work/alliances/{alliance.pk}/")
    form = province.locator("form[action$='/levels/']")
    form.get_by_label(zh("Level"), exact=True).select_option(value="provincial")
    form.get_by_label(zh("Recognising bureau")).select_option(label="云南省科学技术厅")
    form.get_by_label(zh("Recognised from")).fill("2024-10-28")
    form.get_by_label(zh("Document number")).fill("云科〔2024〕21号")
    follow(press(form, zh("Record the recognition")))
    history = province.locator("section").filter(has=province.locator("#levels-h"))
    row = history.get_by_role("row").filter(has_text="云科〔2024〕21号")
    expect(row).to_contain_text("云南省科学技术厅")
    expect(row).to_contain_text("2024-10-28")
    expect(row).to_contain_text("昆明市科学技术局")  # the recommendation, read from the case
    expect(row).to_contain_text("2024-08-05")
    expect(history.get_by_role("row").filter(has_text="昆科〔2024〕3号")).to_contain_text("2024-01-20")
    shot(province, "kunming-upgrade-03-province-recorded")
    alliance.refresh_from_db()
    assert alliance.level == "provincial"
    provincial = next(lvl for lvl in supervision_facts(alliance, on=date(2024, 11, 1))["levels"]
                      if lvl["level"] == "provincial")
    assert provincial["recommended_by"] == "city_bureau"  # from the move's ``produces``, nobody typed it
