"""Kunming 第十二条 (10 guidance fund, lead matches ≥ 3:1) and Weinan 16 (an amount the bureau sets)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from itisa.funding.models import EntryKind, LedgerEntry
from itisa.funding.services import grant_decide, grant_propose
from itisa.register.services import alliance_level_record

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def kunming_alliance(make_alliance, make_org, jurisdiction, system_actor):
    a = make_alliance("昆明花卉产业技术创新战略联盟", juris="kunming-kjj", lead=make_org("昆明花卉企业", region="530102"),
                      founded_on=date(2016, 9, 1))
    alliance_level_record(actor=system_actor, alliance=a, level="municipal", from_date=date(2017, 1, 10),
                          jurisdiction=jurisdiction("kunming-kjj"))
    return a


def test_guidance_fund_of_10_says_the_lead_must_match_at_least_30(cast, funds, kunming_alliance):
    # 第十二条: 给予联盟牵头单位10万元引导经费，联盟牵头单位按不低于3:1的比例配套
    # Until the matching is shown the money is conditional: no proposal, a refusal naming the unmet condition.
    run = grant_propose(actor=cast["km_staff"], alliance=kunming_alliance, pack="kunming", on=date(2017, 2, 1))
    assert not [p for p in run.proposals if p.rule == "guidance_fund"]
    [r] = [r for r in run.refusals if r["rule"] == "guidance_fund"]
    assert r["code"] == "conditional" and "≥ 30" in r["en"] and "not given" in r["en"] and "3:1" in r["zh"]
    short = grant_propose(actor=cast["km_staff"], alliance=kunming_alliance, pack="kunming", on=date(2017, 2, 1),
                          evidence=[{"id": "m1", "kind": "lead_matching", "date": "2017-01-20", "base": "29"}])
    assert [r["code"] for r in short.refusals if r["rule"] == "guidance_fund"] == ["conditional"]


def test_with_matching_evidence_of_30_the_condition_is_met(cast, funds, kunming_alliance):
    [p] = grant_propose(actor=cast["km_staff"], alliance=kunming_alliance, pack="kunming", on=date(2017, 2, 1),
                        evidence=[{"id": "m1", "kind": "lead_matching", "date": "2017-01-20", "base": "30"}]).proposals
    assert (p.amount, p.payee_organisation, p.article) == (D("10"), kunming_alliance.lead, "第十二条")
    [note] = p.conditions
    assert note.startswith("已满足") and "committed 30" in note


@pytest.fixture
def weinan_alliance(make_alliance, make_org, jurisdiction, system_actor):
    a = make_alliance("渭南市3D打印产业技术创新战略联盟", juris="weinan-kjj", lead=make_org("渭南企业", region="610502"),
                      founded_on=date(2016, 1, 1))
    alliance_level_record(actor=system_actor, alliance=a, level="municipal", from_date=date(2016, 6, 1),
                          jurisdiction=jurisdiction("weinan-kjj"))
    return a


def test_weinan_research_funding_is_an_amount_the_bureau_sets_without_bounds(cast, funds, weinan_alliance):
    # 16: 对新认定…的联盟常设机构依托单位，给予一定的科研经费资助 — no amount, no range in the text.
    [p] = grant_propose(actor=cast["wn_staff"], alliance=weinan_alliance, pack="weinan",
                        on=date(2016, 7, 1)).proposals
    assert p.is_range and p.amount is None and (p.range_min, p.range_max) == (None, None)
    with pytest.raises(ValidationError) as caught:
        grant_decide(actor=cast["wn_staff"], proposal=p, approve=True, on=date(2016, 7, 5))
    assert "办法未规定金额范围" in caught.value.messages[0]
    grant_decide(actor=cast["wn_staff"], proposal=p, approve=True, amount=D("15"), on=date(2016, 7, 5))
    assert LedgerEntry.objects.get(kind=EntryKind.COMMITMENT).amount == D("15")
