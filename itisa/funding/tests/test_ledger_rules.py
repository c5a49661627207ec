"""No double funding, decision conflicts, permissions, the budget view and the what-if simulation."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from itisa.funding.models import EntryKind, GrantProposal, LedgerEntry, ProposalStatus
from itisa.funding.selectors import budget_overview, budget_simulate
from itisa.funding.services import (
    GrantConflict,
    budget_set,
    grant_claw_back,
    grant_decide,
    grant_pay,
    grant_propose,
)
from itisa.register.services import alliance_level_record

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def luoyang_alliance(make_alliance, jurisdiction, system_actor):
    a = make_alliance("洛阳市轴承产业技术创新战略联盟")
    alliance_level_record(actor=system_actor, alliance=a, level="municipal", from_date=date(2019, 5, 1),
                          jurisdiction=jurisdiction("luoyang-kjj"))
    return a


def project(matter: str, payee) -> dict:
    return {"id": "p1", "kind": "rd_project", "date": "2019-08-01", "matter": matter, "payee": str(payee)}


# ---------------------------------------------------------------- no double funding


def test_the_same_project_funded_in_jiangning_is_refused_in_luoyang_naming_both(cast, funds, luoyang_alliance,
                                                                                jiangning_alliance):
    # 洛政办〔2018〕54号 第二十一条: 同一事项已获得政府其他类似政策资金支持的，本办法不再重复支持
    jn = jiangning_alliance()
    [earlier] = grant_propose(actor=cast["jn_staff"], alliance=jn, pack="jiangning", on=date(2019, 9, 1),
                              claim={"id": "nm", "kind": "national_major_project", "date": "2019-08-01",
                                     "base": "100", "matter": "project:2019ZX01", "payee": str(jn.lead_id)}
                              ).proposals
    run = grant_propose(actor=cast["ly_staff"], alliance=luoyang_alliance, pack="luoyang", on=date(2019, 9, 2),
                        claim=project("project:2019ZX01", luoyang_alliance.lead_id))
    assert run.proposals == []
    [r] = run.refusals
    assert r["code"] == "double_funding" and r["earlier"] == earlier.ref
    assert earlier.ref in r["message"] and "第十条3" in r["message"]  # the earlier record …
    assert "洛政办〔2018〕54号 第十三条 rd_project project:2019ZX01" in r["message"]  # … and the new one


def test_the_same_project_under_the_same_article_for_another_alliance_is_refused(cast, funds, luoyang_alliance,
                                                                               make_alliance, make_org,
                                                                               jurisdiction, system_actor):
    # 第二十一条 "同一事项": one project funded under 第十三条 through one alliance is not funded again through another.
    other = make_alliance("洛阳市新材料产业技术创新战略联盟", lead=make_org("洛阳新材料企业"))
    alliance_level_record(actor=system_actor, alliance=other, level="municipal", from_date=date(2019, 5, 1),
                          jurisdiction=jurisdiction("luoyang-kjj"))
    [earlier] = grant_propose(actor=cast["ly_staff"], alliance=luoyang_alliance, pack="luoyang", on=date(2019, 9, 1),
                              claim=project("project:LY-2019-07", luoyang_alliance.lead_id)).proposals
    run = grant_propose(actor=cast["ly_staff"], alliance=other, pack="luoyang", on=date(2019, 9, 2),
                        claim=project("project:LY-2019-07", other.lead_id))
    assert run.proposals == []
    assert [(r["code"], r["earlier"]) for r in run.refusals] == [("double_funding", earlier.ref)]


def test_within_luoyang_the_engine_refuses_a_matter_already_funded_under_another_article(cast, funds,
                                                                                        luoyang_alliance):
    staff = cast["ly_staff"]
    [first] = grant_propose(actor=staff, alliance=luoyang_alliance, pack="luoyang", on=date(2019, 9, 1),
                            claim={"id": "pc", "kind": "platform_construction", "date": "2019-08-01", "base": "100",
                                   "matter": "platform:LY-P1", "flags": ["platform_recognised"]}).proposals
    assert first.amount == D("20")  # 100 × 20 %
    run = grant_propose(actor=staff, alliance=luoyang_alliance, pack="luoyang", on=date(2019, 9, 2),
                        claim=project("platform:LY-P1", luoyang_alliance.lead_id))
    assert run.proposals == []
    assert [(r["code"], r["earlier"]) for r in run.refusals] == [("double_funding", first.ref)]
    assert "第二十一条" in run.refusals[0]["citation"]


def test_earlier_proposals_go_back_to_the_engine_as_payments(cast, funds, luoyang_alliance):
    from itisa.funding.engine_io import build_facts
    from policy.api import get_pack

    [p] = grant_propose(actor=cast["ly_staff"], alliance=luoyang_alliance, pack="luoyang",
                        on=date(2019, 6, 1)).proposals
    facts = build_facts(luoyang_alliance, get_pack("luoyang"), date(2019, 7, 1))
    assert facts["payments"] == [{"id": p.ref, "article": "第十一条", "amount": "10.0000", "date": "2019-06-01",
                                  "matter": "new_alliance_award:municipal", "payee": str(luoyang_alliance.lead_id),
                                  "year": 2019, "rule": "410300-luoyang/2018#new_alliance_award"}]


# ---------------------------------------------------------------- decisions


def test_deciding_a_decided_proposal_is_a_conflict_and_changes_nothing(cast, funds, luoyang_alliance):
    [p] = grant_propose(actor=cast["ly_staff"], alliance=luoyang_alliance, pack="luoyang",
                        on=date(2019, 6, 1)).proposals
    grant_decide(actor=cast["ly_staff"], proposal=p, approve=True, on=date(2019, 6, 2))
    with pytest.raises(GrantConflict) as caught:
        grant_decide(actor=cast["ly_staff2"], proposal=p, approve=False, reason="重复", on=date(2019, 6, 3))
    assert caught.value.code == "already_decided" and "ly_staff" in caught.value.messages[0]
    p.refresh_from_db()
    assert p.status == ProposalStatus.APPROVED and LedgerEntry.objects.count() == 1


def test_two_staff_deciding_from_the_same_version_one_wins(cast, funds, luoyang_alliance):
    [p] = grant_propose(actor=cast["ly_staff"], alliance=luoyang_alliance, pack="luoyang",
                        on=date(2019, 6, 1)).proposals
    seen = p.lock_version
    grant_decide(actor=cast["ly_staff"], proposal=p, approve=True, on=date(2019, 6, 2), expected_version=seen)
    with pytest.raises(GrantConflict) as caught:
        grant_decide(actor=cast["ly_staff2"], proposal=p, approve=True, on=date(2019, 6, 2), expected_version=seen)
    assert caught.value.code == "stale"
    assert LedgerEntry.objects.filter(kind=EntryKind.COMMITMENT).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_staff_approving_at_the_same_moment_one_wins_the_other_gets_a_conflict(cast, funds, luoyang_alliance):
    [p] = grant_propose(actor=cast["ly_staff"], alliance=luoyang_alliance, pack="luoyang",
                        on=date(2019, 6, 1)).proposals
    barrier, outcomes = threading.Barrier(2), []

    def decide(user):
        from django.db import connections

        try:
            barrier.wait()
            grant_decide(actor=user, proposal=p, approve=True, on=date(2019, 6, 2))
            outcomes.append("ok")
        except GrantConflict as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(cast[u],)) for u in ("ly_staff", "ly_staff2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["already_decided", "ok"]
    assert LedgerEntry.objects.filter(kind=EntryKind.COMMITMENT).count() == 1


def test_a_rejection_needs_a_reason_and_books_nothing(cast, funds, luoyang_alliance):
    [p] = grant_propose(actor=cast["ly_staff"], alliance=luoyang_alliance, pack="luoyang",
                        on=date(2019, 6, 1)).proposals
    with pytest.raises(ValidationError):
        grant_decide(actor=cast["ly_staff"], proposal=p, approve=False, on=date(2019, 6, 2))
    grant_decide(actor=cast["ly_staff"], proposal=p, approve=False, reason="牵头单位不在本市", on=date(2019, 6, 2))
    assert GrantProposal.objects.get().status == ProposalStatus.REJECTED and not LedgerEntry.objects.exists()


# ---------------------------------------------------------------- permissions


def test_only_the_alliances_own_bureau_staff_propose_and_decide(cast, funds, luoyang_alliance):
    with pytest.raises(PermissionDenied):
        grant_propose(actor=cast["jn_staff"], alliance=luoyang_alliance, pack="luoyang", on=date(2019, 6, 1))
    with pytest.raises(PermissionDenied):
        grant_propose(actor=cast["ly_finance"], alliance=luoyang_alliance, pack="luoyang", on=date(2019, 6, 1))
    [p] = grant_propose(actor=cast["ly_staff"], alliance=luoyang_alliance, pack="luoyang",
                        on=date(2019, 6, 1)).proposals
    with pytest.raises(PermissionDenied):
        grant_decide(actor=cast["ly_finance"], proposal=p, approve=True, on=date(2019, 6, 2))


def test_finance_or_staff_of_that_bureau_pay_and_recover_no_one_else(cast, funds, luoyang_alliance):
    [p] = grant_propose(actor=cast["ly_staff"], alliance=luoyang_alliance, pack="luoyang",
                        on=date(2019, 6, 1)).proposals
    grant_decide(actor=cast["ly_staff"], proposal=p, approve=True, on=date(2019, 6, 2))
    c = LedgerEntry.objects.get()
    with pytest.raises(PermissionDenied):
        grant_pay(actor=cast["jn_finance"], commitment=c, on=date(2019, 7, 1))
    grant_pay(actor=cast["ly_staff"], commitment=c, on=date(2019, 7, 1), amount=D("4"))
    grant_pay(actor=cast["ly_finance"], commitment=c, on=date(2019, 7, 2))
    with pytest.raises(GrantConflict):
        grant_pay(actor=cast["ly_finance"], commitment=c, on=date(2019, 7, 3))
    with pytest.raises(PermissionDenied):
        grant_claw_back(actor=cast["km_finance"], commitment=c, on=date(2019, 8, 1), ground="revocation",
                        reason="撤销")


# ---------------------------------------------------------------- budget view


def test_the_budget_view_shows_budget_committed_paid_recovered_and_left(cast, funds, luoyang_alliance):
    staff, fin = cast["ly_staff"], cast["ly_finance"]
    [award] = grant_propose(actor=staff, alliance=luoyang_alliance, pack="luoyang", on=date(2019, 6, 1)).proposals
    grant_decide(actor=staff, proposal=award, approve=True, on=date(2019, 6, 2))
    [proj] = grant_propose(actor=staff, alliance=luoyang_alliance, pack="luoyang", on=date(2019, 9, 1),
                           claim=project("project:LY-7", luoyang_alliance.lead_id)).proposals
    grant_decide(actor=staff, proposal=proj, approve=True, amount=D("250"), on=date(2019, 9, 2))
    c_award = LedgerEntry.objects.get(proposal=award)
    grant_pay(actor=fin, commitment=c_award, on=date(2019, 7, 1))
    grant_claw_back(actor=fin, commitment=c_award, on=date(2019, 10, 1), ground="revocation", amount=D("4"),
                    reason="联盟被撤销")
    [line] = budget_overview(user=fin, year=2019, jurisdiction=funds["luoyang"].jurisdiction)
    assert (line.fund, line.budget, line.committed, line.paid, line.recovered) == (
        "洛阳市应用技术研究与开发资金", D("1000"), D("260"), D("10"), D("4"))
    assert line.left == D("1000") - D("260") + D("4") == D("744")
    assert line.receivable == D("4")
    # Others see nothing of Luoyang's money.
    assert budget_overview(user=cast["jn_finance"], jurisdiction=funds["luoyang"].jurisdiction) == []


def test_an_approval_that_would_overcommit_the_budget_is_refused_unless_flagged(cast, funds, luoyang_alliance):
    budget_set(actor=cast["ly_finance"], fund=funds["luoyang"], year=2019, amount=D("120"))
    [proj] = grant_propose(actor=cast["ly_staff"], alliance=luoyang_alliance, pack="luoyang", on=date(2019, 9, 1),
                           claim=project("project:LY-8", luoyang_alliance.lead_id)).proposals
    with pytest.raises(ValidationError) as caught:
        grant_decide(actor=cast["ly_staff"], proposal=proj, approve=True, amount=D("150"), on=date(2019, 9, 2))
    assert caught.value.code == "over_budget" and "120" in caught.value.messages[0]
    budget_set(actor=cast["ly_finance"], fund=funds["luoyang"], year=2019, amount=D("120"), allow_overcommit=True)
    grant_decide(actor=cast["ly_staff"], proposal=proj, approve=True, amount=D("150"), on=date(2019, 9, 2))
    [line] = budget_overview(user=cast["ly_finance"], year=2019, jurisdiction=funds["luoyang"].jurisdiction)
    assert line.left == D("-30") and line.flagged


def test_no_budget_for_the_year_no_approval(cast, funds, luoyang_alliance):
    [p] = grant_propose(actor=cast["ly_staff"], alliance=luoyang_alliance, pack="luoyang",
                        on=date(2019, 6, 1)).proposals
    with pytest.raises(ValidationError) as caught:
        grant_decide(actor=cast["ly_staff"], proposal=p, approve=True, on=date(2030, 1, 2))
    assert caught.value.code == "no_budget"


# ---------------------------------------------------------------- simulation


def test_raising_the_district_award_to_40_costs_10_more_per_recognised_alliance(cast, funds, jiangning_alliance,
                                                                               upgrade, standard):
    jiangning_alliance("江宁甲联盟")
    b = jiangning_alliance("江宁乙联盟")
    jiangning_alliance("江宁丙联盟", recognised=None)  # not recognised: nothing either way
    standard(b, "national", date(2019, 9, 1))
    sim = budget_simulate(user=cast["jn_finance"], jurisdiction=funds["jiangning"].jurisdiction, pack="jiangning",
                          on=date(2019, 12, 1), overrides={"jiangning.recognition_award.district": D("40")})
    assert sim.alliances == 3
    assert (sim.baseline_total, sim.scenario_total, sim.delta) == (D("80"), D("100"), D("20"))  # 30+30+20 → 40+40+20
    by = {r["article"]: r for r in sim.by_article}
    assert (by["第十条1"]["baseline"], by["第十条1"]["scenario"], by["第十条1"]["delta"]) == (D("60"), D("80"), D("20"))
    assert by["第十条8"]["delta"] == D("0")
    with pytest.raises(PermissionDenied):
        budget_simulate(user=cast["ly_finance"], jurisdiction=funds["jiangning"].jurisdiction, pack="jiangning",
                        on=date(2019, 12, 1), overrides={})


def test_the_simulation_command_prints_the_difference_per_article(jiangning_alliance):
    from io import StringIO

    from django.core.management import call_command

    jiangning_alliance("江宁甲联盟")
    out = StringIO()
    call_command("funding_simulate", "jiangning-kjj", "2019-12-01", "--set", "jiangning.recognition_award.district=40",
                 stdout=out)
    text = out.getvalue()
    assert "baseline 30  scenario 40  difference 10" in text and "第十条1: 30 → 40 (+10)" in text
