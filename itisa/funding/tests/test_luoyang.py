"""洛政办〔2018〕54号: 第十一条 award to the lead, 第十二条 legal entity, 第十三条 project range, 第二十一条 fund."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from itisa.funding.models import EntryKind, LedgerEntry, ProposalStatus
from itisa.funding.services import grant_decide, grant_pay, grant_propose
from itisa.register.services import alliance_level_record

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def luoyang_alliance(make_alliance, jurisdiction, system_actor):
    a = make_alliance("洛阳市轴承产业技术创新战略联盟")
    alliance_level_record(actor=system_actor, alliance=a, level="municipal", from_date=date(2019, 5, 1),
                          jurisdiction=jurisdiction("luoyang-kjj"))
    return a


def test_a_new_municipal_alliance_gets_10_for_its_lead_from_the_luoyang_fund(cast, funds, luoyang_alliance):
    # 第十一条: 对新获批…市级联盟的牵头单位…给予…10万元的奖励; 第二十一条: 来源于洛阳市应用技术研究与开发资金
    run = grant_propose(actor=cast["ly_staff"], alliance=luoyang_alliance, pack="luoyang", on=date(2019, 6, 1))
    [p] = run.proposals
    assert (p.article, p.amount, p.payee_organisation) == ("第十一条", D("10"), luoyang_alliance.lead)
    assert p.fund == funds["luoyang"] and p.fund.name == "洛阳市应用技术研究与开发资金"
    assert p.citation == "洛政办〔2018〕54号 第十一条"
    assert p.status == ProposalStatus.PROPOSED and p.pack_digest and p.result["entitlements"]

    grant_decide(actor=cast["ly_staff"], proposal=p, approve=True, on=date(2019, 6, 10))
    [c] = LedgerEntry.objects.filter(kind=EntryKind.COMMITMENT)
    assert (c.amount, c.fund, c.budget.year, c.payee_organisation) == (D("10"), funds["luoyang"], 2019,
                                                                        luoyang_alliance.lead)


def test_the_award_is_not_proposed_twice(cast, funds, luoyang_alliance):
    grant_propose(actor=cast["ly_staff"], alliance=luoyang_alliance, pack="luoyang", on=date(2019, 6, 1))
    again = grant_propose(actor=cast["ly_staff"], alliance=luoyang_alliance, pack="luoyang", on=date(2019, 7, 1))
    assert again.proposals == []
    assert [r["code"] for r in again.refusals] == ["already_paid"]


def sales(year: int, amount: str) -> dict:
    return {"id": f"sales-{year}", "kind": "entity_sales", "year": year, "base": amount}


def test_entity_operating_subsidy_is_10_percent_of_sales_capped_at_100_for_three_years(cast, funds,
                                                                                      luoyang_alliance):
    # 第十二条: 按照独立法人机构年度销售收入的10%给予运营补助，每年最高补助100万元，连续补助三年
    staff, flags = cast["ly_staff"], ["key_supported", "legal_entity_registered"]
    paid = []
    for year, on in ((2018, date(2018, 12, 1)), (2019, date(2019, 12, 1)), (2020, date(2020, 12, 1))):
        run = grant_propose(actor=staff, alliance=luoyang_alliance, pack="luoyang", on=on, claim=sales(year, "1500"),
                            flags=flags)
        [p] = [p for p in run.proposals if p.rule == "entity_operating_subsidy"]
        assert p.amount == D("100")  # 1500 × 10 % = 150, capped at 100
        assert p.cap == D("100") and p.cap_applied
        grant_decide(actor=staff, proposal=p, approve=True, on=on)
        paid.append(p.amount)
    assert sum(paid) == D("300")
    # A fourth year: nothing (连续补助三年).
    run = grant_propose(actor=staff, alliance=luoyang_alliance, pack="luoyang", on=date(2020, 12, 31),
                        claim={**sales(2021, "1500"), "date": None}, flags=flags)
    assert not [p for p in run.proposals if p.rule == "entity_operating_subsidy"]
    assert "period_over" in [r["code"] for r in run.refusals]
    # And once the text has lapsed (第二十二条, until 2020-12-31), nothing at all.
    lapsed = grant_propose(actor=staff, alliance=luoyang_alliance, pack="luoyang", on=date(2021, 6, 1),
                           claim=sales(2021, "1500"), flags=flags)
    assert lapsed.proposals == [] and lapsed.refusals[0]["code"] == "not_in_force"


def test_a_project_is_decided_within_100_to_300_and_not_outside(cast, funds, luoyang_alliance):
    # 第十三条: 每个项目支持额度100－300万元
    run = grant_propose(actor=cast["ly_staff"], alliance=luoyang_alliance, pack="luoyang", on=date(2019, 9, 1),
                        claim={"id": "rd-1", "kind": "rd_project", "date": "2019-08-01", "matter": "project:LY-2019-07",
                               "payee": str(luoyang_alliance.lead_id)})
    [p] = [p for p in run.proposals if p.rule == "rd_project"]
    assert p.is_range and (p.range_min, p.range_max) == (D("100"), D("300")) and p.amount is None
    for wrong in (D("99"), D("300.01"), D("500")):
        with pytest.raises(ValidationError) as caught:
            grant_decide(actor=cast["ly_staff"], proposal=p, approve=True, amount=wrong, on=date(2019, 9, 5))
        assert caught.value.error_dict["amount"][0].code == "outside_range"
        assert "100–300" in caught.value.messages[0]
    p.refresh_from_db()
    assert p.status == ProposalStatus.PROPOSED and not LedgerEntry.objects.exists()
    grant_decide(actor=cast["ly_staff"], proposal=p, approve=True, amount=D("250"), on=date(2019, 9, 5))
    p.refresh_from_db()
    assert p.decided_amount == D("250")


def test_a_fixed_amount_cannot_be_changed_by_the_decision(cast, funds, luoyang_alliance):
    [p] = grant_propose(actor=cast["ly_staff"], alliance=luoyang_alliance, pack="luoyang",
                        on=date(2019, 6, 1)).proposals
    with pytest.raises(ValidationError) as caught:
        grant_decide(actor=cast["ly_staff"], proposal=p, approve=True, amount=D("12"), on=date(2019, 6, 2))
    assert caught.value.error_dict["amount"][0].code == "fixed_amount"


def test_payment_of_a_commitment(cast, funds, luoyang_alliance):
    [p] = grant_propose(actor=cast["ly_staff"], alliance=luoyang_alliance, pack="luoyang",
                        on=date(2019, 6, 1)).proposals
    grant_decide(actor=cast["ly_staff"], proposal=p, approve=True, on=date(2019, 6, 2))
    c = LedgerEntry.objects.get(kind=EntryKind.COMMITMENT)
    paid = grant_pay(actor=cast["ly_finance"], commitment=c, on=date(2019, 7, 1))
    assert paid.payment.amount == D("10") and paid.net == D("10") and paid.offsets == []
