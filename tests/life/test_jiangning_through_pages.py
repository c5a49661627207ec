"""江宁区产业技术创新战略联盟认定管理暂行办法, walked entirely through the pages by the person who acts (lead
unit, experts, district / city / province staff, finance). Only the starting world — people, the alliance with
its members and charter facts, the expert pool, the fund and its 300 万元 budgets — is made without a page.

  every story starts (fixture ``world``):
    2019-03-04  the lead applies year-round (第七条) with the six materials of 第八条: one missing, refused
    2019-03-11  accepted; third-party experts review, a site visit ordered 03-20, recorded 03-28 (第九条)
    2019-04-01  recognised: 江宁科〔2019〕1号, its document and plaque rendered
  test_recognition_award_and_top_ups (第十条1):
    2019-04-10  30 proposed on the money page, approved and paid 04-20 on the ledger; a second payment refused
    2019-10-01  the city bureau records the municipal level (the district's form cannot): 50 − 30 = 20, 11-10
    2020-06-01  the province records the provincial level: 75 − 50 = 25 paid 07-10; 08-01 nothing more due
  test_standard_exchange_cap_inspection_and_two_poor_years:
    2020-03-01  a national standard, recorded by the lead with its text; 第十条8: 20 proposed 04-01, paid 04-10
    2020-04-20  exchange activity claimed (20 spent, 第十条6): 0–20, 20 paid 05-10; 08-20 another (15 spent)
                capped at 0–10 (30 a year), 15 refused, 10 paid 09-10
    2020-10-15  第十三条: the fund use inspected, in order
    2020, 2021  graded poor: the alliance's and its members' district support withdrawn (第十二条)
  test_misuse_found_and_clawed_back (第十三条): the 30 paid 2019-04-20; 09-01 the inspection finds misuse,
    finance claws the 30 back on the ledger page (31 refused); 10-01 the money page proposes nothing more
  test_dissolution_with_every_members_consent (第十二条): 2021-06-01 the lead applies, uploads 19 signed
    consents 06-05; the bureau cannot approve 06-10; the 20th 06-11; approved 06-15; plaque back 06-20
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from itisa.funding.models import EntryKind, FundingBan, GrantProposal, LedgerEntry
from itisa.register.models import LevelRecord, Membership
from itisa.supervision.models import Dissolution
from itisa.workflow.models import Case
from tests.life.pages import (
    amounts,
    approve,
    as_,
    budget_line,
    decide,
    errors,
    money_run,
    on_day,
    pay,
    pdf,
    text,
)

pytestmark = pytest.mark.django_db
D = Decimal
MATERIALS = ["application", "agreement_charter_organs", "plans", "rules_of_procedure", "business_licences",
             "funding_and_staff"]
SHEET = {"opinion": "pass", "answer__members_standing": "yes", "comment__members_standing": "成员均为区内骨干",
         "answer__lead_is_leading": "yes", "comment__lead_is_leading": "区内龙头", "comment": "同意认定"}


@pytest.fixture
def world(person, make_alliance, make_org, make_expert, members, jurisdiction, system_actor,
          django_capture_on_commit_callbacks):
    from itisa.funding.services import budget_set, fund_create
    from itisa.register.services import alliance_update

    jiangning = jurisdiction("jiangning-kjj")
    alliance = make_alliance("江宁区智能电网产业技术创新战略联盟", juris="jiangning-kjj",
                             lead=make_org("江宁电网科技有限公司", region="320115"), founded_on=date(2018, 11, 1))
    members(alliance, 20, region="320115", joined_on=date(2018, 11, 1))
    alliance = alliance_update(
        actor=system_actor, alliance=alliance, reason="材料齐全", agreement_signed_by_all=True, has_council=True,
        has_executive_body=True, has_rules_of_procedure=True, full_time_staff=2, has_funding_mechanism=True,
        has_short_term_plan=True, has_mid_term_plan=True, has_long_term_plan=True, has_open_membership=True,
        has_ip_rules=True, has_benefit_sharing_rules=True, outward_responsible_party=alliance.lead, has_charter=True,
        has_expert_committee=True, has_office=True, has_fund_rules=True)
    finance = person("jn_finance", role="finance", jurisdiction=jiangning)
    fund = fund_create(actor=finance, jurisdiction=jiangning, name="江宁区产业技术创新战略联盟扶持资金", is_default=True)
    for year in (2019, 2020, 2021):
        budget_set(actor=finance, fund=fund, year=year, amount=D("300"))
    w = {"alliance": alliance, "staff": as_(person("jn_staff", role="bureau_staff", jurisdiction=jiangning)),
         "lead": as_(person("jn_lead", role="lead_unit", alliance=alliance)), "finance": as_(finance),
         "experts": [make_expert("jn_expert_a"), make_expert("jn_expert_b")]}
    recognise(w, django_capture_on_commit_callbacks)
    return w


def recognise(w, capture) -> None:
    """第七条–第九条 on the lead's, the experts' and the bureau's pages."""
    alliance, staff, lead = w["alliance"], w["staff"], w["lead"]
    with on_day(date(2019, 3, 4)):
        assert lead.post(reverse("leadunit:application_open", args=[alliance.pk]), {}).status_code == 302
        case = Case.objects.get(alliance=alliance)
        for material in MATERIALS[:-1]:
            up = lead.post(reverse("leadunit:application_material", args=[alliance.pk, case.pk]),
                           {"material_id": material, "file": pdf(f"{material}.pdf")})
            assert up.status_code == 302, errors(up)
        act = reverse("leadunit:application_act", args=[alliance.pk, case.pk])
        missing = lead.post(act, {"action": "submit", "expected_version": 0, "reason": ""})
        assert missing.status_code == 200 and "第八条第6项" in " ".join(errors(missing))
        lead.post(reverse("leadunit:application_material", args=[alliance.pk, case.pk]),
                  {"material_id": "funding_and_staff", "file": pdf("经费与人员.pdf")})
        submitted = lead.post(act, {"action": "submit", "expected_version": 0, "reason": ""})
        assert submitted.status_code == 302, errors(submitted)
        assert "已提交" in text(lead.get(reverse("leadunit:application", args=[alliance.pk])))
    assert decide(staff, case, "accept", date(2019, 3, 11)).status_code == 302
    a, b = w["experts"]
    with on_day(date(2019, 3, 12)):
        assigned = staff.post(reverse("staff:experts", args=[case.pk]), {"expert": [a.pk, b.pk], "round": "review"})
        assert assigned.status_code == 302, errors(assigned)
    assert decide(staff, case, "order_site_visit", date(2019, 3, 20), reason="核实办公场所").status_code == 302
    for expert, score in ((a, "86"), (b, "78")):
        with on_day(date(2019, 3, 22)):
            sent = as_(expert.user).post(reverse("experts:sheet", args=[case.pk, "review"]),
                                         {**SHEET, "overall_score": score})
            assert sent.status_code == 302, errors(sent)
    early = decide(staff, case, "recognise", date(2019, 3, 25))  # no visit recorded yet
    assert early.status_code == 200 and "第九条" in text(early)
    with on_day(date(2019, 3, 28)):
        visited = as_(a.user).post(reverse("experts:site_visit", args=[case.pk]), {
            "visited_on": "2019-03-28", "visitors": "专家A、区科技局", "findings": "办公场所、专职人员落实",
            "result": "pass", "document": pdf("走访记录.pdf")})
        assert visited.status_code == 302, errors(visited)
    assert "82.00" in text(staff.get(reverse("staff:case", args=[case.pk])))  # the mean of 86 and 78
    with capture(execute=True):  # the recognition document and the plaque are rendered on commit
        assert decide(staff, case, "recognise", date(2019, 4, 1)).status_code == 302
    with on_day(date(2019, 4, 2)):
        assert "江宁科〔2019〕1号" in text(staff.get(reverse("staff:case", args=[case.pk])))
        assert "江宁区智能电网产业技术创新战略联盟" in text(Client().get(reverse("public:register")))


