"""In the browser, 江宁区产业技术创新战略联盟认定管理暂行办法 (in force 2019-01-01 … 2021-12-31), 第十条1:
区级30万元；晋级市级累计增加至50万元 — the 20 万元 top-up, proposed and approved by the district's staff and
paid by its finance officer, seen in the ledger beside the 30 paid on recognition.

Through the services (dates of 2019–2020): recognised as a district alliance on 2019-04-01 (第七条–第九条), 30 万元
approved and paid in April 2019; recognised municipal by the Nanjing bureau from 2020-05-01 (``alliance_upgrade``).
The text lapsed on 2021-12-31 and the pages compute with the server's date: the browser steps run with the
server's clock moved to June 2020.
"""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from itisa.audit.services import audit_verify_chain
from itisa.documents.services import document_upload
from itisa.funding.models import EntryKind, GrantProposal, LedgerEntry
from itisa.funding.services import budget_set, fund_create, grant_decide, grant_pay, grant_propose
from itisa.register.services import alliance_update, membership_add
from itisa.reviews.services import expert_assign, sheet_submit, site_visit_record
from itisa.supervision.services import alliance_upgrade
from itisa.workflow.services import case_act, case_attach_material, case_open

from .conftest import follow, press, zh

pytestmark = pytest.mark.django_db(transaction=True)
D = Decimal
NAME = "江宁区智能电网产业技术创新战略联盟"
MATERIALS = ["application", "agreement_charter_organs", "plans", "rules_of_procedure", "business_licences",
             "funding_and_staff"]


@pytest.fixture
def upgraded(person, make_alliance, make_org, make_expert, jurisdiction, system_actor):
    jiangning = jurisdiction("jiangning-kjj")
    staff = person("jn_staff", role="bureau_staff", jurisdiction=jiangning)
    finance = person("jn_finance", role="finance", jurisdiction=jiangning)
    alliance = make_alliance(NAME, juris="jiangning-kjj", lead=make_org("江宁电网科技有限公司", region="320115"),
                             founded_on=date(2018, 11, 1))
    for i in range(20):
        membership_add(actor=system_actor, alliance=alliance, joined_on=date(2018, 11, 1),
                       organisation=make_org(f"江宁智能电网成员{i + 1}", region="320115",
                                             kind="enterprise" if i % 2 == 0 else "university"))
    alliance = alliance_update(
        actor=system_actor, alliance=alliance, reason="材料齐全", agreement_signed_by_all=True, has_council=True,
        has_executive_body=True, has_rules_of_procedure=True, full_time_staff=2, has_funding_mechanism=True,
        has_short_term_plan=True, has_mid_term_plan=True, has_long_term_plan=True, has_open_membership=True,
        has_ip_rules=True, has_benefit_sharing_rules=True, outward_responsible_party=alliance.lead, has_charter=True, has_expert_committee=True,
        has_office=True, has_fund_rules=True)
    lead = person("jn_lead", role="lead_unit", alliance=alliance)

    def pdf(name):
        data = b"%PDF-1.7\n%%EOF\n"
        return document_upload(actor=system_actor, kind="other", name=name, stream=io.BytesIO(data), size=len(data))

    # 第七条–第九条: year-round application, third-party experts, a site visit; recognised 2019-04-01
    case = case_open(actor=lead, alliance=alliance, on=date(2019, 3, 4))
    for material in MATERIALS:
        case_attach_material(actor=lead, case=case, material_id=material, document=pdf(f"{material}.pdf"))
    case_act(actor=lead, case=case, action="submit", on=date(2019, 3, 5))
    case_act(actor=staff, case=case, action="accept", on=date(2019, 3, 11))
    experts = [make_expert("jn_expert_a"), make_expert("jn_expert_b")]
    for e in experts:
        expert_assign(actor=staff, case=case, expert=e, on=date(2019, 3, 12))
    case_act(actor=staff, case=case, action="order_site_visit", reason="核实办公场所", on=date(2019, 3, 20))
    for e, score in zip(experts, ("86", "78"), strict=True):
        sheet_submit(actor=e.user, case=case, opinion="pass", overall_score=score, on=date(2019, 3, 22),
                     answers={"members_standing": True, "lead_is_leading": {"answer": True, "comment": "区内龙头"}})
    site_visit_record(actor=experts[0].user, case=case, visited_on=date(2019, 3, 28), visitors="专家A、区科技局",
                      findings="办公场所、专职人员落实", result="pass", document=pdf("走访记录.pdf"))
    case_act(actor=staff, case=case, action="recognise", on=date(2019, 4, 1))
    alliance.refresh_from_db()
    assert (alliance.level, alliance.status) == ("district", "recognised")

    # 第十条1: 30 万元 on district recognition, approved and paid in 2019
    fund = fund_create(actor=finance, jurisdiction=jiangning, name="江宁区产业技术创新战略联盟扶持资金", is_default=True)
    for year in (2019, 2020, 2021):
        budget_set(actor=finance, fund=fund, year=year, amount=D("300"))
    [award] = grant_propose(actor=staff, alliance=alliance, pack="jiangning", on=date(2019, 4, 10),
                            rules=["recognition_award"]).proposals
    assert (award.amount, award.article) == (D("30"), "第十条1")
    grant_decide(actor=staff, proposal=award, approve=True, on=date(2019, 4, 20))
    grant_pay(actor=finance, commitment=LedgerEntry.objects.get(kind=EntryKind.COMMITMENT, proposal=award),
              on=date(2019, 4, 20))

    # Recognised municipal by the city bureau (the district does not recognise municipal alliances)
    city = person("nj_staff", role="bureau_staff", jurisdiction=jurisdiction("nanjing-kjj"))
    alliance_upgrade(actor=city, alliance=alliance, level="municipal", jurisdiction=jurisdiction("nanjing-kjj"),
                     from_date=date(2020, 5, 1), document_number="宁科〔2020〕8号", reason="升级为市级联盟")
    alliance.refresh_from_db()
    assert alliance.level == "municipal"
    return alliance


