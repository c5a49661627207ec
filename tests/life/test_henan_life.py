"""河南省产业技术创新战略联盟构建与发展实施办法（豫科〔2013〕146号, in force from 2013-01-01):
one alliance's life, from the public call to the loss of its title.

    2015-03-02  the province's public call (第六条), 03-02 … 04-30
    2015-03-10  the lead applies; 洛阳市科学技术局 recommends on 03-20 (第六条)
    2015-04-10  the department accepts (第八条, 第七条 conditions checked); experts approve construction 06-01
    2016-05-31  one-year construction (第九条) not over: acceptance refused; applied 2016-06-01 (第十条)
    2016-06-20  acceptance assessment by experts (第十条): recognised provincial, 豫科〔2016〕1号
    2016-09-01  a member joins: a major event to report (第十一条(五)), reported 09-05
    2016-12-20  graded 不合格: warning, rectification due 2017-06-20 (第十二条)
    2017-06-25  rectification fails: the title is lost (第十二条), status revoked
"""

from __future__ import annotations

from datetime import date

import pytest

from itisa.access import system
from itisa.audit.services import audit_verify_chain
from itisa.recognition.models import Recognition
from itisa.recognition.selectors import verify_certificate
from itisa.register.models import LevelRecord
from itisa.register.services import alliance_update, membership_add
from itisa.reviews.selectors import case_sheet_template, review_result
from itisa.reviews.services import expert_assign, sheet_submit
from itisa.supervision.models import AppliedConsequence, Deadline, Rectification, Revocation
from itisa.supervision.selectors import revocations_public
from itisa.supervision.services import (
    deadlines_scan,
    grade_record,
    rectification_judge,
    rectification_respond,
    report_file,
)
from itisa.workflow.services import TransitionRefused, call_create, case_act, case_attach_material, case_open

from .conftest import audit_rows, timeline

pytestmark = pytest.mark.django_db
SCAN = system("deadline scan", "supervision.scan")
DOC = "豫科〔2013〕146号"
PACK = "410000-henan/2013"


def sheets(case, experts, round, day):
    template = case_sheet_template(case, round)
    answers = {q["id"]: True for q in template["questions"]}
    for e, score in zip(experts, ("88", "80"), strict=True):
        sheet_submit(actor=e.user, case=case, round=round, opinion="pass", overall_score=score, answers=answers,
                     on=day)
    return template