def propose(w, day: date, year: str = "") -> list[GrantProposal]:
    proposals, w["run"] = money_run(w["staff"], w["alliance"], "智能电网", day, year)
    return proposals


def grant(w, rule: str, proposed: date, paid: date, amount: str, year: str = "") -> LedgerEntry:
    """Proposed on the money page, approved on the proposal page, paid on the ledger: the commitment."""
    [p] = [p for p in propose(w, proposed, year) if p.rule == rule]
    assert p.amount == D(amount) and "第十条" in w["run"]
    assert approve(w["staff"], p, paid, amount).status_code == 302
    return pay(w["finance"], p, paid)


def test_recognition_award_and_top_ups(world, person, jurisdiction):
    alliance, staff, finance = world["alliance"], world["staff"], world["finance"]
    # 第十条1: 30 万元, paid once
    first = grant(world, "recognition_award", date(2019, 4, 10), date(2019, 4, 20), "30")
    assert amounts(EntryKind.PAYMENT) == [D("30")]
    with on_day(date(2019, 4, 21)):
        again = finance.post(reverse("finance:pay", args=[first.pk]), {"on": "2019-04-21", "amount": "",
                                                                      "reason": "重复拨付"})
        money = text(world["lead"].get(reverse("leadunit:money", args=[alliance.pk])))
    assert again.status_code == 400 and errors(again) and amounts(EntryKind.PAYMENT) == [D("30")]
    assert "第十条第1项" in money and "应付差额30万元" in money

    # 晋级: the higher bureau records the level on the alliance's page; the top-up falls due (第十条1)
    city = as_(person("nj_staff", role="bureau_staff", jurisdiction=jurisdiction("nanjing-kjj")))
    with on_day(date(2019, 9, 30)):  # the district's own form offers no municipal level
        refused = staff.post(reverse("staff:record_level", args=[alliance.pk]), {
            "level": "municipal", "jurisdiction": jurisdiction("nanjing-kjj").pk, "from_date": "2019-10-01"})
    assert refused.status_code == 200 and errors(refused) and not LevelRecord.objects.filter(level="municipal")
    record_level(city, alliance, "municipal", jurisdiction("nanjing-kjj"), date(2019, 10, 1), "宁科〔2019〕8号")
    grant(world, "recognition_award", date(2019, 11, 1), date(2019, 11, 10), "20")  # 50 − 30
    assert "第十条第1项 · 20 万元" in world["run"] and "recognised for" not in world["run"]  # words, in Chinese
    assert amounts(EntryKind.PAYMENT) == [D("20"), D("30")]
    province = as_(person("js_staff", role="bureau_staff", jurisdiction=jurisdiction("jiangsu-kjt")))
    record_level(province, alliance, "provincial", jurisdiction("jiangsu-kjt"), date(2020, 6, 1), "苏科〔2020〕3号")
    grant(world, "recognition_award", date(2020, 7, 1), date(2020, 7, 10), "25")  # 75 − 50
    assert amounts(EntryKind.PAYMENT, "recognition_award") == [D("20"), D("25"), D("30")]
    assert amounts(EntryKind.COMMITMENT, "recognition_award") == [D("20"), D("25"), D("30")]
    assert not [p for p in propose(world, date(2020, 8, 1)) if p.rule == "recognition_award"]  # never twice
    assert list(LevelRecord.objects.filter(alliance=alliance).order_by("from_date").values_list("level", flat=True)) \
        == ["district", "municipal", "provincial"]
    assert budget_line(finance, 2019, date(2020, 8, 2)) == [D(300), D(50), D(50), D(0), D(0), D(250)]  # 30 + 20
    assert budget_line(finance, 2020, date(2020, 8, 2)) == [D(300), D(25), D(25), D(0), D(0), D(275)]