def test_jiangning_upgrade_topup_proposed_approved_and_paid(browser_as, shot, upgraded, clock):
    alliance = upgraded

    # ---------------------------------------------------------------- 2020-06-01: the district's staff propose
    clock.set(date(2020, 6, 1))
    staff = browser_as("jn_staff")
    staff.goto("/work/")
    follow(staff.get_by_role("navigation", name=zh("Work pages")).get_by_role("link", name=zh("Money")))
    form = staff.locator("form[action='/work/money/propose/']")
    form.get_by_label(zh("Alliance"), exact=True).select_option(label=NAME)
    # The field is meant to show the server's today, but in Chinese it is rendered value="2020/06/01", which a
    # date input cannot show (it needs YYYY-MM-DD): the person sees an empty field and types the date.
    form.get_by_label(zh("As of"), exact=True).fill("2020-06-01")
    follow(press(form, zh("Propose")))
    result = staff.locator("section").filter(has=staff.locator("#propose-h"))
    topup = result.get_by_role("listitem").filter(has_text=re.compile(r"第十条第1项 · "))  # not 第十条第10项
    expect(topup).to_have_count(1)
    assert re.search(r"· 20(\.0+)? ", topup.inner_text())
    shot(staff, "jiangning-01-staff-money-proposed")
    proposal = GrantProposal.objects.get(alliance=alliance, rule="recognition_award", status="proposed")
    assert (proposal.amount, proposal.article, proposal.on) == (D("20"), "第十条1", date(2020, 6, 1))

    follow(topup.get_by_role("link", name=proposal.ref))
    facts = staff.locator("dl.facts").inner_text()
    assert "第十条第1项" in facts and "50" in facts and "30" in facts  # max ceiling 50 − already paid 30 = 20
    decision = staff.locator("form.card")
    decision.locator("input[name=decision][value=approve]").check()
    assert D(decision.get_by_label(zh("Amount (万元)")).input_value()) == D("20")  # proposed amount, prefilled
    decision.get_by_label(zh("Reason")).fill("晋级市级联盟，累计补助额度增加至50万元，补足20万元")
    follow(press(decision, zh("Record the decision")))
    expect(staff.get_by_role("heading", level=1).locator(".badge")).to_have_text(zh("Approved"))
    shot(staff, "jiangning-02-staff-topup-approved")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_amount, proposal.decided_on) == ("approved", D("20"), date(2020, 6, 1))
    commitment = LedgerEntry.objects.get(kind=EntryKind.COMMITMENT, proposal=proposal)
    assert (commitment.amount, commitment.article) == (D("20"), "第十条1")

    # ---------------------------------------------------------------- 2020-06-10: finance pays it from the ledger
    clock.set(date(2020, 6, 10))
    finance = browser_as("jn_finance")
    finance.goto("/finance/")
    follow(finance.get_by_role("navigation", name=zh("Finance")).get_by_role("link", name=zh("Ledger")))
    row = finance.locator("#list").get_by_role("row").filter(has_text=commitment.ref)
    assert NAME in row.inner_text() and "第十条第1项" in row.inner_text() and "2020-06-01" in row.inner_text()
    expect(row.locator(".badge")).to_have_text(zh("Commitment"))
    expect(row.locator("td.num")).to_have_text("20")
    shot(finance, "jiangning-03-finance-ledger-commitment")
    follow(row.get_by_role("link", name=zh("Pay"), exact=True))
    assert finance.url.endswith(f"/finance/ledger/{commitment.pk}/pay/")
    finance.get_by_label(zh("Booked on")).fill("2020-06-10")  # shown empty, as "As of" above
    finance.get_by_label(zh("Note")).fill("晋级市级补足款")
    follow(press(finance, zh("Book the payment")))
    assert finance.url.endswith("/finance/ledger/")
    assert commitment.ref in finance.locator(".messages").inner_text()

    # The ledger, payments under 第十条1: 30 (2019) and 20 (2020) to this alliance.
    finance.locator("#f-kind").select_option("payment")
    finance.locator("#f-art").fill("第十条1")
    press(finance.get_by_role("search"), zh("Search")).click()
    rows = finance.locator("#list tbody tr").filter(has_text=NAME)
    expect(rows).to_have_count(2)
    assert sorted(rows.locator("td.num").all_inner_texts()) == ["20", "30"]
    assert [t.split("\n")[0] for t in rows.locator("td:nth-child(2)").all_inner_texts()] == ["2020-06-10", "2019-04-20"]
    shot(finance, "jiangning-04-finance-ledger-30-and-20-paid")
    paid = LedgerEntry.objects.filter(kind=EntryKind.PAYMENT, alliance=alliance, article="第十条1").order_by("booked_on")
    assert [(e.booked_on, e.amount) for e in paid] == [(date(2019, 4, 20), D("30")), (date(2020, 6, 10), D("20"))]
    assert paid[1].related_id == commitment.pk and paid[1].budget.year == 2020
    assert audit_verify_chain() == []
