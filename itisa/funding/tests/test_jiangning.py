"""江宁区产业技术创新战略联盟认定管理暂行办法 第十条 (money) and 第十三条 (misuse): hand-computed amounts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from itisa.funding.models import EntryKind, FundingBan, LedgerEntry, ProposalStatus
from itisa.funding.services import grant_claw_back, grant_decide, grant_pay, grant_propose

pytestmark = pytest.mark.django_db
D = Decimal


def approve_and_pay(cast, proposal, on, amount=None):
    grant_decide(actor=cast["jn_staff"], proposal=proposal, approve=True, amount=amount, on=on)
    commitment = LedgerEntry.objects.get(kind=EntryKind.COMMITMENT, proposal=proposal)
    return grant_pay(actor=cast["jn_finance"], commitment=commitment, on=on)


def recognition(run):
    return [p for p in run.proposals if p.rule == "recognition_award"]


def test_district_30_then_municipal_pays_20_and_provincial_25_more_never_twice(cast, funds, jiangning_alliance,
                                                                              upgrade):
    # 第十条1: 区级30万元一次性补助；晋级市、省、国家级的，累计补助额度分别增加至50、75、100万元
    a = jiangning_alliance()
    staff = cast["jn_staff"]
    [p] = recognition(grant_propose(actor=staff, alliance=a, pack="jiangning", on=date(2019, 4, 1)))
    assert p.amount == D("30") and p.article == "第十条1"
    approve_and_pay(cast, p, date(2019, 4, 10))

    upgrade(a, "municipal", date(2019, 10, 1))
    [p] = recognition(grant_propose(actor=staff, alliance=a, pack="jiangning", on=date(2019, 11, 1)))
    assert p.amount == D("20")  # 50 − 30
    assert p.formula == ("最高累计额度50万元（第十条第1项） − 已付30万元 = 20万元 / "
                         "highest cumulative ceiling 50 (Art. 10 item 1) − already paid 30 = 20")
    approve_and_pay(cast, p, date(2019, 11, 10))

    upgrade(a, "provincial", date(2020, 6, 1))
    [p] = recognition(grant_propose(actor=staff, alliance=a, pack="jiangning", on=date(2020, 7, 1)))
    assert p.amount == D("25")  # 75 − 50
    approve_and_pay(cast, p, date(2020, 7, 10))

    again = grant_propose(actor=staff, alliance=a, pack="jiangning", on=date(2020, 8, 1))
    assert recognition(again) == []
    assert [r["code"] for r in again.refusals if r["rule"] == "recognition_award"] == ["nothing_due"]
    payments = LedgerEntry.objects.filter(kind=EntryKind.PAYMENT, rule="recognition_award")
    assert sorted(e.amount for e in payments) == [D("20"), D("25"), D("30")]
    assert sum(e.amount for e in payments) == D("75")


def test_after_paying_30_an_upgrade_straight_to_provincial_pays_only_45(cast, funds, jiangning_alliance, upgrade):
    a = jiangning_alliance()
    [p] = recognition(grant_propose(actor=cast["jn_staff"], alliance=a, pack="jiangning", on=date(2019, 4, 1)))
    approve_and_pay(cast, p, date(2019, 4, 10))
    upgrade(a, "provincial", date(2020, 3, 1))
    [p] = recognition(grant_propose(actor=cast["jn_staff"], alliance=a, pack="jiangning", on=date(2020, 4, 1)))
    assert p.amount == D("45")


def _matching(cast, a, on=date(2019, 10, 1)):
    run = grant_propose(actor=cast["jn_staff"], alliance=a, pack="jiangning", on=on,
                        claim={"id": "nm-1", "kind": "national_major_project", "date": "2019-09-01", "base": "60",
                               "matter": "project:2019ZX01", "payee": str(a.lead_id)})
    return [p for p in run.proposals if p.rule == "project_matching"]


def test_the_district_matching_award_is_shared_between_finances_with_the_bureau_set_split(cast, funds,
                                                                                         jiangning_alliance, settings):
    # 第十条3: 区级配套奖励部分由区财政和…街道（开发园区）财政按照现有财政体制承担 — the text gives no ratio.
    a = jiangning_alliance()
    [p] = _matching(cast, a)
    assert p.fiscal_split["district_share"] is None and p.fiscal_split["set_by"] == "bureau"
    assert "区级配套奖励" in p.fiscal_split["zh"]  # the words come from the pack
    settings.FUNDING_DEFAULT_DISTRICT_SHARE = "0.6"
    grant_decide(actor=cast["jn_staff"], proposal=p, approve=True, on=date(2019, 10, 10))
    split = LedgerEntry.objects.get(kind=EntryKind.COMMITMENT).fiscal_split
    assert split == {"article": "第十条3", "set_by": "bureau", "source": "default", "district_share": "0.6",
                     "district_amount": "18.0000", "other_amount": "12.0000"}


def test_the_recognition_subsidy_carries_no_fiscal_split(cast, funds, jiangning_alliance):
    # 第十条1 is not 第十条3's 区级配套奖励: no split is attached to it.
    a = jiangning_alliance()
    [p] = recognition(grant_propose(actor=cast["jn_staff"], alliance=a, pack="jiangning", on=date(2019, 4, 1)))
    assert p.fiscal_split is None


def test_the_split_is_shown_as_not_set_when_no_one_set_it(cast, funds, jiangning_alliance):
    a = jiangning_alliance()
    [p] = _matching(cast, a)
    grant_decide(actor=cast["jn_staff"], proposal=p, approve=True, on=date(2019, 10, 10))
    split = LedgerEntry.objects.get(kind=EntryKind.COMMITMENT).fiscal_split
    assert split["district_share"] is None and "no ratio" in split["note"]


def test_a_national_standard_earns_20(cast, funds, jiangning_alliance, standard):
    # 第十条8: 对参与制定以上标准的联盟分别给予每件30万元、20万元、10万元标准的奖励
    a = jiangning_alliance()
    s = standard(a, "national", date(2019, 9, 1), "GB/T 智能电网接入规范")
    run = grant_propose(actor=cast["jn_staff"], alliance=a, pack="jiangning", on=date(2019, 10, 1), year=2019)
    [p] = [p for p in run.proposals if p.rule == "standard_award"]
    assert (p.amount, p.article, p.matter, p.payee_key) == (D("20"), "第十条8", f"achievement:{s.pk}",
                                                            f"alliance:{a.pk}")


def exchange(n: int, spend: str, day: date) -> dict:
    return {"id": f"ex-{n}", "kind": "exchange_activity", "date": day.isoformat(), "base": spend,
            "flags": ["filed", "led_by_alliance"]}


def test_two_exchange_claims_of_20_and_15_in_one_year_get_30_in_total(cast, funds, jiangning_alliance):
    # 第十条6: 视实际支出、活动成效给与联盟每年累计不超过30万元的补助
    a = jiangning_alliance()
    staff = cast["jn_staff"]
    [p1] = grant_propose(actor=staff, alliance=a, pack="jiangning", on=date(2019, 5, 1),
                         claim=exchange(1, "20", date(2019, 4, 20))).proposals
    assert (p1.range_min, p1.range_max) == (D("0"), D("20"))  # the spend is below the year's 30
    grant_decide(actor=staff, proposal=p1, approve=True, amount=D("20"), on=date(2019, 5, 10))

    [p2] = grant_propose(actor=staff, alliance=a, pack="jiangning", on=date(2019, 9, 1),
                         claim=exchange(2, "15", date(2019, 8, 20))).proposals
    assert (p2.range_min, p2.range_max) == (D("0"), D("10"))  # 30 − 20 already granted this year
    with pytest.raises(ValidationError) as caught:
        grant_decide(actor=staff, proposal=p2, approve=True, amount=D("15"), on=date(2019, 9, 10))
    assert caught.value.error_dict["amount"][0].code == "outside_range"
    grant_decide(actor=staff, proposal=p2, approve=True, amount=D("10"), on=date(2019, 9, 10))
    total = sum(e.amount for e in LedgerEntry.objects.filter(kind=EntryKind.COMMITMENT, rule="exchange_subsidy"))
    assert total == D("30")


def test_the_yearly_cap_holds_even_when_two_claims_were_proposed_before_either_was_decided(cast, funds,
                                                                                          jiangning_alliance):
    a = jiangning_alliance()
    staff = cast["jn_staff"]
    [p1] = grant_propose(actor=staff, alliance=a, pack="jiangning", on=date(2019, 9, 1),
                         claim=exchange(1, "20", date(2019, 4, 20))).proposals
    [p2] = grant_propose(actor=staff, alliance=a, pack="jiangning", on=date(2019, 5, 1),
                         claim=exchange(2, "15", date(2019, 4, 25))).proposals
    grant_decide(actor=staff, proposal=p1, approve=True, amount=D("20"), on=date(2019, 9, 10))
    with pytest.raises(ValidationError):
        grant_decide(actor=staff, proposal=p2, approve=True, amount=D("15"), on=date(2019, 9, 10))
    grant_decide(actor=staff, proposal=p2, approve=True, amount=D("10"), on=date(2019, 9, 10))


def test_operating_subsidy_is_decided_between_10_and_30(cast, funds, jiangning_alliance):
    # 第十条10: 对于能正常运营、成效良好的联盟，每年给予10-30万元的运营补助 (recognised ≥ 1 year, graded good)
    a = jiangning_alliance()
    run = grant_propose(actor=cast["jn_staff"], alliance=a, pack="jiangning", on=date(2020, 6, 1), year=2020)
    [p] = [p for p in run.proposals if p.rule == "operating_subsidy"]
    assert (p.range_min, p.range_max) == (D("10"), D("30"))
    assert p.conditions  # no evaluation for 2020 yet: the proposal says so
    with pytest.raises(ValidationError) as caught:
        grant_decide(actor=cast["jn_staff"], proposal=p, approve=True, amount=D("35"), on=date(2020, 6, 10))
    assert "10–30" in caught.value.messages[0]
    with pytest.raises(ValidationError):
        grant_decide(actor=cast["jn_staff"], proposal=p, approve=True, amount=D("5"), on=date(2020, 6, 10))
    grant_decide(actor=cast["jn_staff"], proposal=p, approve=True, amount=D("30"), on=date(2020, 6, 10))


def test_a_national_platform_award_is_up_to_50(cast, funds, jiangning_alliance):
    # 第十条4: 给予不超过50万元的一次性奖励
    a = jiangning_alliance()
    run = grant_propose(actor=cast["jn_staff"], alliance=a, pack="jiangning", on=date(2019, 10, 1),
                        claim={"id": "pf-1", "kind": "platform_recognised", "date": "2019-09-01",
                               "matter": "platform:国家智能电网工程技术研究中心"})
    [p] = run.proposals
    assert (p.range_min, p.range_max) == (None, D("50"))
    with pytest.raises(ValidationError) as caught:
        grant_decide(actor=cast["jn_staff"], proposal=p, approve=True, amount=D("60"), on=date(2019, 10, 2))
    assert "不超过50万元" in caught.value.messages[0]
    grant_decide(actor=cast["jn_staff"], proposal=p, approve=True, amount=D("50"), on=date(2019, 10, 2))


def test_national_project_matching_is_half_the_allocation_for_an_enterprise(cast, funds, jiangning_alliance):
    # 第十条3: 按照其国拨经费的50%…予以配套支持
    a = jiangning_alliance()
    run = grant_propose(actor=cast["jn_staff"], alliance=a, pack="jiangning", on=date(2019, 10, 1),
                        claim={"id": "nm-1", "kind": "national_major_project", "date": "2019-09-01", "base": "200",
                               "matter": "project:2019ZX01", "payee": str(a.lead_id)})
    [p] = run.proposals
    assert (p.amount, p.payee_organisation) == (D("100"), a.lead)


def test_misuse_recovers_the_money_offsets_it_and_bars_further_applications(cast, funds, jiangning_alliance,
                                                                            standard):
    # 第十三条: 追回已拨付资金，并不再受理其公共政策支持资金申请
    a = jiangning_alliance()
    [p] = recognition(grant_propose(actor=cast["jn_staff"], alliance=a, pack="jiangning", on=date(2019, 4, 1)))
    paid = approve_and_pay(cast, p, date(2019, 4, 10))
    standard(a, "national", date(2019, 9, 1))
    [s] = grant_propose(actor=cast["jn_staff"], alliance=a, pack="jiangning", on=date(2019, 10, 1),
                        year=2019).proposals
    grant_decide(actor=cast["jn_staff"], proposal=s, approve=True, on=date(2019, 10, 2))

    rec = grant_claw_back(actor=cast["jn_finance"], commitment=paid.payment.related, on=date(2019, 12, 1),
                          ground="misuse", reason="虚报活动支出")
    assert (rec.kind, rec.amount, rec.payee_key) == (EntryKind.RECOVERY, D("30"), f"alliance:{a.pk}")
    ban = FundingBan.objects.get(alliance=a)
    assert ban.citation.endswith("第十三条")

    # The receivable is withheld from the next payment to the same payee: 20 paid, 20 offset, 0 net.
    later = grant_pay(actor=cast["jn_finance"], commitment=LedgerEntry.objects.get(proposal=s,
                                                                                  kind=EntryKind.COMMITMENT),
                      on=date(2019, 12, 10))
    assert (later.payment.amount, [o.amount for o in later.offsets], later.net) == (D("20"), [D("20")], D("0"))
    assert later.offsets[0].related == rec

    # A later application is refused citing 第十三条.
    run = grant_propose(actor=cast["jn_staff"], alliance=a, pack="jiangning", on=date(2020, 3, 1))
    assert run.proposals == []
    assert run.refusals[0]["code"] == "banned" and "第十三条" in run.refusals[0]["message"]


def test_a_proposal_pending_when_the_ban_comes_cannot_be_approved(cast, funds, jiangning_alliance, standard):
    a = jiangning_alliance()
    [p] = recognition(grant_propose(actor=cast["jn_staff"], alliance=a, pack="jiangning", on=date(2019, 4, 1)))
    approve_and_pay(cast, p, date(2019, 4, 10))
    standard(a, "industry", date(2019, 9, 1))
    [s] = grant_propose(actor=cast["jn_staff"], alliance=a, pack="jiangning", on=date(2019, 10, 1),
                        year=2019).proposals
    grant_claw_back(actor=cast["jn_finance"], commitment=LedgerEntry.objects.get(kind=EntryKind.COMMITMENT),
                    on=date(2019, 10, 5), ground="misuse", reason="挪用")
    with pytest.raises(ValidationError) as caught:
        grant_decide(actor=cast["jn_staff"], proposal=s, approve=True, on=date(2019, 10, 6))
    assert "第十三条" in caught.value.messages[0]
    s.refresh_from_db()
    assert s.status == ProposalStatus.PROPOSED


def test_jiangning_12_a_member_without_district_support_is_not_paid_matching(cast, funds, jiangning_alliance):
    """第十二条: 取消联盟及其成员单位享受区级扶持政策权利 — the banned member is refused, citing the article."""
    a = jiangning_alliance()
    FundingBan.objects.create(alliance=a, organisation=a.lead, jurisdiction=a.jurisdiction,
                              pack_id="320115-jiangning/2019", article="第十二条",
                              citation="江宁 第十二条", since=date(2019, 9, 15), reason="连续两年运营成效不好")
    assert _matching(cast, a) == []
    run = grant_propose(actor=cast["jn_staff"], alliance=a, pack="jiangning", on=date(2019, 10, 2),
                        claim={"id": "nm-1", "kind": "national_major_project", "date": "2019-09-01", "base": "60",
                               "matter": "project:2019ZX01", "payee": str(a.lead_id)})
    [refusal] = [r for r in run.refusals if r["code"] == "member_banned"]
    assert refusal["citation"] == "江宁 第十二条" and refusal["rule"] == "project_matching"
    assert [p.rule for p in recognition(grant_propose(actor=cast["jn_staff"], alliance=a, pack="jiangning",
                                                      on=date(2019, 10, 3)))] == ["recognition_award"]