def record_level(client, alliance, level, bureau, day, number) -> None:
    """The higher bureau's staff record the level they recognised on the alliance's page (staff:record_level)."""
    page = reverse("staff:alliance", args=[alliance.pk])
    with on_day(day):
        assert reverse("staff:record_level", args=[alliance.pk]) in text(client.get(page))
        recorded = client.post(reverse("staff:record_level", args=[alliance.pk]), {
            "level": level, "jurisdiction": bureau.pk, "from_date": day.isoformat(), "document_number": number,
            "reason": "晋级认定"})
        assert recorded.status_code == 302, errors(recorded)
        assert number in text(client.get(page))


def claim_exchange(w, n: int, spent: str, day: date):
    """The lead claims 第十条6 for an exchange activity it led and filed, with the bill as evidence."""
    form = {"date": day.isoformat(), "base": spent, "matter": f"交流活动-{n}", "flag_filed": "on",
            "flag_led_by_alliance": "on", "note": "", "evidence": pdf(f"活动支出{n}.pdf")}
    alliance = w["alliance"]
    with on_day(day):
        preview = text(w["lead"].post(reverse("leadunit:claim_preview", args=[alliance.pk, "exchange_activity"]),
                                      {k: v for k, v in form.items() if k != "evidence"}))
        filed = w["lead"].post(reverse("leadunit:claim_new", args=[alliance.pk, "exchange_activity"]), form)
    assert filed.status_code == 302, errors(filed)
    return preview


