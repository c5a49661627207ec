"""Issue 8 §2 at the service layer: the procedures the packs declare (revocation, upward recommendation, the
Kunming contract read by the cycle assessment) run through the workflow, and what they produce reaches the engine
through the facts bridge (objections, recommended_by)."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from itisa.documents.services import document_upload
from itisa.notices.models import PublicNotice
from itisa.notices.services import objection_resolve, objection_submit
from itisa.register.services import alliance_level_record
from itisa.supervision.facts import supervision_facts
from itisa.workflow.services import TransitionRefused, case_act, case_attach_material, case_open
from policy.api import check_eligibility, entitlements

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.7\n%%EOF\n"


def _attach(actor, case, material, system_actor):
    doc = document_upload(
        actor=system_actor,
        kind="other",
        name=f"{material}.pdf",
        stream=io.BytesIO(PDF),
        size=len(PDF),
        alliance=case.alliance,
    )
    case_attach_material(actor=actor, case=case, material_id=material, document=doc)


def _objection_condition(alliance, on):
    result = check_eligibility("kunming", supervision_facts(alliance, on=on), on)
    return next(c.status for c in result.conditions if c.id == "no_open_objection")


def test_the_engine_itself_refuses_recognition_while_an_objection_is_open(km):
    """Kunming 第十一条: the policy API, fed by the facts bridge, says so — not only the workflow guard."""
    case = km["case_at"]("notice", published_on=date(2024, 6, 3))
    notice = PublicNotice.objects.get(case=case)
    assert _objection_condition(case.alliance, date(2024, 6, 4)) == "pass"
    objection = objection_submit(
        actor=AnonymousUser(),
        notice=notice,
        name="张三",
        contact="13800000000",
        text="该联盟成员名单与实际不符，请核查。",
        at=datetime(2024, 6, 5, 10, tzinfo=SH),
    )
    assert _objection_condition(case.alliance, date(2024, 6, 4)) == "pass"  # not yet raised then
    assert _objection_condition(case.alliance, date(2024, 6, 12)) == "fail"
    objection_resolve(actor=km["staff"], objection=objection, outcome="dismissed", reason="经核查，成员名单属实。")
    assert _objection_condition(case.alliance, date.today()) == "pass"


def test_kunming_revocation_is_the_bureaus_to_propose(km):
    case = km["case_at"]("proposed")
    lead = km["person"]("km_rev_lead", role="lead_unit", alliance=case.alliance)
    rev = case_open(actor=km["staff"], alliance=case.alliance, procedure_id="revocation", on=date(2024, 7, 1))
    with pytest.raises(PermissionDenied):
        case_act(actor=lead, case=rev, action="propose_revocation", on=date(2024, 7, 1))


def test_kunming_revocation_walk(km):
    """第十七条: 撤销其市级联盟资格、收回授牌，并向社会公布 — proposed, the alliance told, decided, published."""
    case = km["case_at"]("proposed")
    staff = km["staff"]
    rev = case_open(actor=staff, alliance=case.alliance, procedure_id="revocation", on=date(2024, 7, 1))
    with pytest.raises(TransitionRefused):  # no revocation before the alliance is told
        case_act(actor=staff, case=rev, action="revoke", on=date(2024, 7, 1))
    for action in ("propose_revocation", "notify_alliance", "revoke", "publish_revocation"):
        rev = case_act(actor=staff, case=rev, action=action, on=date(2024, 7, 2)).case
    assert rev.state == "published" and rev.closed
    assert [t.article for t in rev.transitions.order_by("seq")] == ["第十七条"] * 4
    from itisa.supervision.models import Revocation

    revocation = Revocation.objects.get(alliance=case.alliance)  # recorded at the decision (revoke)
    assert (revocation.article, revocation.decided_on) == ("第十七条", date(2024, 7, 2))
    assert revocation.plaque_recall_ordered and revocation.publication_required


def test_upward_recommendation_produces_recommended_by_that_money_reads(km, system_actor):
    """第十二条: 经市科技管理部门推荐升级为省级…联盟的 … 一次性再分别给予10万元奖补."""
    case = km["case_at"]("proposed")
    alliance, staff = case.alliance, km["staff"]
    lead = km["person"]("km_up_lead", role="lead_unit", alliance=alliance)
    rec = case_open(actor=lead, alliance=alliance, procedure_id="upward_recommendation", on=date(2024, 8, 1))
    _attach(lead, rec, "recommendation_request", system_actor)
    rec = case_act(actor=lead, case=rec, action="request_recommendation", on=date(2024, 8, 1)).case
    with pytest.raises(TransitionRefused):  # only a recognised municipal alliance is recommended
        case_act(actor=staff, case=rec, action="recommend_provincial", on=date(2024, 8, 2))
    alliance_level_record(
        actor=system_actor, alliance=alliance, level="municipal", from_date=date(2024, 7, 1), jurisdiction=km["kunming"]
    )
    rec = case_act(actor=staff, case=rec, action="recommend_provincial", on=date(2024, 8, 2)).case
    assert rec.state == "recommended_provincial" and rec.closed
    from itisa.register.models import Jurisdiction

    province = Jurisdiction.objects.filter(region__code="530000").first() or km["kunming"]
    alliance_level_record(
        actor=system_actor, alliance=alliance, level="provincial", from_date=date(2024, 11, 1), jurisdiction=province
    )
    facts = supervision_facts(alliance, on=date(2024, 11, 10))
    provincial = next(lvl for lvl in facts["levels"] if lvl["level"] == "provincial")
    assert provincial["recommended_by"] == "city_bureau"
    due = [e for e in entitlements("kunming", facts, date(2024, 11, 10)).entitlements if e.rule == "upgrade_award"]
    assert [e.status for e in due] == ["due"] and due[0].amount == 10  # 第十二条: 10万元


def test_the_cycle_assessment_reads_a_signed_contract(km, system_actor):
    """第十四条: 根据认定申报书和合同书的相关内容 … 进行考核."""
    case = km["case_at"]("proposed")
    alliance, staff = case.alliance, km["staff"]
    lead = km["person"]("km_cy_lead", role="lead_unit", alliance=alliance)
    alliance_level_record(
        actor=system_actor, alliance=alliance, level="municipal", from_date=date(2024, 7, 1), jurisdiction=km["kunming"]
    )
    cycle = case_open(actor=lead, alliance=alliance, procedure_id="cycle_assessment", on=date(2026, 7, 2))
    for m in ("cycle_report", "signed_contract"):
        _attach(lead, cycle, m, system_actor)
    cycle = case_act(actor=lead, case=cycle, action="submit", on=date(2026, 7, 2)).case
    with pytest.raises(TransitionRefused) as refused:
        case_act(actor=staff, case=cycle, action="pass_assessment", on=date(2026, 7, 3))
    assert "第十四条" in refused.value.messages[0]
    contract = case_open(actor=lead, alliance=alliance, procedure_id="contract", on=date(2024, 7, 5))
    _attach(lead, contract, "contract", system_actor)
    case_act(actor=lead, case=contract, action="submit", on=date(2024, 7, 5))
    assert case_act(actor=staff, case=contract, action="sign_contract", on=date(2024, 7, 6)).case.state == "signed"
    assert case_act(actor=staff, case=cycle, action="pass_assessment", on=date(2026, 7, 3)).case.state == "passed"


def test_every_move_of_every_pack_procedure_has_a_name_for_people():
    from itisa.workflow.labels import ACTION_LABELS
    from policy.api import all_packs

    actions = {
        t["action"] for p in all_packs().values() for x in p.data.get("procedures") or () for t in x["transitions"]
    }
    assert actions <= set(ACTION_LABELS), sorted(actions - set(ACTION_LABELS))


def test_henan_10_acceptance_reads_the_construction_results_once_construction_was_approved(
    make_alliance, make_org, jurisdiction, person
):
    """第九条/第十一条 results are required once construction was approved (the approval move is the fact the
    bridge passes); without them the recognise move is refused (guard eligible beside acceptance_passed)."""
    from itisa.register.services import membership_add
    from itisa.workflow import guards
    from itisa.workflow.models import Case, CaseTransition
    from policy.api import get_pack

    alliance = make_alliance(
        "河南省超硬材料产业技术创新战略联盟",
        juris="henan-kjt",
        lead=make_org("郑州超硬材料龙头", region="410311"),
        founded_on=date(2013, 1, 1),
    )
    staff = person("hn_acc_staff", role="bureau_staff", jurisdiction=jurisdiction("henan-kjt"))
    membership_add(
        actor=staff,
        alliance=alliance,
        organisation=make_org("郑州超硬大学", region="410311", kind="university"),
        joined_on=date(2013, 1, 1),
    )
    case = Case.objects.create(
        alliance=alliance,
        jurisdiction=alliance.jurisdiction,
        pack_id="410000-henan/2013",
        pack_digest=get_pack("410000-henan/2013").digest,
        procedure_id="recognition",
        state="assessment",
        opened_on=date(2014, 3, 1),
    )
    before = check_eligibility("henan", supervision_facts(alliance, on=date(2015, 6, 1)), date(2015, 6, 1))
    assert next(c for c in before.conditions if c.id == "construction_organs").detail["stage"] == "not_yet_required"
    CaseTransition.objects.create(
        case=case,
        seq=1,
        from_state="expert_review",
        to_state="construction",
        action="approve_construction",
        role="bureau",
        actor_repr="staff",
        on=date(2014, 5, 1),
        article="第八条",
        pack_digest=case.pack_digest,
    )
    after = check_eligibility("henan", supervision_facts(alliance, on=date(2015, 6, 1)), date(2015, 6, 1))
    assert next(c for c in after.conditions if c.id == "construction_organs").status == "fail"
    saved = dict(guards.GUARDS)
    guards.GUARDS["acceptance_passed"] = lambda case, on, context: (True, "test: acceptance passed")
    try:
        with pytest.raises(TransitionRefused) as refused:
            case_act(actor=staff, case=case, action="recognise", on=date(2015, 6, 1))
    finally:
        guards.GUARDS.clear()
        guards.GUARDS.update(saved)
    assert "第九条" in refused.value.messages[0]