def test_henan_life_story(person, pdf, make_alliance, make_org, make_expert, members, jurisdiction, system_actor,
                          django_capture_on_commit_callbacks):
    henan = jurisdiction("henan-kjt")
    staff = person("ha_staff", role="bureau_staff", jurisdiction=henan)
    city = person("ly_kjj", role="recommender", recommender_kind="city_department",
                  jurisdiction=jurisdiction("luoyang-kjj"))
    alliance = make_alliance("河南省耐火材料产业技术创新战略联盟", juris="henan-kjt",
                             lead=make_org("洛阳耐火材料研究院有限公司", region="410311"), founded_on=date(2014, 9, 1))
    members(alliance, 5, region="410311", joined_on=date(2014, 9, 1))
    lead = person("ha_lead", role="lead_unit", alliance=alliance)

    # ---------------------------------------------------------------- 第六条: the public call
    with pytest.raises(TransitionRefused) as caught:
        case_open(actor=lead, alliance=alliance, on=date(2015, 3, 10))
    assert caught.value.code == "call_required" and "第六条" in caught.value.messages[0]
    call = call_create(actor=staff, jurisdiction=henan, year=2015, title="2015年河南省产业技术创新战略联盟公开征集",
                       opens_on=date(2015, 3, 2), closes_on=date(2015, 4, 30))
    case = case_open(actor=lead, alliance=alliance, call=call, on=date(2015, 3, 10))
    assert (case.pack_id, case.state) == (PACK, "draft")
    first = case_act(actor=lead, case=case, action="submit", on=date(2015, 3, 10)).submission
    assert first.number == 1
    with pytest.raises(TransitionRefused):  # the department takes it only once recommended
        case_act(actor=staff, case=case, action="accept", on=date(2015, 3, 15))
    outcome = case_act(actor=city, case=case, action="recommend", reason="同意推荐", on=date(2015, 3, 20))
    assert (outcome.case.state, outcome.transition.role, outcome.transition.article) == (
        "recommended", "recommender", "第六条")

    # ---------------------------------------------------------------- 第八条: acceptance, experts, construction
    outcome = case_act(actor=staff, case=case, action="accept", on=date(2015, 4, 10))
    assert (outcome.case.state, outcome.transition.article) == ("expert_review", "第八条")
    assert outcome.transition.engine_digest  # the 第七条 conditions were checked by the engine
    experts = [make_expert("ha_expert_a"), make_expert("ha_expert_b")]
    for e in experts:
        expert_assign(actor=staff, case=case, expert=e, on=date(2015, 5, 1))
    template = sheets(case, experts, "review", date(2015, 5, 20))
    assert {q["article"] for q in template["questions"]} <= {"第七条(一)", "第七条(二)", "第七条(三)", "第七条(四)"}
    assert review_result(case).passed
    outcome = case_act(actor=staff, case=case, action="approve_construction", on=date(2015, 6, 1))
    assert (outcome.case.state, outcome.transition.article) == ("construction", "第八条")

    # ---------------------------------------------------------------- 第九条: one year of construction
    alliance = alliance_update(actor=system_actor, alliance=alliance, reason="构建期建设", has_council=True,
                               has_expert_committee=True, has_executive_body=True, has_office=True, full_time_staff=3,
                               outward_responsible_party=alliance.lead, has_long_term_plan=True,
                               has_innovation_system_plan=True, agreement_signed_by_all=True, has_charter=True,
                               has_fund_rules=True, has_ip_rules=True, has_benefit_sharing_rules=True, has_open_membership=True)
    for material in ("organs", "plans", "agreement_charter"):
        case_attach_material(actor=lead, case=case, material_id=material, document=pdf(f"{material}.pdf"))
    with pytest.raises(TransitionRefused) as caught:
        case_act(actor=lead, case=case, action="apply_for_acceptance", on=date(2016, 5, 31))
    assert "2015-06-01" in caught.value.messages[0] and "2016-06-01" in caught.value.messages[0]
    assert "第九条" in caught.value.messages[0] and "第十条" in caught.value.messages[0]
    outcome = case_act(actor=lead, case=case, action="apply_for_acceptance", on=date(2016, 6, 1))
    assert (outcome.case.state, outcome.transition.article) == ("acceptance_applied", "第十条")

    # ---------------------------------------------------------------- 第十条: acceptance assessment
    case_act(actor=staff, case=case, action="start_assessment", on=date(2016, 6, 5))
    for e in experts:
        expert_assign(actor=staff, case=case, expert=e, round="acceptance", on=date(2016, 6, 5))
    with pytest.raises(TransitionRefused) as caught:  # no acceptance sheets yet
        case_act(actor=staff, case=case, action="recognise", on=date(2016, 6, 10))
    assert caught.value.code == "guard_failed" and "第十条" in caught.value.messages[0]
    sheets(case, experts, "acceptance", date(2016, 6, 15))
    with django_capture_on_commit_callbacks(execute=True):
        outcome = case_act(actor=staff, case=case, action="recognise", on=date(2016, 6, 20))
    assert (outcome.case.state, outcome.case.closed, outcome.transition.article) == ("recognised", True, "第十条")
    assert timeline(case) == [
        ("draft", "submitted", "submit", "lead_unit", "第六条"),
        ("submitted", "recommended", "recommend", "recommender", "第六条"),
        ("recommended", "expert_review", "accept", "bureau", "第八条"),
        ("expert_review", "construction", "approve_construction", "bureau", "第八条"),
        ("construction", "acceptance_applied", "apply_for_acceptance", "lead_unit", "第十条"),
        ("acceptance_applied", "assessment", "start_assessment", "bureau", "第十条"),
        ("assessment", "recognised", "recognise", "bureau", "第十条"),
    ]
    r = Recognition.objects.get(case=case)
    assert (r.document_number, r.name, r.level, r.recognised_on) == (
        "豫科〔2016〕1号", "河南省耐火材料产业技术创新战略联盟", "provincial", date(2016, 6, 20))
    assert r.document_id and r.plaque_id
    assert list(LevelRecord.objects.filter(alliance=alliance).values_list("level", "from_date", "jurisdiction")) == [
        ("provincial", date(2016, 6, 20), henan.pk)]
    alliance.refresh_from_db()
    assert (alliance.level, alliance.status) == ("provincial", "recognised")

    # ---------------------------------------------------------------- 第十一条(五): a member change
    membership_add(actor=system_actor, alliance=alliance, organisation=make_org("郑州新材料有限公司", region="410311"),
                   joined_on=date(2016, 9, 1))
    deadlines_scan(actor=SCAN, on=date(2016, 9, 2))
    row = Deadline.objects.get(alliance=alliance, duty="major_event_report")
    assert (row.status, row.due_on, row.article) == ("unscheduled", None, "第十一条(五)")  # “及时”: no number of days
    report = report_file(actor=lead, alliance=alliance, kind="major_event_report", event_kind="member_change",
                         event_date=date(2016, 9, 1), summary="新增成员郑州新材料有限公司", on=date(2016, 9, 5))
    assert report.article == "第十一条(五)"
    deadlines_scan(actor=SCAN, on=date(2016, 9, 6))
    row.refresh_from_db()
    assert (row.status, row.filed_on) == ("done", date(2016, 9, 5))

    # ---------------------------------------------------------------- 第十二条: 不合格, warning, failed rectification
    grade = grade_record(actor=staff, alliance=alliance, year=2016, grade="不合格", on=date(2016, 12, 20),
                         rectification_months=6)
    assert (grade.grade, grade.article) == ("fail", "第十二条")
    alliance.refresh_from_db()
    assert alliance.status == "warned"
    order = Rectification.objects.get(alliance=alliance)
    assert (order.due_on, order.article) == (date(2017, 6, 20), "第十二条")
    rectification_respond(actor=lead, rectification=order, response="已调整执行机构", on=date(2017, 6, 10))
    rectification_judge(actor=staff, rectification=order, result="fail", judgement="整改不达标", on=date(2017, 6, 25))
    alliance.refresh_from_db()
    assert alliance.status == "revoked"
    lost = AppliedConsequence.objects.get(alliance=alliance, consequence="loses_title")
    assert (lost.article, lost.effects, lost.status_before, lost.status_after) == (
        "第十二条", ["loses_title"], "warned", "revoked")
    revocation = Revocation.objects.get(alliance=alliance)
    assert (revocation.article, revocation.decided_on) == ("第十二条", date(2017, 6, 25))
    assert list(revocations_public()) == [revocation]
    assert verify_certificate(r.verification_code).status == "revoked"
    assert audit_rows("supervision.rectification_judge", order)[0].after["result"] == "fail"
    assert audit_verify_chain() == []