def review_claim(w, day: date) -> list[GrantProposal]:
    """The bureau opens the newest claim from its queue and accepts it: the proposals it made."""
    from itisa.funding.models import Claim

    claim = Claim.objects.filter(alliance=w["alliance"]).latest("pk")
    with on_day(day):
        assert reverse("staff:claim", args=[claim.pk]) in text(w["staff"].get(reverse("staff:claims")))
        page = reverse("staff:claim", args=[claim.pk])
        assert "活动支出" in text(w["staff"].get(page))
        accepted = w["staff"].post(page, {"decision": "accept", "reason": "已核实支出"})
    assert accepted.status_code == 302, errors(accepted)
    return list(claim.proposals.all())


def test_standard_exchange_cap_inspection_and_two_poor_years(world):
    alliance, staff, lead, finance = world["alliance"], world["staff"], world["lead"], world["finance"]
    # 第十条8: the lead records the national standard it set, with its text; the bureau proposes 20
    with on_day(date(2020, 3, 2)):
        added = lead.post(reverse("leadunit:achievements", args=[alliance.pk]), {
            "kind": "standard", "title": "GB/T 智能电网接入规范", "reference": "GB/T 40000-2020",
            "standard_level": "national", "achieved_on": "2020-03-01", "organisation": ""})
        assert added.status_code == 302, errors(added)
        up = lead.post(reverse("leadunit:documents", args=[alliance.pk]), {"kind": "other",
                                                                         "file": pdf("GBT40000-2020.pdf")})
        assert up.status_code == 302, errors(up)
    standard = grant(world, "standard_award", date(2020, 4, 1), date(2020, 4, 10), "20", year="2020")
    with on_day(date(2020, 4, 11)):
        shown = text(staff.get(reverse("staff:proposal", args=[standard.proposal_id])))
    assert standard.article == "第十条8" and "GB/T 智能电网接入规范" in shown
    assert amounts(EntryKind.PAYMENT) == [D("20")]

    # 第十条6: exchange activities, at most 30 a year — the second claim is capped at what is left
    preview = claim_exchange(world, 1, "20", date(2020, 4, 20))
    assert "第十条6" in preview and "0 – 20" in preview
    [e1] = review_claim(world, date(2020, 5, 1))
    assert (e1.range_min, e1.range_max, e1.article) == (D("0"), D("20"), "第十条6")
    assert approve(staff, e1, date(2020, 5, 10), "20").status_code == 302
    pay(finance, e1, date(2020, 5, 10))
    assert amounts(EntryKind.PAYMENT, "exchange_subsidy") == [D("20")]
    preview = claim_exchange(world, 2, "15", date(2020, 8, 20))
    assert "0 – 10" in preview  # 30 − 20
    [e2] = review_claim(world, date(2020, 9, 1))
    with on_day(date(2020, 9, 1)):
        shown = text(staff.get(reverse("staff:proposal", args=[e2.pk])))
    assert "0 – 10 万元" in shown and "第十条第6项" in shown and "本次至多10万元" in shown
    over = approve(staff, e2, date(2020, 9, 10), "15")
    assert over.status_code == 200 and "10" in " ".join(errors(over))
    assert not LedgerEntry.objects.filter(proposal=e2).exists()
    assert approve(staff, e2, date(2020, 9, 10), "10").status_code == 302
    pay(finance, e2, date(2020, 9, 10))
    assert amounts(EntryKind.PAYMENT, "exchange_subsidy") == [D("10"), D("20")]
    assert amounts(EntryKind.COMMITMENT) == [D("10"), D("20"), D("20")] == amounts(EntryKind.PAYMENT)
    assert budget_line(finance, 2020, date(2020, 9, 11)) == [D(300), D(50), D(50), D(0), D(0), D(250)]
    with on_day(date(2020, 9, 11)):
        money = text(lead.get(reverse("leadunit:money", args=[alliance.pk])))
    assert "第十条第6项" in money and "第十条第8项" in money

    # 第十三条: the fund use inspected, in order
    with on_day(date(2020, 10, 15)):
        inspection = reverse("finance:inspection", args=[alliance.pk])
        assert "第十三条" in text(finance.get(inspection))
        done = finance.post(inspection, {"inspected_on": "2020-10-15", "inspectors": "区科技局、区财政局",
                                         "findings": "奖补资金用于联盟活动，账目清楚", "outcome": "in_order",
                                         "document": pdf("检查报告.pdf")})
        assert done.status_code == 302, errors(done)
        assert "奖补资金用于联盟活动，账目清楚" in text(finance.get(inspection))

    # 第十二条: two poor years in a row
    with on_day(date(2020, 12, 20)):
        graded = staff.post(reverse("staff:grade", args=[alliance.pk]), {"year": 2020, "grade": "poor",
                                                                         "kind": "yearly"})
        assert graded.status_code == 302, errors(graded)
        page = text(staff.get(reverse("staff:alliance", args=[alliance.pk])))
    assert "不再享受扶持的成员单位" not in page  # one poor year does not
    with on_day(date(2021, 12, 20)):
        graded = staff.post(reverse("staff:grade", args=[alliance.pk]), {"year": 2021, "grade": "poor",
                                                                         "kind": "yearly"})
        assert graded.status_code == 302, errors(graded)
        page = text(staff.get(reverse("staff:alliance", args=[alliance.pk])))
    bans = page[page.index("不再享受扶持的成员单位"):]
    bans = bans[:bans.index("</table>")]
    members = alliance.memberships.exclude(role="lead").select_related("organisation")
    assert "第十二条" in bans and all(m.organisation.name in bans for m in members)


