"""In the browser, 洛阳市产业技术创新战略联盟管理办法 (洛政办〔2018〕54号, in force 2018-07-10 … 2020-12-31):
the yearly evaluation of a recognised alliance, 第九条 — 不合格, warning and rectification, then support withdrawn.

The alliance is recognised through the services in 2019 (第七条: call, county bureau, city, experts). The text
lapsed on 2020-12-31, and the pages decide with the server's date: the browser steps run with the server's clock
moved to the day each person acts (2019-12-20 the grade, 2020-06-01 the response, 2020-06-25 the judgement).
The public register is read today, after the text has lapsed: the status stays as decided.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from itisa.audit.services import audit_verify_chain
from itisa.recognition.models import Recognition
from itisa.register.services import alliance_update, membership_add
from itisa.reviews.selectors import case_sheet_template
from itisa.reviews.services import expert_assign, sheet_submit
from itisa.supervision.models import AppliedConsequence, Rectification, Revocation
from itisa.workflow.services import call_create, case_act, case_attach_material, case_open

from .conftest import follow, press, zh

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "洛阳市轴承产业技术创新战略联盟"


@pytest.fixture
def recognised(person, jurisdiction, make_alliance, make_org, make_expert, system_actor):
    """第七条, through the services, with the dates of 2019: recognised 2019-04-25, 洛科〔2019〕1号, municipal."""
    import io

    from itisa.documents.services import document_upload

    luoyang = jurisdiction("luoyang-kjj")
    alliance = make_alliance(NAME, juris="luoyang-kjj", lead=make_org("洛阳轴承集团有限公司", region="410311"),
                             founded_on=date(2018, 10, 1))
    chain = iter(("up", "mid", "down"))  # 第六条(三): the enterprises cover the chain up-, mid- and downstream
    for i in range(6):
        kind = "enterprise" if i % 2 == 0 else "university"
        membership_add(actor=system_actor, alliance=alliance, joined_on=date(2018, 10, 1),
                       organisation=make_org(f"洛阳轴承成员单位{i + 1}", region="410311", kind=kind,
                                             **({"chain_position": next(chain)} if kind == "enterprise" else {})))
    alliance = alliance_update(actor=system_actor, alliance=alliance, reason="申报准备", has_office=True,
                               full_time_staff=2, has_council=True, has_expert_committee=True,
                               has_executive_body=True, agreement_signed_by_all=True, has_charter=True)
    lead = person("ly_lead", role="lead_unit", alliance=alliance)
    county = person("luolong", role="recommender", recommender_kind="county_bureau",
                    jurisdiction=jurisdiction("410311-kjj"))
    staff = person("ly_staff", role="bureau_staff", jurisdiction=luoyang)

    def pdf(name):
        data = b"%PDF-1.7\n%%EOF\n"
        return document_upload(actor=system_actor, kind="other", name=name, stream=io.BytesIO(data), size=len(data),
                               alliance=alliance)

    call = call_create(actor=staff, jurisdiction=luoyang, year=2019, title="2019年度洛阳市产业技术创新战略联盟申报",
                       opens_on=date(2019, 3, 1), closes_on=date(2019, 3, 31))
    case = case_open(actor=lead, alliance=alliance, call=call, on=date(2019, 3, 5))
    case_attach_material(actor=lead, case=case, material_id="application_form", document=pdf("联盟申请表.pdf"))
    case_attach_material(actor=lead, case=case, material_id="feasibility_report", document=pdf("可行性报告.pdf"))
    case_act(actor=lead, case=case, action="submit", on=date(2019, 3, 5))
    case_act(actor=county, case=case, action="recommend", reason="同意推荐", on=date(2019, 3, 15))
    case_act(actor=staff, case=case, action="accept", on=date(2019, 3, 20))
    case_act(actor=staff, case=case, action="assign_experts", on=date(2019, 3, 20))
    answers = {q["id"]: True for q in case_sheet_template(case, "review")["questions"]}
    for username, score in (("ly_expert_a", "82"), ("ly_expert_b", "78"), ("ly_expert_c", "90")):
        expert = make_expert(username)
        expert_assign(actor=staff, case=case, expert=expert, on=date(2019, 3, 25))
        sheet_submit(actor=expert.user, case=case, opinion="pass", overall_score=score, answers=answers,
                     on=date(2019, 4, 15))
    case_act(actor=staff, case=case, action="recognise", on=date(2019, 4, 25))
    recognition = Recognition.objects.get(case=case)
    assert (recognition.document_number, recognition.level) == ("洛科〔2019〕1号", "municipal")
    alliance.refresh_from_db()
    assert alliance.status == "recognised"
    return alliance


def test_luoyang_yearly_evaluation_fails_and_support_is_withdrawn(browser_as, shot, recognised, pdf_upload, clock):
    alliance = recognised

    # ---------------------------------------------------------------- 2019-12-20: staff grade 2019 不合格 (第九条)
    clock.set(date(2019, 12, 20))
    staff = browser_as("ly_staff")
    staff.goto("/work/")
    follow(staff.get_by_role("navigation", name=zh("Work pages")).get_by_role("link", name=zh("Evaluations")))
    follow(staff.get_by_role("link", name=NAME))
    assert staff.url.endswith(f"/work/alliances/{alliance.pk}/")
    assert "洛政办〔2018〕54号" in staff.inner_text("main")  # the text governing "today" (2019-12-20)
    grade_form = staff.locator(f"form[action='/work/alliances/{alliance.pk}/grade/']")
    grade_form.get_by_label(zh("Year"), exact=True).fill("2019")
    grade_form.get_by_label(zh("Grade"), exact=True).select_option("fail")
    grade_form.get_by_label(zh("Note")).fill("计划执行不到位")
    grade_form.get_by_label(zh("Rectification period (months), if one is ordered")).fill("6")
    follow(press(grade_form, zh("Record the grade")))
    heading = staff.get_by_role("heading", level=1)
    expect(heading.locator(".badge")).to_have_text(zh("Warned, rectifying"))
    main = staff.locator("main")
    grades = main.get_by_role("table").filter(has_text="不合格").first  # the grades (the level history is above)
    assert "2019" in grades.inner_text() and "不合格" in grades.inner_text() and "第九条" in grades.inner_text()
    applied = staff.get_by_role("row").filter(has_text="评价不合格：警告并限期整改")  # the pack's words, not its id
    assert "第九条" in applied.inner_text() and "warning_rectify" not in applied.inner_text()
    assert "已发文认定 → 已警告" in applied.inner_text()
    order_card = staff.locator("article.card").filter(has_text="2019-12-20 → 2020-06-20")
    assert order_card.count() == 1 and "第九条" in order_card.inner_text()
    expect(order_card.locator(".badge")).to_have_text(zh("Pending"))
    # Recording the grade applied what 第九条 draws from it; applying again finds nothing new.
    follow(press(staff, zh("Apply the consequences")))
    assert zh("Nothing new to apply.") in staff.inner_text("main")
    shot(staff, "luoyang-01-staff-graded-fail-warning-rectification")
    alliance.refresh_from_db()
    assert alliance.status == "warned"
    [order] = Rectification.objects.filter(alliance=alliance)
    assert (order.ordered_on, order.due_on, order.article, order.result) == (
        date(2019, 12, 20), date(2020, 6, 20), "第九条", "pending")
    assert list(AppliedConsequence.objects.filter(alliance=alliance).values_list("consequence", "article")) == [
        ("warning_rectify", "第九条")]

    # ---------------------------------------------------------------- 2020-06-01: the lead unit responds
    clock.set(date(2020, 6, 1))
    lead = browser_as("ly_lead")
    lead.goto("/my/")
    follow(lead.get_by_role("navigation", name=zh("Alliance sections")).get_by_role(
        "link", name=zh("Rectification orders")))
    row = lead.get_by_role("row").filter(has_text="2020-06-20")
    assert "第九条" in row.inner_text() and zh("Pending") in row.inner_text()
    follow(row.get_by_role("link", name="2019-12-20"))
    assert "不合格" in lead.inner_text("main") and "计划执行不到位" in lead.inner_text("main")
    lead.get_by_label(zh("What was rectified")).fill("已补充专职人员并修订年度计划")
    lead.get_by_label(zh("Supporting document")).set_input_files(pdf_upload("整改报告.pdf"))
    shot(lead, "luoyang-02-lead-rectification-response")
    follow(press(lead, zh("Send the response")))
    assert zh("Your response was sent to the bureau.") in lead.inner_text("main")
    assert lead.get_by_role("link", name="整改报告.pdf").is_visible()
    order.refresh_from_db()
    assert (order.response, order.responded_on, order.response_document.original_name) == (
        "已补充专职人员并修订年度计划", date(2020, 6, 1), "整改报告.pdf")

    # ---------------------------------------------------------------- 2020-06-25: staff judge it not rectified
    clock.set(date(2020, 6, 25))
    staff = browser_as("ly_staff")  # half a year on: yesterday's session has expired, a new day's login
    staff.goto(f"/work/alliances/{alliance.pk}/")
    order_card = staff.locator("article.card").filter(has_text="2019-12-20 → 2020-06-20")
    assert "已补充专职人员并修订年度计划" in order_card.inner_text() and "2020-06-01" in order_card.inner_text()
    order_card.get_by_label(zh("Result"), exact=True).select_option("fail")
    order_card.get_by_label(zh("Judgement")).fill("整改后仍不达标")
    follow(press(order_card, zh("Judge")))
    expect(staff.get_by_role("heading", level=1).locator(".badge")).to_have_text(zh("Support withdrawn"))
    lost = staff.get_by_role("row").filter(has_text="整改不合格：取消享受扶持与奖励政策的资格")  # the pack's words
    assert "第九条" in lost.inner_text() and "loses_support" not in lost.inner_text()
    assert "已警告 → " in lost.inner_text() and "support_suspended" not in lost.inner_text()
    assert "整改后仍不达标" in staff.inner_text("main")
    shot(staff, "luoyang-03-staff-not-rectified-support-withdrawn")
    alliance.refresh_from_db()
    assert (alliance.status, alliance.level, alliance.level_history.count()) == ("support_suspended", "municipal", 1)
    order.refresh_from_db()
    assert (order.result, order.judged_on) == ("fail", date(2020, 6, 25))
    assert not Revocation.objects.filter(alliance=alliance).exists()

    # ---------------------------------------------------------------- today: the public register
    clock.reset()
    public = browser_as(None)
    public.goto("/register/")
    row = public.get_by_role("row").filter(has_text=NAME)
    expect(row.locator(".badge")).to_have_text(zh("Support withdrawn"))
    assert zh("Municipal") in row.inner_text()
    shot(public, "luoyang-04-public-register")
    follow(row.get_by_role("link", name=NAME))
    expect(public.get_by_role("heading", level=1).locator(".badge")).to_have_text(zh("Support withdrawn"))
    title = public.get_by_role("row").filter(has_text="洛科〔2019〕1号")  # the title is kept: recognition valid
    expect(title.locator(".badge")).to_have_text(zh("Valid"))
    shot(public, "luoyang-05-public-alliance-keeps-title")
    assert Recognition.objects.get(alliance=alliance).status == "valid"
    assert audit_verify_chain() == []
