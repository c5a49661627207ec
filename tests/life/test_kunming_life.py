"""昆明市产业技术创新战略联盟认定管理办法（昆明市科学技术局公告第18号, in force from 2016-08-21):
one alliance's life, from the yearly call to the revocation of its title.

    2017-03-01  the bureau opens the 2017 call (第九条, yearly call, 03-01 … 03-31)
    2017-03-06  the lead applies with three units: 第八条(一) fails at formal review (第十条)
    2017-03-13  returned; a fourth unit joins; resubmitted 03-20, formal review passed
    2017-04-10  two experts score (a conflicted one refused by name); proposed (第十一条)
    2017-05-01  7-day notice (第十一条), 05-02 … 05-08 (民法典 第二百零一条); an objection on 05-05, dismissed
    2017-05-09  recognised: 昆科〔2017〕1号, 昆明花卉产业技术创新战略联盟, municipal
    2017-05-20  10 万元 guidance fund to the lead, 3:1 matching (第十二条); approved and paid
    2017-12-15  yearly S&T report on time (第十四条)
    2018-12-16  the 2018 report is missing: overdue; filed 12-17, late
    2018-12-20  第十七条(二): revoked, plaque ordered back, published; plaque back 2019-01-05
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import ValidationError

from itisa.access import system
from itisa.audit.models import AuditEvent
from itisa.audit.services import audit_verify_chain
from itisa.funding.models import EntryKind, LedgerEntry, ProposalStatus
from itisa.funding.selectors import budget_overview
from itisa.funding.services import budget_set, fund_create, grant_decide, grant_pay, grant_propose
from itisa.notices.models import NoticeStatus, PublicNotice
from itisa.notices.services import objection_resolve, objection_submit
from itisa.recognition.models import Recognition
from itisa.recognition.selectors import verify_certificate
from itisa.recognition.services import recognition_recall
from itisa.register.models import LevelRecord
from itisa.register.services import achievement_add, alliance_update, membership_add
from itisa.reviews.selectors import review_result
from itisa.reviews.services import expert_assign, sheet_submit
from itisa.supervision.models import AppliedConsequence, Deadline, Revocation
from itisa.supervision.selectors import revocations_public
from itisa.supervision.services import consequences_apply, deadlines_scan, report_file, revocation_plaque_recalled
from itisa.workflow.models import Submission
from itisa.workflow.services import TransitionRefused, call_create, case_act, case_attach_material, case_open

from .conftest import audit_rows, timeline

pytestmark = pytest.mark.django_db
SCAN = system("deadline scan", "supervision.scan")
D = Decimal
SH = ZoneInfo("Asia/Shanghai")
DOC = "昆明市科学技术局公告第18号"
PACK = "530100-kunming/2016"


def test_kunming_life_story(person, pdf, make_alliance, make_org, make_expert, members,
                            jurisdiction, system_actor, django_capture_on_commit_callbacks):
    kunming = jurisdiction("kunming-kjj")
    staff = person("km_staff", role="bureau_staff", jurisdiction=kunming)
    finance = person("km_finance", role="finance", jurisdiction=kunming)

    # ---------------------------------------------------------------- the alliance, three units
    alliance = make_alliance("昆明市花卉产业技术创新战略联盟", juris="kunming-kjj",
                             lead=make_org("昆明花卉集团有限公司", region="530102"), founded_on=date(2016, 10, 1))
    lead = person("km_lead", role="lead_unit", alliance=alliance)
    members(alliance, 1, region="530102", joined_on=date(2016, 10, 1), kind="enterprise")  # 2 enterprises
    [university] = members(alliance, 1, region="530102", joined_on=date(2016, 10, 1), kind="university")
    alliance = alliance_update(actor=system_actor, alliance=alliance, reason="申报准备", agreement_signed_by_all=True,
                               outward_responsible_party=alliance.lead, has_long_term_plan=True, has_council=True,
                               has_expert_committee=True, has_executive_body=True, has_fund_rules=True,
                               has_ip_rules=True, has_benefit_sharing_rules=True, has_rd_team=True)
    for kind in ("ip", "ip", "result", "industrialisation_project"):
        achievement_add(actor=system_actor, alliance=alliance, kind=kind, title=f"{kind}成果", achieved_on=date(2016, 12, 1))
    achievement_add(actor=system_actor, alliance=alliance, kind="standard", standard_level="local", title="花卉种苗地方标准",
                    achieved_on=date(2017, 1, 10))

    # ---------------------------------------------------------------- 第九条: the yearly call
    with pytest.raises(TransitionRefused) as caught:  # no call, no application
        case_open(actor=lead, alliance=alliance, on=date(2017, 2, 20))
    assert caught.value.code == "call_required" and "第九条" in caught.value.messages[0]
    call = call_create(actor=staff, jurisdiction=kunming, year=2017, title="2017年度昆明市产业技术创新战略联盟认定",
                       opens_on=date(2017, 3, 1), closes_on=date(2017, 3, 31))
    assert (call.pack_id, call.closes_on) == (PACK, date(2017, 3, 31))
    assert audit_rows("call.create", call)[0].after["intake"] == "yearly_call"
    with pytest.raises(TransitionRefused) as caught:
        case_open(actor=lead, alliance=alliance, call=call, on=date(2017, 2, 28))
    assert caught.value.code == "outside_window" and "2017-03-01" in caught.value.messages[0]
    case = case_open(actor=lead, alliance=alliance, call=call, on=date(2017, 3, 6))
    assert (case.state, case.pack_id) == ("draft", PACK)
    for material in ("application", "agreement", "strategy_plan"):
        case_attach_material(actor=lead, case=case, material_id=material,
                             document=pdf(f"{material}.pdf", alliance=alliance))
    first = case_act(actor=lead, case=case, action="submit", on=date(2017, 3, 6)).submission
    # The frozen version carries the engine's answer: 第八条(一) fails with three units.
    assert first.number == 1 and first.eligibility["status"] == "not_eligible"
    four_units = next(c for c in first.eligibility["conditions"] if c["id"] == "four_units")
    assert four_units["status"] == "fail" and four_units["citation"]["article"] == "第八条(一)"
    assert four_units["detail"] == {"count": 3, "min": 4}
    assert {c["id"] for c in first.eligibility["conditions"] if c["status"] == "fail"} == {"four_units"}

    # ---------------------------------------------------------------- 第十条: formal review
    case_act(actor=staff, case=case, action="start_formal_review", on=date(2017, 3, 10))
    with pytest.raises(TransitionRefused) as caught:
        case_act(actor=staff, case=case, action="pass_formal_review", on=date(2017, 3, 10))
    assert caught.value.code == "guard_failed"
    assert "4个及以上单位组成（第八条第（一）项）" in caught.value.messages[0]
    assert f"{DOC} 第十条" in caught.value.messages[0]
    case_act(actor=staff, case=case, action="return_for_revision", reason="不足4个单位（第八条(一)）", on=date(2017, 3, 13))
    membership_add(actor=system_actor, alliance=alliance, organisation=make_org("昆明花卉物流有限公司", region="530102"),
                   joined_on=date(2017, 3, 15))
    second = case_act(actor=lead, case=case, action="resubmit", on=date(2017, 3, 20)).submission
    assert second.number == 2 and second.eligibility["status"] == "review"  # only the expert question is left
    case_act(actor=staff, case=case, action="start_formal_review", on=date(2017, 3, 22))
    case_act(actor=staff, case=case, action="pass_formal_review", on=date(2017, 3, 24))
    case.refresh_from_db()
    assert case.state == "expert_review"

    # ---------------------------------------------------------------- experts: conflict refused, two sheets
    conflicted = make_expert("km_expert_conflicted", org=university)  # works for a member: refused by name
    with pytest.raises(ValidationError) as caught:
        expert_assign(actor=staff, case=case, expert=conflicted, on=date(2017, 4, 1))
    assert caught.value.code == "conflict_of_interest"
    assert "km_expert_conflicted" in caught.value.messages[0] and university.name in caught.value.messages[0]
    experts = [make_expert("km_expert_a"), make_expert("km_expert_b")]
    for e in experts:
        expert_assign(actor=staff, case=case, expert=e, on=date(2017, 4, 1))
    with pytest.raises(TransitionRefused):  # no sheets yet (第十一条 follows the experts' review)
        case_act(actor=staff, case=case, action="propose", on=date(2017, 4, 5))
    for e, score in zip(experts, ("85", "75"), strict=True):
        sheet_submit(actor=e.user, case=case, opinion="pass", overall_score=score, on=date(2017, 4, 10),
                     answers={"around_chain_links": {"answer": True, "comment": "覆盖种苗、种植、物流"}})
    result = review_result(case)
    assert result.passed and (result.counted, result.scores.mean) == (2, D("80.00"))
    assert len(audit_rows("review.assign", case)) == 2 and len(audit_rows("review.sheet_submit", case)) == 2
    outcome = case_act(actor=staff, case=case, action="propose", on=date(2017, 4, 20))
    assert (outcome.case.state, outcome.transition.article) == ("proposed", "第十一条")

    # ---------------------------------------------------------------- 第十一条: 7-day notice and an objection
    # published online on 1 May: the day of publication is not counted (民法典 第二百零一条), 2 … 8 May
    case_act(actor=staff, case=case, action="publish_notice", on=date(2017, 5, 1))
    notice = PublicNotice.objects.get(case=case)
    assert (notice.published_on, notice.ends_on, notice.period_length, notice.article) == (
        date(2017, 5, 1), date(2017, 5, 8), 7, "第十一条")
    with django_capture_on_commit_callbacks(execute=True):
        objection = objection_submit(actor=AnonymousUser(), notice=notice, name="李四", contact="13900000000",
                                     text="该联盟第四家成员系临时拉入，请核查。", at=datetime(2017, 5, 5, 9, tzinfo=SH))
    assert [m.to for m in mail.outbox] == [["km_staff@example.cn"]]  # the deciding bureau is told
    with pytest.raises(TransitionRefused) as caught:  # the notice is still running on its last day
        case_act(actor=staff, case=case, action="recognise", on=date(2017, 5, 8))
    assert "2017-05-08" in caught.value.messages[0] and "2017-05-09" in caught.value.messages[0]
    with pytest.raises(TransitionRefused) as caught:  # an objection pending
        case_act(actor=staff, case=case, action="recognise", on=date(2017, 5, 9))
    assert "第十一条" in caught.value.messages[0]
    objection_resolve(actor=staff, objection=objection, outcome="dismissed", reason="经核查，物流公司已签署联盟协议。",
                      on=date(2017, 5, 9))
    assert audit_rows("objection.dismissed", objection)[0].reason == "经核查，物流公司已签署联盟协议。"

    # ---------------------------------------------------------------- recognised: number, name, level, PDFs
    with django_capture_on_commit_callbacks(execute=True):
        outcome = case_act(actor=staff, case=case, action="recognise", on=date(2017, 5, 9))
    assert (outcome.case.state, outcome.case.closed, outcome.transition.article) == ("recognised", True, "第十一条")
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.CONCLUDED
    r = Recognition.objects.get(case=case)
    assert (r.document_number, r.name, r.level, r.recognised_on, r.article) == (
        "昆科〔2017〕1号", "昆明花卉产业技术创新战略联盟", "municipal", date(2017, 5, 9), "第十一条")
    assert r.document.kind == "recognition" and r.plaque.kind == "recognition"
    assert len(r.document.sha256) == 64 and r.plaque.original_name == "昆科〔2017〕1号-授牌证书.pdf"
    with r.plaque.file.open("rb") as f:
        assert f.read(5) == b"%PDF-"
    assert list(LevelRecord.objects.filter(alliance=alliance).values_list("level", "from_date", "document_number")) == [
        ("municipal", date(2017, 5, 9), "昆科〔2017〕1号")]
    alliance.refresh_from_db()
    assert (alliance.level, alliance.status) == ("municipal", "recognised")
    facts = verify_certificate(r.verification_code.lower())
    assert (facts.name, facts.document_number, facts.status) == ("昆明花卉产业技术创新战略联盟", "昆科〔2017〕1号", "valid")
    assert timeline(case) == [
        ("draft", "submitted", "submit", "lead_unit", "第九条"),
        ("submitted", "formal_review", "start_formal_review", "bureau", "第十条"),
        ("formal_review", "returned", "return_for_revision", "bureau", "第十条"),
        ("returned", "submitted", "resubmit", "lead_unit", "第九条"),
        ("submitted", "formal_review", "start_formal_review", "bureau", "第十条"),
        ("formal_review", "expert_review", "pass_formal_review", "bureau", "第十条"),
        ("expert_review", "proposed", "propose", "bureau", "第十一条"),
        ("proposed", "notice", "publish_notice", "bureau", "第十一条"),
        ("notice", "recognised", "recognise", "bureau", "第十一条"),
    ]
    assert Submission.objects.filter(case=case).count() == 2
    assert audit_rows("recognition.issue", r) and audit_rows("recognition.render", r)

    # ---------------------------------------------------------------- 第十二条: 10 万元 guidance fund, 3:1
    fund = fund_create(actor=finance, jurisdiction=kunming, name="昆明市科技计划经费（联盟引导经费）", is_default=True)
    budget_set(actor=finance, fund=fund, year=2017, amount=D("200"))
    run = grant_propose(actor=staff, alliance=alliance, pack="kunming", on=date(2017, 5, 20))
    assert run.proposals == []  # the lead's 3:1 matching is not shown yet: conditional, not due
    [cond] = run.refusals
    assert cond["code"] == "conditional" and "≥ 30" in cond["en"] and "not given" in cond["en"]
    run = grant_propose(actor=staff, alliance=alliance, pack="kunming", on=date(2017, 5, 20),
                        evidence=[{"id": "m1", "kind": "lead_matching", "date": "2017-05-18", "base": "30"}])
    [p] = run.proposals
    assert (p.rule, p.amount, p.article, p.payee_organisation) == ("guidance_fund", D("10"), "第十二条", alliance.lead)
    [condition] = p.conditions
    assert "≥ 30" in condition and "committed 30" in condition  # 10 × 3 = 30 matched by the lead
    grant_decide(actor=staff, proposal=p, approve=True, on=date(2017, 5, 25), reason="牵头单位承诺配套30万元")
    p.refresh_from_db()
    assert (p.status, p.decided_amount) == (ProposalStatus.APPROVED, D("10"))
    commitment = LedgerEntry.objects.get(kind=EntryKind.COMMITMENT, proposal=p)
    paid = grant_pay(actor=finance, commitment=commitment, on=date(2017, 6, 1))
    assert (paid.payment.amount, paid.net, paid.payment.payee_organisation) == (D("10"), D("10"), alliance.lead)
    [line] = budget_overview(user=finance, year=2017)
    assert (line.budget, line.committed, line.paid, line.left) == (D("200"), D("10"), D("10"), D("190"))
    assert audit_rows("grant.approve", p) and audit_rows("ledger.pay", paid.payment)
    again = grant_propose(actor=staff, alliance=alliance, pack="kunming", on=date(2017, 7, 1))
    assert again.proposals == [] and [x["code"] for x in again.refusals] == ["already_paid"]

    # ---------------------------------------------------------------- 第十四条: reports by 15 December
    report = report_file(actor=lead, alliance=alliance, kind="annual_report", year=2017, on=date(2017, 12, 15),
                         summary="2017年度科技报告：研发投入与产出", changes_members="3月新增成员昆明花卉物流有限公司")
    assert (report.due_on, report.late, report.article) == (date(2017, 12, 15), False, "第十四条")
    deadlines_scan(actor=SCAN, on=date(2017, 12, 20))
    row = Deadline.objects.get(alliance=alliance, duty="annual_report", period="2017")
    assert (row.status, row.filed_on, row.article) == ("done", date(2017, 12, 15), "第十四条")
    assert consequences_apply(actor=staff, alliance=alliance, on=date(2017, 12, 20)) == []

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_scan(actor=SCAN, on=date(2018, 12, 10))  # five days ahead: a reminder to the lead
    row = Deadline.objects.get(alliance=alliance, duty="annual_report", period="2018")
    assert (row.status, row.due_on) == ("upcoming", date(2018, 12, 15))
    assert [m.to for m in mail.outbox] == [["km_lead@example.cn"]] and "2018-12-15" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_scan(actor=SCAN, on=date(2018, 12, 16))
    row.refresh_from_db()
    assert (row.status, row.status_since) == ("overdue", date(2018, 12, 16))
    assert sorted(m.to[0] for m in mail.outbox[1:]) == ["km_lead@example.cn", "km_staff@example.cn"]
    late = report_file(actor=lead, alliance=alliance, kind="annual_report", year=2018, on=date(2018, 12, 17),
                       summary="2018年度科技报告")
    assert (late.due_on, late.late) == (date(2018, 12, 15), True)
    deadlines_scan(actor=SCAN, on=date(2018, 12, 18))
    row.refresh_from_db()
    assert (row.status, row.filed_on) == ("late", date(2018, 12, 17))

    # ---------------------------------------------------------------- 第十七条(二): revoked, plaque, published
    [applied] = consequences_apply(actor=staff, alliance=alliance, on=date(2018, 12, 20))
    assert (applied.consequence, applied.article) == ("report_late", "第十七条(二)")
    assert applied.effects == ["revoked", "plaque_withdrawn", "published"]
    assert (applied.status_before, applied.status_after) == ("recognised", "revoked")
    event = AuditEvent.objects.get(action="supervision.consequence", target_id=str(applied.pk))
    assert event.after["article"] == "第十七条(二)" and event.after["engine_digest"] == applied.engine_digest
    alliance.refresh_from_db()
    assert alliance.status == "revoked" and alliance.level == "municipal"  # the history stays
    revocation = Revocation.objects.get(alliance=alliance)
    assert (revocation.article, revocation.decided_on, revocation.plaque_recall_ordered,
            revocation.publication_required) == ("第十七条(二)", date(2018, 12, 20), True, True)
    assert list(revocations_public()) == [revocation]
    # Revoking the title revokes the recognition with it: the public verification says so at once.
    r.refresh_from_db()
    assert (r.status, r.recalled_on, r.recall_article) == ("recalled", date(2018, 12, 20), f"{DOC} 第十七条(二)")
    assert verify_certificate(r.verification_code).status == "revoked"
    assert verify_certificate(r.verification_code).revoked_on == date(2018, 12, 20)
    revocation_plaque_recalled(actor=staff, revocation=revocation, on=date(2019, 1, 5))  # the plaque is back
    revocation.refresh_from_db()
    assert revocation.plaque_recalled_on == date(2019, 1, 5)
    with pytest.raises(ValidationError) as caught:  # already revoked with the alliance: not recalled twice
        recognition_recall(actor=staff, recognition=r, reason="重复收回", article="第十七条(二)", on=date(2019, 1, 6))
    assert caught.value.code == "already_recalled"
    with pytest.raises(ValidationError) as caught:  # revoked: no longer supervised
        consequences_apply(actor=staff, alliance=alliance, on=date(2019, 1, 6))
    assert caught.value.code == "not_supervised"
    assert AppliedConsequence.objects.filter(alliance=alliance).count() == 1

    # ---------------------------------------------------------------- the trail
    moves = AuditEvent.objects.filter(target_type="workflow.case", target_id=str(case.pk),
                                      action__in=[f"case.{t[2]}" for t in timeline(case)]).order_by("id")
    assert [e.after["state"] for e in moves] == [t[1] for t in timeline(case)]
    assert all(e.after["pack_digest"] == case.pack_digest and e.after["article"] for e in moves)
    assert audit_verify_chain() == []