def test_misuse_found_and_clawed_back(world):
    alliance, staff, finance = world["alliance"], world["staff"], world["finance"]
    commitment = grant(world, "recognition_award", date(2019, 4, 10), date(2019, 4, 20), "30")
    # 第十三条: the inspection finds the money used outside the alliance's work — the finding the text names
    with on_day(date(2019, 9, 1)):
        found = finance.post(reverse("finance:inspection", args=[alliance.pk]), {
            "inspected_on": "2019-09-01", "inspectors": "区科技局、区财政局", "outcome": "misused",
            "findings": "补助资金用于非联盟活动", "document": pdf("检查报告.pdf")})
        assert found.status_code == 302, errors(found)
        claw = reverse("finance:claw_back", args=[commitment.pk])
        assert claw in text(finance.get(reverse("finance:ledger")))
        form = text(finance.get(claw))
        assert "30 万元" in form and 'name="ground"' in form and 'name="reason"' in form  # what can be recovered
        over = finance.post(claw, {"on": "2019-09-01", "ground": "misuse", "reason": "挪用", "amount": "31"})
        assert over.status_code == 400 and "30" in " ".join(errors(over))
        assert finance.post(claw, {"on": "2019-09-01", "ground": "misuse", "reason": ""}).status_code == 400
        back = finance.post(claw, {"on": "2019-09-01", "ground": "misuse", "reason": "挪用补助资金用于非联盟活动",
                                   "amount": ""})
        assert back.status_code == 302, errors(back)
    assert amounts(EntryKind.RECOVERY) == [D("30")] and amounts(EntryKind.PAYMENT) == [D("30")]
    assert budget_line(finance, 2019, date(2019, 9, 2)) == [D(300), D(30), D(30), D(30), D(30), D(300)]
    ban = FundingBan.objects.get(alliance=alliance, organisation=None)
    assert ban.since == date(2019, 9, 1) and "第十三条" in ban.citation
    with on_day(date(2019, 9, 2)):  # recovered once: nothing left to claw back
        again = finance.post(claw, {"on": "2019-09-02", "ground": "misuse", "reason": "再次追回"})
    assert again.status_code == 400 and amounts(EntryKind.RECOVERY) == [D("30")]
    # 不再受理其公共政策支持资金申请: the money page proposes nothing more and says why
    assert propose(world, date(2019, 10, 1)) == []
    assert "第十三条" in world["run"]
    with on_day(date(2019, 10, 1)):
        page = text(staff.get(reverse("staff:alliance", args=[alliance.pk])))
    assert "第十三条" in page and "补助资金用于非联盟活动" in page


