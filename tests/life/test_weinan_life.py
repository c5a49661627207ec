"""渭南市产业技术创新战略联盟认定管理办法（渭科发〔2015〕62号, in force from 2015-05-19):
one alliance's life, from a year-round application to the revocation for a missed re-review.

    2016-03-01  the lead files at any time (10), with the three materials of 11
    2016-03-10  临渭区科学技术局 signs its recommendation (11); the bureau accepts (13)
    2016-04-20  experts of the field score the eight items of 12; recognised 2016-05-10 (13), 渭科发〔2016〕1号
    2016-06-01  research funding of 16: no amount in the text, the bureau decides 15 万元
    2016-11-25  the November report (14), endorsed by the recommender on 11-28: on time
    2019-05-10  first re-review (15) due: passed on 2019-04-20; 16 again, the bureau decides 10 万元
    2022-05-10  second re-review due: none recorded; from 2022-05-11 the alliance is revoked (15)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from itisa.access import system
from itisa.audit.services import audit_verify_chain
from itisa.funding.models import EntryKind, LedgerEntry
from itisa.funding.services import budget_set, fund_create, grant_decide, grant_pay, grant_propose
from itisa.recognition.models import Recognition
from itisa.register.models import IndustryField
from itisa.register.services import alliance_update
from itisa.reviews.selectors import review_result
from itisa.reviews.services import expert_assign, sheet_submit
from itisa.supervision.models import AppliedConsequence, Deadline, Grade, Revocation
from itisa.supervision.services import consequences_apply, deadlines_scan, grade_record, report_endorse, report_file
from itisa.workflow.services import TransitionRefused, case_act, case_attach_material, case_open

from .conftest import audit_rows, timeline

pytestmark = pytest.mark.django_db
SCAN = system("deadline scan", "supervision.scan")
D = Decimal
PACK = "610500-weinan/2015"
YES = {q: True for q in ("industry_policy_fit", "lead_is_backbone", "academia_technical_advantage",
                          "agreement_content")}  # the expert questions of 6(1)–6(3)
ITEMS = ["importance", "necessity", "innovation_goals", "implementation_plan", "operating_mechanism",
         "overall_strength", "fund_management", "results_and_benefits"]  # 12(1) … 12(8)


def test_weinan_life_story(person, pdf, make_alliance, make_org, make_expert, members, jurisdiction, system_actor):
    weinan = jurisdiction("weinan-kjj")
    field = IndustryField.objects.get(jurisdiction=weinan, code="strategic-emerging")
    staff = person("wn_staff", role="bureau_staff", jurisdiction=weinan)
    finance = person("wn_finance", role="finance", jurisdiction=weinan)
    county = person("linwei", role="recommender", recommender_kind="county_bureau",
                    jurisdiction=jurisdiction("610502-kjj"))
    alliance = make_alliance("渭南市3D打印产业技术创新战略联盟", juris="weinan-kjj", industry_field=field,
                             lead=make_org("渭南增材制造有限公司", region="610502"), founded_on=date(2015, 10, 1))
    members(alliance, 10, region="610502", joined_on=date(2015, 10, 1), role="core")
    # 6(3)–6(7): what 13's recognition checks before the bureau's document
    alliance = alliance_update(actor=system_actor, alliance=alliance, reason="申报准备", agreement_signed_by_all=True,
                               has_council=True, has_expert_committee=True, full_time_staff=2,
                               has_funding_mechanism=True, has_fund_rules=True, has_ip_rules=True, has_benefit_sharing_rules=True,
                               has_open_membership=True)
    lead = person("wn_lead", role="lead_unit", alliance=alliance)

    # ---------------------------------------------------------------- 10, 11: year-round, through a recommender
    case = case_open(actor=lead, alliance=alliance, on=date(2016, 3, 1))  # no call needed
    assert (case.call, case.pack_id) == (None, PACK)
    for material in ("application_form", "supporting_materials"):
        case_attach_material(actor=lead, case=case, material_id=material, document=pdf(f"{material}.pdf"))
    with pytest.raises(TransitionRefused) as caught:
        case_act(actor=lead, case=case, action="submit", on=date(2016, 3, 1))
    assert "推荐单位签署的意见（第十一条）" in caught.value.messages[0]
    case_attach_material(actor=lead, case=case, material_id="recommender_opinion", document=pdf("推荐意见.pdf"))
    case_act(actor=lead, case=case, action="submit", on=date(2016, 3, 1))
    with pytest.raises(TransitionRefused):  # 13: the bureau takes only what a recommender signed
        case_act(actor=staff, case=case, action="accept", on=date(2016, 3, 5))
    case_act(actor=county, case=case, action="recommend", reason="同意推荐", on=date(2016, 3, 10))
    outcome = case_act(actor=staff, case=case, action="accept", on=date(2016, 3, 10))
    assert (outcome.case.state, outcome.transition.article) == ("expert_review", "13")

    # ---------------------------------------------------------------- 12, 13: eight items, experts of the field
    in_field = [make_expert("wn_expert_a", fields=[field]), make_expert("wn_expert_b", fields=[field])]
    outsider = make_expert("wn_expert_c")  # scores, but does not count towards the two of 13 (按所属领域)
    for e in (*in_field, outsider):
        expert_assign(actor=staff, case=case, expert=e, on=date(2016, 4, 1))
    scores = {"wn_expert_a": [80] * 8, "wn_expert_c": [70] * 8, "wn_expert_b": [90, 90, 80, 80, 70, 70, 60, 60]}
    sheet_submit(actor=in_field[0].user, case=case, answers=YES, on=date(2016, 4, 20),
                 scores=dict(zip(ITEMS, scores["wn_expert_a"], strict=True)))
    sheet_submit(actor=outsider.user, case=case, answers=YES, on=date(2016, 4, 20),
                 scores=dict(zip(ITEMS, scores["wn_expert_c"], strict=True)))
    result = review_result(case)
    assert not result.passed  # two sheets, only one from the field
    with pytest.raises(TransitionRefused):
        case_act(actor=staff, case=case, action="recognise", on=date(2016, 4, 25))
    with pytest.raises(ValidationError) as caught:  # every item of 12 must be scored
        sheet_submit(actor=in_field[1].user, case=case, answers=YES, on=date(2016, 4, 22),
                     scores=dict(zip(ITEMS[:7], scores["wn_expert_b"], strict=False)))
    assert "12(8)" in caught.value.messages[0]
    sheet = sheet_submit(actor=in_field[1].user, case=case, answers=YES, on=date(2016, 4, 22),
                         scores=dict(zip(ITEMS, scores["wn_expert_b"], strict=True)))
    assert sheet.score == D("75.00")  # (90+90+80+80+70+70+60+60) / 8
    result = review_result(case)
    assert result.passed and result.scores.mean == D("75.00")  # (80 + 70 + 75) / 3
    outcome = case_act(actor=staff, case=case, action="recognise", on=date(2016, 5, 10))
    assert (outcome.case.state, outcome.transition.article) == ("recognised", "13")
    assert [t[2] for t in timeline(case)] == ["submit", "recommend", "accept", "recognise"]
    r = Recognition.objects.get(case=case)
    assert (r.document_number, r.name, r.level) == ("渭科发〔2016〕1号", "渭南市3D打印产业技术创新战略联盟", "municipal")

    # ---------------------------------------------------------------- 16: research funding, amount the bureau's
    fund = fund_create(actor=finance, jurisdiction=weinan, name="渭南市科技计划经费", is_default=True)
    for year in (2016, 2019):
        budget_set(actor=finance, fund=fund, year=year, amount=D("100"))
    [p] = grant_propose(actor=staff, alliance=alliance, pack="weinan", on=date(2016, 6, 1)).proposals
    assert (p.rule, p.article, p.is_range, p.amount, p.payee_organisation) == (
        "recognition_funding", "16", True, None, alliance.lead)
    with pytest.raises(ValidationError) as caught:
        grant_decide(actor=staff, proposal=p, approve=True, on=date(2016, 6, 5))
    assert caught.value.error_dict["amount"][0].code == "amount_required"  # the text sets no bounds
    grant_decide(actor=staff, proposal=p, approve=True, amount=D("15"), on=date(2016, 6, 5), reason="局务会确定")
    paid = grant_pay(actor=finance, commitment=LedgerEntry.objects.get(proposal=p, kind=EntryKind.COMMITMENT),
                     on=date(2016, 6, 20))
    assert paid.net == D("15")

    # ---------------------------------------------------------------- 14: the November report, endorsed
    report = report_file(actor=lead, alliance=alliance, kind="annual_report", year=2016, on=date(2016, 11, 25),
                         summary="2016年工作总结", next_year_plan="2017年工作计划")
    assert (report.endorsement_required, report.due_on, report.article) == (True, date(2016, 11, 30), "14")
    deadlines_scan(actor=SCAN, on=date(2016, 11, 27))
    row = Deadline.objects.get(alliance=alliance, duty="annual_report", period="2016")
    assert (row.status, row.filed_on) == ("upcoming", None)  # filed, not yet endorsed: not yet at the bureau
    report_endorse(actor=county, report=report, opinion="同意报送", on=date(2016, 11, 28))
    report.refresh_from_db()
    assert (report.submitted_on, report.late) == (date(2016, 11, 28), False)
    deadlines_scan(actor=SCAN, on=date(2016, 12, 1))
    row.refresh_from_db()
    assert row.status == "done"
    assert audit_rows("supervision.report_endorse", report)

    # ---------------------------------------------------------------- 15: first re-review, passed; 16 again
    deadlines_scan(actor=SCAN, on=date(2019, 4, 1))
    rereview = Deadline.objects.get(alliance=alliance, duty="re_review", due_on=date(2019, 5, 10))
    assert (rereview.status, rereview.article, rereview.actor) == ("upcoming", "15", "bureau")
    grade = grade_record(actor=staff, alliance=alliance, year=2019, kind="re_review", grade="通过复审",
                         on=date(2019, 4, 20))
    assert (grade.grade, grade.article) == ("pass", "15")
    assert consequences_apply(actor=staff, alliance=alliance, on=date(2019, 5, 11)) == []
    [again] = grant_propose(actor=staff, alliance=alliance, pack="weinan", on=date(2019, 5, 1),
                            claim={"id": "rr-2019", "kind": "re_review_passed", "date": "2019-04-20"}).proposals
    assert (again.rule, again.article, again.is_range) == ("re_review_funding", "16", True)
    grant_decide(actor=staff, proposal=again, approve=True, amount=D("10"), on=date(2019, 5, 5))
    assert sum(e.amount for e in LedgerEntry.objects.filter(kind=EntryKind.COMMITMENT)) == D("25")

    # ---------------------------------------------------------------- 15: the second re-review is missed
    assert consequences_apply(actor=staff, alliance=alliance, on=date(2022, 5, 10)) == []  # the due day is on time
    [applied] = consequences_apply(actor=staff, alliance=alliance, on=date(2022, 5, 11))
    assert (applied.consequence, applied.article, applied.effects) == ("revoked_not_re_reviewed", "15", ["revoked"])
    alliance.refresh_from_db()
    assert alliance.status == "revoked"
    revocation = Revocation.objects.get(alliance=alliance)
    assert (revocation.article, revocation.decided_on, revocation.plaque_recall_ordered) == (
        "15", date(2022, 5, 11), False)
    assert Grade.objects.filter(alliance=alliance).count() == 1
    assert AppliedConsequence.objects.filter(alliance=alliance).count() == 1
    assert audit_verify_chain() == []
