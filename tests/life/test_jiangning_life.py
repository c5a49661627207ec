"""江宁区产业技术创新战略联盟认定管理暂行办法 (in force 2019-01-01 … 2021-12-31, 第十五条):
one alliance recognised through 第七条–第九条, then three endings of its life.

    2019-03-04  year-round application (第七条) with the six materials of 第八条: one missing, refused
    2019-03-11  the district accepts (第九条, 第六条 conditions checked by the engine)
    2019-03-20  third-party experts order a site visit (第九条 “根据需要开展实地走访”); visit passes 03-28
    2019-04-01  recognised district: 江宁科〔2019〕1号, 江宁区智能电网产业技术创新战略联盟

  money and supervision (test_money_upgrades_and_two_poor_years):
    30 万元 (第十条1) → municipal upgrade pays 50 − 30 = 20 → provincial 75 − 50 = 25 → nothing more;
    a national standard 20 (第十条8); exchange activities 20 + 10 = 30, the year's cap (第十条6);
    2020 and 2021 graded poor: district support withdrawn (第十二条)
  misuse (test_misuse_claw_back_and_ban): 30 paid, recovered, no further applications (第十三条)
  dissolution (test_dissolution_with_every_members_consent): all 21 units consent (第十二条)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from itisa.audit.models import AuditEvent
from itisa.audit.services import audit_verify_chain
from itisa.funding.models import EntryKind, FundingBan, LedgerEntry
from itisa.funding.selectors import budget_overview
from itisa.funding.services import (
    budget_set,
    fund_create,
    grant_claw_back,
    grant_decide,
    grant_pay,
    grant_propose,
)
from itisa.recognition.models import Recognition
from itisa.register.models import LevelRecord, Membership
from itisa.register.services import achievement_add, alliance_update
from itisa.reviews.models import SiteVisit
from itisa.reviews.services import expert_assign, sheet_submit, site_visit_record
from itisa.supervision.models import AppliedConsequence
from itisa.supervision.services import (
    alliance_upgrade,
    dissolution_apply,
    dissolution_consent_record,
    dissolution_decide,
    grade_record,
)
from itisa.workflow.models import Submission
from itisa.workflow.services import TransitionRefused, case_act, case_attach_material, case_open

from .conftest import audit_rows, timeline

pytestmark = pytest.mark.django_db
D = Decimal
DOC = "《江宁区产业技术创新战略联盟认定管理暂行办法》"
MATERIALS = ["application", "agreement_charter_organs", "plans", "rules_of_procedure", "business_licences",
             "funding_and_staff"]
YES = {"members_standing": True, "lead_is_leading": {"answer": True, "comment": "区内龙头"}}


@pytest.fixture
def recognised(person, pdf, make_alliance, make_org, make_expert, members, jurisdiction, system_actor):
    """第七条–第九条, driven through the workflow; returns the cast with the recognised alliance."""
    jiangning = jurisdiction("jiangning-kjj")
    staff = person("jn_staff", role="bureau_staff", jurisdiction=jiangning)
    finance = person("jn_finance", role="finance", jurisdiction=jiangning)
    alliance = make_alliance("江宁区智能电网产业技术创新战略联盟", juris="jiangning-kjj",
                             lead=make_org("江宁电网科技有限公司", region="320115"), founded_on=date(2018, 11, 1))
    members(alliance, 20, region="320115", joined_on=date(2018, 11, 1))
    alliance = alliance_update(
        actor=system_actor, alliance=alliance, reason="材料齐全", agreement_signed_by_all=True, has_council=True,
        has_executive_body=True, has_rules_of_procedure=True, full_time_staff=2, has_funding_mechanism=True,
        has_short_term_plan=True, has_mid_term_plan=True, has_long_term_plan=True, has_open_membership=True,
        has_ip_rules=True, has_benefit_sharing_rules=True, outward_responsible_party=alliance.lead, has_charter=True, has_expert_committee=True,
        has_office=True, has_fund_rules=True)
    lead = person("jn_lead", role="lead_unit", alliance=alliance)

    # 第七条/第八条: year-round, six kinds of material
    case = case_open(actor=lead, alliance=alliance, on=date(2019, 3, 4))
    assert (case.call, case.pack_id) == (None, "320115-jiangning/2019")
    for material in MATERIALS[:-1]:
        case_attach_material(actor=lead, case=case, material_id=material, document=pdf(f"{material}.pdf"))
    with pytest.raises(TransitionRefused) as caught:
        case_act(actor=lead, case=case, action="submit", on=date(2019, 3, 4))
    assert "第八条第6项" in caught.value.messages[0] and f"{DOC} 第七条" in caught.value.messages[0]
    assert not Submission.objects.filter(case=case).exists()
    case_attach_material(actor=lead, case=case, material_id="funding_and_staff", document=pdf("经费与人员.pdf"))
    submission = case_act(actor=lead, case=case, action="submit", on=date(2019, 3, 5)).submission
    assert set(submission.materials) == set(MATERIALS) and len(submission.facts["members"]) == 21
    case_act(actor=staff, case=case, action="accept", on=date(2019, 3, 11))

    # 第九条: third-party experts, a site visit
    experts = [make_expert("jn_expert_a"), make_expert("jn_expert_b")]
    for e in experts:
        expert_assign(actor=staff, case=case, expert=e, on=date(2019, 3, 12))
    outcome = case_act(actor=staff, case=case, action="order_site_visit", reason="核实办公场所",
                       on=date(2019, 3, 20))  # 第九条: the district bureau's power, not the experts'
    assert (outcome.case.state, outcome.transition.role) == ("site_visit", "bureau")
    for e, score in zip(experts, ("86", "78"), strict=True):
        sheet_submit(actor=e.user, case=case, opinion="pass", overall_score=score, answers=YES, on=date(2019, 3, 22))
    with pytest.raises(TransitionRefused) as caught:
        case_act(actor=staff, case=case, action="recognise", on=date(2019, 3, 25))
    assert "第九条" in caught.value.messages[0]  # no visit recorded yet
    site_visit_record(actor=experts[0].user, case=case, visited_on=date(2019, 3, 28), visitors="专家A、区科技局",
                      findings="办公场所、专职人员落实", result="pass", document=pdf("走访记录.pdf"))
    outcome = case_act(actor=staff, case=case, action="recognise", on=date(2019, 4, 1))
    assert (outcome.case.state, outcome.transition.article) == ("recognised", "第九条")
    assert [t[:3] for t in timeline(case)] == [
        ("draft", "submitted", "submit"), ("submitted", "expert_review", "accept"),
        ("expert_review", "site_visit", "order_site_visit"), ("site_visit", "recognised", "recognise")]
    assert SiteVisit.objects.get(case=case).result == "pass"
    r = Recognition.objects.get(case=case)
    assert (r.document_number, r.name, r.level, r.recognised_on) == (
        "江宁科〔2019〕1号", "江宁区智能电网产业技术创新战略联盟", "district", date(2019, 4, 1))
    alliance.refresh_from_db()
    assert (alliance.level, alliance.status) == ("district", "recognised")

    fund = fund_create(actor=finance, jurisdiction=jiangning, name="江宁区产业技术创新战略联盟扶持资金", is_default=True)
    for year in (2019, 2020, 2021):
        budget_set(actor=finance, fund=fund, year=year, amount=D("300"))
    return {"alliance": alliance, "lead": lead, "staff": staff, "finance": finance, "case": case, "fund": fund}


def approve_and_pay(s, proposal, on, amount=None):
    grant_decide(actor=s["staff"], proposal=proposal, approve=True, amount=amount, on=on)
    commitment = LedgerEntry.objects.get(kind=EntryKind.COMMITMENT, proposal=proposal)
    return grant_pay(actor=s["finance"], commitment=commitment, on=on)


def award(s, on):
    run = grant_propose(actor=s["staff"], alliance=s["alliance"], pack="jiangning", on=on, rules=["recognition_award"])
    return run.proposals, run.refusals


def exchange(n, spend, day):
    return {"id": f"ex-{n}", "kind": "exchange_activity", "date": day.isoformat(), "base": spend,
            "flags": ["filed", "led_by_alliance"]}


def test_money_upgrades_and_two_poor_years(recognised, person, jurisdiction, system_actor):
    s = recognised
    alliance, staff = s["alliance"], s["staff"]

    # 第十条1: 区级30万元；晋级市、省级累计增加至50、75万元
    [p], _ = award(s, date(2019, 4, 10))
    assert (p.amount, p.article, p.payee_key) == (D("30"), "第十条1", f"alliance:{alliance.pk}")
    approve_and_pay(s, p, date(2019, 4, 20))

    city = person("nj_staff", role="bureau_staff", jurisdiction=jurisdiction("nanjing-kjj"))
    with pytest.raises(PermissionDenied):  # the district does not recognise municipal alliances
        alliance_upgrade(actor=staff, alliance=alliance, level="municipal", jurisdiction=jurisdiction("nanjing-kjj"),
                         from_date=date(2019, 10, 1))
    alliance_upgrade(actor=city, alliance=alliance, level="municipal", jurisdiction=jurisdiction("nanjing-kjj"),
                     from_date=date(2019, 10, 1), document_number="宁科〔2019〕8号", reason="升级为市级联盟")
    [p], _ = award(s, date(2019, 11, 1))
    assert (p.amount, p.formula) == (D("20"), "最高累计额度50万元（第十条第1项） − 已付30万元 = 20万元 / "
                                  "highest cumulative ceiling 50 (Art. 10 item 1) − already paid 30 = 20")
    approve_and_pay(s, p, date(2019, 11, 10))

    province = person("js_staff", role="bureau_staff", jurisdiction=jurisdiction("jiangsu-kjt"))
    alliance_upgrade(actor=province, alliance=alliance, level="provincial", jurisdiction=jurisdiction("jiangsu-kjt"),
                     from_date=date(2020, 6, 1), document_number="苏科〔2020〕3号")
    [p], _ = award(s, date(2020, 7, 1))
    assert p.amount == D("25")  # 75 − 50
    approve_and_pay(s, p, date(2020, 7, 10))
    proposals, refusals = award(s, date(2020, 8, 1))  # never twice
    assert proposals == [] and [x["code"] for x in refusals] == ["nothing_due"]
    paid = LedgerEntry.objects.filter(kind=EntryKind.PAYMENT, rule="recognition_award")
    assert sorted(e.amount for e in paid) == [D("20"), D("25"), D("30")] and sum(e.amount for e in paid) == D("75")
    assert list(LevelRecord.objects.filter(alliance=alliance).order_by("from_date").values_list("level", flat=True)) \
        == ["district", "municipal", "provincial"]
    assert len(audit_rows("supervision.upgrade", alliance)) == 2

    # 第十条8: a national standard, 20
    std = achievement_add(actor=system_actor, alliance=alliance, kind="standard", standard_level="national",
                          title="GB/T 智能电网接入规范", achieved_on=date(2020, 3, 1))
    run = grant_propose(actor=staff, alliance=alliance, pack="jiangning", on=date(2020, 4, 1), year=2020,
                        rules=["standard_award"])
    [p] = run.proposals
    assert (p.amount, p.article, p.matter) == (D("20"), "第十条8", f"achievement:{std.pk}")
    approve_and_pay(s, p, date(2020, 4, 10))

    # 第十条6: exchange activities, at most 30 a year
    [e1] = grant_propose(actor=staff, alliance=alliance, pack="jiangning", on=date(2020, 5, 1),
                         claim=exchange(1, "20", date(2020, 4, 20))).proposals
    assert (e1.range_min, e1.range_max) == (D("0"), D("20"))
    grant_decide(actor=staff, proposal=e1, approve=True, amount=D("20"), on=date(2020, 5, 10))
    [e2] = grant_propose(actor=staff, alliance=alliance, pack="jiangning", on=date(2020, 9, 1),
                         claim=exchange(2, "15", date(2020, 8, 20))).proposals
    assert (e2.range_min, e2.range_max) == (D("0"), D("10"))  # 30 − 20
    with pytest.raises(ValidationError) as caught:
        grant_decide(actor=staff, proposal=e2, approve=True, amount=D("15"), on=date(2020, 9, 10))
    assert caught.value.error_dict["amount"][0].code == "outside_range"
    grant_decide(actor=staff, proposal=e2, approve=True, amount=D("10"), on=date(2020, 9, 10))
    assert sum(e.amount for e in LedgerEntry.objects.filter(kind=EntryKind.COMMITMENT, rule="exchange_subsidy")) \
        == D("30")
    [line2019] = budget_overview(user=s["finance"], year=2019)
    [line2020] = budget_overview(user=s["finance"], year=2020)
    assert (line2019.committed, line2019.left) == (D("50"), D("250"))   # 30 + 20
    assert (line2020.committed, line2020.left) == (D("75"), D("225"))   # 25 + 20 + 20 + 10

    # 第十二条: two poor years in a row
    grade_record(actor=staff, alliance=alliance, year=2020, grade="运营成效不好", on=date(2020, 12, 20))
    alliance.refresh_from_db()
    assert alliance.status == "recognised"  # one poor year does not
    grade_record(actor=staff, alliance=alliance, year=2021, grade="poor", on=date(2021, 12, 20))
    alliance.refresh_from_db()
    assert alliance.status == "support_suspended" and alliance.level == "provincial"
    applied = AppliedConsequence.objects.get(alliance=alliance)
    assert (applied.consequence, applied.article, applied.scope, applied.reason["years"]) == (
        "loses_district_support", "第十二条", "alliance_and_members", [2020, 2021])
    assert audit_verify_chain() == []


def test_misuse_claw_back_and_ban(recognised):
    s = recognised
    alliance, staff, finance = s["alliance"], s["staff"], s["finance"]
    [p], _ = award(s, date(2019, 4, 10))
    paid = approve_and_pay(s, p, date(2019, 4, 20))
    # 第十三条: 对弄虚作假、挪用资金的，追回已拨付资金，并不再受理其公共政策支持资金申请
    with pytest.raises(ValidationError) as caught:
        grant_claw_back(actor=finance, commitment=paid.payment.related, on=date(2019, 9, 1), ground="misuse",
                        reason="挪用", amount=D("31"))
    assert caught.value.error_dict["amount"][0].code == "over_recovery" and "30" in caught.value.messages[0]
    recovery = grant_claw_back(actor=finance, commitment=paid.payment.related, on=date(2019, 9, 1), ground="misuse",
                               reason="挪用补助资金用于非联盟活动")
    assert (recovery.kind, recovery.amount, recovery.payee_key) == (EntryKind.RECOVERY, D("30"), f"alliance:{alliance.pk}")
    ban = FundingBan.objects.get(alliance=alliance)
    assert ban.citation == f"{DOC} 第十三条" and ban.since == date(2019, 9, 1)
    [line] = budget_overview(user=finance, year=2019)
    assert (line.committed, line.paid, line.recovered, line.receivable, line.left) == (
        D("30"), D("30"), D("30"), D("30"), D("300"))
    run = grant_propose(actor=staff, alliance=alliance, pack="jiangning", on=date(2019, 10, 1),
                        claim=exchange(1, "20", date(2019, 9, 20)))
    assert run.proposals == []
    assert run.refusals[0]["code"] == "banned" and "第十三条" in run.refusals[0]["message"]
    assert AuditEvent.objects.filter(action="funding.ban", target_id=str(ban.pk)).exists()
    assert audit_rows("ledger.recover", recovery)[0].reason == "挪用补助资金用于非联盟活动"
    assert audit_verify_chain() == []


def test_dissolution_with_every_members_consent(recognised):
    s = recognised
    alliance, lead, staff = s["alliance"], s["lead"], s["staff"]
    # 第十二条: 经全体成员单位同意，决定解散联盟的，由联盟牵头单位提出申请，报区科技局审批
    dissolution = dissolution_apply(actor=lead, alliance=alliance, reason="阶段任务完成", on=date(2021, 6, 1))
    assert (dissolution.article, dissolution.pack_id) == ("第十二条", "320115-jiangning/2019")
    others = [m.organisation for m in Membership.objects.filter(alliance=alliance).exclude(role="lead")
              .select_related("organisation").order_by("id")]
    assert len(others) == 20
    for org in others[:-1]:
        dissolution_consent_record(actor=lead, dissolution=dissolution, organisation=org, on=date(2021, 6, 5))
    with pytest.raises(ValidationError) as caught:
        dissolution_decide(actor=staff, dissolution=dissolution, approve=True, on=date(2021, 6, 10))
    assert caught.value.code == "consent_missing" and others[-1].name in caught.value.messages[0]
    dissolution_consent_record(actor=lead, dissolution=dissolution, organisation=others[-1], on=date(2021, 6, 11))
    decided = dissolution_decide(actor=staff, dissolution=dissolution, approve=True, on=date(2021, 6, 15))
    alliance.refresh_from_db()
    assert (decided.status, alliance.status) == ("approved", "dissolved")
    assert decided.consents.count() == 21  # the lead's application and 20 members
    assert audit_rows("supervision.dissolution_decide", decided)
    assert audit_verify_chain() == []