def test_dissolution_with_every_members_consent(world):
    alliance, staff, lead = world["alliance"], world["staff"], world["lead"]
    # 第十二条: 经全体成员单位同意，决定解散联盟的，由联盟牵头单位提出申请，报区科技局审批
    with on_day(date(2021, 6, 1)):
        assert "第十二条" in text(lead.get(reverse("leadunit:dissolution", args=[alliance.pk])))
        applied = lead.post(reverse("leadunit:dissolution_apply", args=[alliance.pk]), {"reason": "阶段任务完成"})
        assert applied.status_code == 302, errors(applied)
    dissolution = Dissolution.objects.get(alliance=alliance)
    others = [m.organisation for m in Membership.objects.filter(alliance=alliance).exclude(role="lead")
              .select_related("organisation").order_by("id")]
    assert len(others) == 20
    consent = reverse("leadunit:dissolution_consent", args=[alliance.pk, dissolution.pk])
    with on_day(date(2021, 6, 5)):
        for org in others[:-1]:
            given = lead.post(consent, {"organisation": org.pk, "attachment": pdf(f"{org.name}同意书.pdf")})
            assert given.status_code == 302, errors(given)
        unsigned = lead.post(consent, {"organisation": others[-1].pk})
        assert unsigned.status_code == 200 and errors(unsigned)  # a consent is its signed statement
        assert others[-1].name in text(lead.get(reverse("leadunit:dissolution", args=[alliance.pk])))
    decision = reverse("staff:dissolution", args=[alliance.pk, dissolution.pk])
    with on_day(date(2021, 6, 10)):
        assert decision in text(staff.get(reverse("staff:dissolutions")))
        early = staff.post(decision, {"decision": "approve", "note": ""})
    assert early.status_code == 200 and others[-1].name in text(early)
    with on_day(date(2021, 6, 11)):
        given = lead.post(consent, {"organisation": others[-1].pk, "attachment": pdf("最后一家同意书.pdf")})
        assert given.status_code == 302, errors(given)
    with on_day(date(2021, 6, 15)):
        approved = staff.post(decision, {"decision": "approve", "note": "全体成员单位同意"})
        assert approved.status_code == 302, errors(approved)
    alliance.refresh_from_db()
    dissolution.refresh_from_db()
    assert (dissolution.status, alliance.status) == ("approved", "dissolved")
    assert dissolution.consents.count() == 21  # the lead's application and 20 members
    plaque = reverse("staff:dissolution_plaque", args=[alliance.pk, dissolution.pk])
    with on_day(date(2021, 6, 20)):
        before = staff.post(plaque, {"on": "2021-06-14"})  # not before the dissolution
        assert before.status_code == 200 and "2021-06-15" in " ".join(errors(before))
        back = staff.post(plaque, {"on": "2021-06-20"})
        assert back.status_code == 302, errors(back)
        page = text(staff.get(decision))
        lead_page = text(lead.get(reverse("leadunit:dissolution", args=[alliance.pk])))
    dissolution.refresh_from_db()
    assert dissolution.plaque_returned_on == date(2021, 6, 20) and "2021-06-20" in page
    assert "阶段任务完成" in lead_page
