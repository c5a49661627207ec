"""洛阳市产业技术创新战略联盟管理办法（洛政办〔2018〕54号, in force 2018-07-10 … 2020-12-31, 第二十二条):
one alliance's life, from the yearly call to the loss of its support.

    2019-03-01  the city opens the 2019 call (第七条(一))
    2019-03-05  the lead files with the 洛龙区 bureau (第七条(二)), which recommends on 03-15
    2019-03-20  the city accepts and sends it to its experts (第七条(三)); recognised 04-25:
                洛科〔2019〕1号, 洛阳市轴承产业技术创新战略联盟, municipal
    2019-05-10  第十一条: 10 万元 to the lead from 洛阳市应用技术研究与开发资金 (第二十一条), paid 05-20
    2019-08-01  第十三条: 200 万元 for R&D project LY-2019-07; the same project claimed again under 第十四条
                is refused naming both records (第二十一条)
    2019-12-20  yearly evaluation 不合格 (第九条): warning, rectification due 2020-06-20
    2020-06-25  rectification fails: support and rewards withdrawn, the title kept (第九条)
    2020-08-01  a new grant proposal is refused citing 第九条
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from itisa.audit.models import AuditEvent
from itisa.audit.services import audit_verify_chain
from itisa.funding.models import EntryKind, GrantProposal, LedgerEntry
from itisa.funding.selectors import budget_overview
from itisa.funding.services import budget_set, fund_create, grant_decide, grant_pay, grant_propose
from itisa.recognition.models import Recognition
from itisa.register.services import alliance_update, organisation_update
from itisa.reviews.selectors import case_sheet_template
from itisa.reviews.services import expert_assign, sheet_submit
from itisa.supervision.models import AppliedConsequence, Rectification, Revocation
from itisa.supervision.services import (
    consequences_apply,
    grade_record,
    rectification_judge,
    rectification_respond,
)
from itisa.workflow.services import TransitionRefused, call_create, case_act, case_attach_material, case_open

from .conftest import audit_rows, timeline

pytestmark = pytest.mark.django_db
D = Decimal
DOC = "洛政办〔2018〕54号"
PACK = "410300-luoyang/2018"


@pytest.fixture
def cast(person, jurisdiction, make_alliance, make_org, members, system_actor):
    luoyang = jurisdiction("luoyang-kjj")
    alliance = make_alliance("洛阳市轴承产业技术创新战略联盟", juris="luoyang-kjj",
                             lead=make_org("洛阳轴承集团有限公司", region="410311"), founded_on=date(2018, 10, 1))
    firms = [o for o in members(alliance, 6, region="410311", joined_on=date(2018, 10, 1)) if o.kind == "enterprise"]
    # 第六条(三): the enterprises cover the chain up-, mid- and downstream (the lead is midstream)
    for org, pos in zip(firms, ("up", "mid", "down"), strict=False):
        organisation_update(actor=system_actor, organisation=org, reason="产业链位置", chain_position=pos)
    alliance = alliance_update(actor=system_actor, alliance=alliance, reason="申报准备", has_office=True,
                               full_time_staff=2, has_council=True, has_expert_committee=True,
                               has_executive_body=True, agreement_signed_by_all=True, has_charter=True)
    return {
        "luoyang": luoyang, "alliance": alliance,
        "lead": person("ly_lead", role="lead_unit", alliance=alliance),
        "county": person("luolong", role="recommender", recommender_kind="county_bureau",
                         jurisdiction=jurisdiction("410311-kjj")),
        "staff": person("ly_staff", role="bureau_staff", jurisdiction=luoyang),
        "finance": person("ly_finance", role="finance", jurisdiction=luoyang),
    }


def recognise(s, pdf, make_expert, capture):
    """第七条: call → county bureau → city → experts → recognition."""
    alliance, lead, county, staff = s["alliance"], s["lead"], s["county"], s["staff"]
    call = call_create(actor=staff, jurisdiction=s["luoyang"], year=2019, title="2019年度洛阳市产业技术创新战略联盟申报",
                       opens_on=date(2019, 3, 1), closes_on=date(2019, 3, 31))
    assert call.pack_id == PACK
    with pytest.raises(TransitionRefused) as caught:
        case_open(actor=lead, alliance=alliance, on=date(2019, 3, 5))
    assert caught.value.code == "call_required" and "第七条(一)" in caught.value.messages[0]
    case = case_open(actor=lead, alliance=alliance, call=call, on=date(2019, 3, 5))
    case_attach_material(actor=lead, case=case, material_id="application_form", document=pdf("联盟申请表.pdf"))
    outcome = case_act(actor=lead, case=case, action="submit", on=date(2019, 3, 5))
    assert (outcome.case.state, outcome.transition.article) == ("submitted_to_county", "第七条(二)")
    # 第七条(二): the county bureau recommends only a complete file.
    with pytest.raises(TransitionRefused) as caught:
        case_act(actor=county, case=case, action="recommend", on=date(2019, 3, 10))
    assert "可行性报告" in caught.value.messages[0] and "第七条(二)" in caught.value.messages[0]
    with pytest.raises(TransitionRefused):  # and the city cannot take it before the county has
        case_act(actor=staff, case=case, action="accept", on=date(2019, 3, 10))
    case_attach_material(actor=lead, case=case, material_id="feasibility_report", document=pdf("可行性报告.pdf"))
    outcome = case_act(actor=county, case=case, action="recommend", reason="同意推荐", on=date(2019, 3, 15))
    assert (outcome.case.state, outcome.transition.role) == ("recommended", "county_bureau")
    case_act(actor=staff, case=case, action="accept", on=date(2019, 3, 20))
    case_act(actor=staff, case=case, action="assign_experts", on=date(2019, 3, 20))
    template = case_sheet_template(case, "review")
    assert template["mode"] == "overall"
    answers = {q["id"]: True for q in template["questions"]}
    experts = [make_expert("ly_expert_a"), make_expert("ly_expert_b"), make_expert("ly_expert_c")]
    for e in experts:
        expert_assign(actor=staff, case=case, expert=e, on=date(2019, 3, 25))
    for e, score in zip(experts, ("82", "78", "90"), strict=True):
        sheet_submit(actor=e.user, case=case, opinion="pass", overall_score=score, answers=answers,
                     on=date(2019, 4, 15))
    with capture(execute=True):
        outcome = case_act(actor=staff, case=case, action="recognise", on=date(2019, 4, 25))
    assert (outcome.case.state, outcome.transition.article) == ("recognised", "第七条(三)")
    assert timeline(case) == [
        ("draft", "submitted_to_county", "submit", "lead_unit", "第七条(二)"),
        ("submitted_to_county", "recommended", "recommend", "county_bureau", "第七条(二)"),
        ("recommended", "accepted", "accept", "bureau", "第七条(三)"),
        ("accepted", "expert_review", "assign_experts", "bureau", "第七条(三)"),
        ("expert_review", "recognised", "recognise", "bureau", "第七条(三)"),
    ]
    return case


def test_luoyang_life_story(cast, pdf, make_expert, django_capture_on_commit_callbacks, monkeypatch):
    s = cast
    alliance, lead, staff, finance = s["alliance"], s["lead"], s["staff"], s["finance"]
    case = recognise(s, pdf, make_expert, django_capture_on_commit_callbacks)
    r = Recognition.objects.get(case=case)
    assert (r.document_number, r.name, r.level, r.recognised_on) == (
        "洛科〔2019〕1号", "洛阳市轴承产业技术创新战略联盟", "municipal", date(2019, 4, 25))
    assert r.document_id and r.plaque_id
    alliance.refresh_from_db()
    assert (alliance.level, alliance.status) == ("municipal", "recognised")

    # ---------------------------------------------------------------- 第十一条 + 第二十一条: 10 万元 to the lead
    fund = fund_create(actor=finance, jurisdiction=s["luoyang"], name="洛阳市应用技术研究与开发资金", article="第二十一条")
    for year in (2019, 2020):
        budget_set(actor=finance, fund=fund, year=year, amount=D("500"))
    [award] = grant_propose(actor=staff, alliance=alliance, pack="luoyang", on=date(2019, 5, 10)).proposals
    assert (award.rule, award.amount, award.citation, award.payee_organisation, award.fund) == (
        "new_alliance_award", D("10"), f"{DOC} 第十一条", alliance.lead, fund)
    grant_decide(actor=staff, proposal=award, approve=True, on=date(2019, 5, 15))
    paid = grant_pay(actor=finance, commitment=LedgerEntry.objects.get(kind=EntryKind.COMMITMENT, proposal=award),
                     on=date(2019, 5, 20))
    assert (paid.payment.amount, paid.payment.fund.name) == (D("10"), "洛阳市应用技术研究与开发资金")

    # ---------------------------------------------------------------- 第十三条, then the same project again
    project = {"id": "rd-LY-2019-07", "kind": "rd_project", "date": "2019-07-20", "matter": "project:LY-2019-07",
               "payee": str(alliance.lead_id)}
    [rd] = grant_propose(actor=staff, alliance=alliance, pack="luoyang", on=date(2019, 8, 1), claim=project).proposals
    assert (rd.article, rd.range_min, rd.range_max, rd.amount) == ("第十三条", D("100"), D("300"), None)
    grant_decide(actor=staff, proposal=rd, approve=True, amount=D("200"), on=date(2019, 8, 10))
    # The lead asks again for the same project's test rig as a 第十四条 platform: 同一事项 — refused.
    rig = {"id": "pc-1", "kind": "platform_construction", "date": "2019-09-01", "base": "600",
           "matter": "project:LY-2019-07", "flags": ["platform_recognised"]}
    run = grant_propose(actor=staff, alliance=alliance, pack="luoyang", on=date(2019, 9, 10), claim=rig)
    assert run.proposals == []
    [refusal] = [x for x in run.refusals if x["code"] == "double_funding"]
    assert refusal["citation"] == f"{DOC} 第二十一条" and refusal["matter"] == "project:LY-2019-07"
    assert refusal["earlier"] == rd.ref and rd.ref in refusal["zh"]   # the earlier record …
    assert refusal["rule"] == "platform_construction"                  # … and the new one
    trail = audit_rows("grant.refused", alliance)[-1]
    assert trail.after["refusals"][0]["code"] == "double_funding"

    # ---------------------------------------------------------------- 第九条: 不合格, warning, rectification
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        grade = grade_record(actor=staff, alliance=alliance, year=2019, grade="不合格", on=date(2019, 12, 20),
                             rectification_months=6, note="计划执行不到位")
    assert (grade.grade, grade.grade_label, grade.article) == ("fail", "不合格", "第九条")
    alliance.refresh_from_db()
    assert alliance.status == "warned"
    order = Rectification.objects.get(alliance=alliance)
    assert (order.ordered_on, order.due_on, order.article, order.result) == (
        date(2019, 12, 20), date(2020, 6, 20), "第九条", "pending")
    assert [m.to for m in mail.outbox] == [["ly_lead@example.cn"]] and "2020-06-20" in mail.outbox[0].body
    warning = AppliedConsequence.objects.get(alliance=alliance, consequence="warning_rectify")
    assert (warning.article, warning.status_before, warning.status_after) == ("第九条", "recognised", "warned")
    rectification_respond(actor=lead, rectification=order, response="已补充专职人员并修订计划", on=date(2020, 6, 1),
                          attachment=SimpleUploadedFile("整改报告.pdf", b"%PDF-1.7\n%%EOF\n"))
    rectification_judge(actor=staff, rectification=order, result="fail", judgement="整改后仍不达标",
                        on=date(2020, 6, 25))
    alliance.refresh_from_db()
    assert alliance.status == "support_suspended"
    assert (alliance.level, alliance.level_history.count()) == ("municipal", 1)  # keeps the title
    assert not Revocation.objects.exists()
    lost = AppliedConsequence.objects.get(alliance=alliance, consequence="loses_support")
    assert (lost.article, lost.effects, lost.status_before, lost.status_after) == (
        "第九条", ["loses_support"], "warned", "support_suspended")
    assert AuditEvent.objects.get(action="supervision.consequence", target_id=str(lost.pk)).after["article"] == "第九条"
    assert consequences_apply(actor=staff, alliance=alliance, on=date(2020, 7, 1)) == []  # idempotent

    # ---------------------------------------------------------------- a later grant refused citing 第九条
    later = {"id": "rd-LY-2020-03", "kind": "rd_project", "date": "2020-07-20", "matter": "project:LY-2020-03",
             "payee": str(alliance.lead_id)}
    # The engine sees the supervision record (grades, rectifications): 第九条 loses_support blocks the money.
    run = grant_propose(actor=staff, alliance=alliance, pack="luoyang", on=date(2020, 8, 1), claim=later)
    assert run.proposals == []
    [refusal] = run.refusals
    assert (refusal["code"], refusal["citation"], refusal["rule"]) == ("support_withdrawn", f"{DOC} 第九条", "rd_project")
    assert "整改不合格" in refusal["zh"]
    assert GrantProposal.objects.filter(alliance=alliance).count() == 2
    [line] = budget_overview(user=finance, year=2019)
    assert (line.committed, line.paid, line.left) == (D("210"), D("10"), D("290"))
    assert audit_verify_chain() == []
