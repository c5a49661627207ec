"""江宁区产业技术创新战略联盟认定管理暂行办法, walked entirely through the pages: the lead unit applies year-round
(第七条, the six materials of 第八条), the district accepts and has third-party experts review and visit (第九条),
recognises; the bureau proposes the 第十条1 award on its money page, approves it, finance pays it on the ledger;
the fund use is inspected (第十三条); two poor years in a row (第十二条) and the members' loss of district support
is shown on the alliance page. Only the starting world — people, the alliance with its members and charter facts,
the expert pool, the fund and its budgets — is made here without a page.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from itisa.funding.models import EntryKind, GrantProposal, LedgerEntry
from itisa.workflow.models import Case
from tests.life.pages import as_, decide, errors, on_day, pdf, text

pytestmark = pytest.mark.django_db
MATERIALS = ["application", "agreement_charter_organs", "plans", "rules_of_procedure", "business_licences",
             "funding_and_staff"]
SHEET = {"opinion": "pass", "answer__members_standing": "yes", "comment__members_standing": "成员均为区内骨干",
         "answer__lead_is_leading": "yes", "comment__lead_is_leading": "区内龙头", "comment": "同意认定"}



@pytest.fixture
def world(person, make_alliance, make_org, make_expert, members, jurisdiction, system_actor):
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
        budget_set(actor=finance, fund=fund, year=year, amount=Decimal("300"))
    return {"alliance": alliance, "finance": finance,
            "staff": person("jn_staff", role="bureau_staff", jurisdiction=jiangning),
            "lead": person("jn_lead", role="lead_unit", alliance=alliance),
            "experts": [make_expert("jn_expert_a"), make_expert("jn_expert_b")]}


def test_jiangning_life_through_the_pages(world):
    alliance = world["alliance"]
    staff, lead, finance = as_(world["staff"]), as_(world["lead"]), as_(world["finance"])

    # ------------------------------------------------------------ 第七条/第八条: year-round, six materials
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
        case.refresh_from_db()
        assert case.state == "draft"
        lead.post(reverse("leadunit:application_material", args=[alliance.pk, case.pk]),
                  {"material_id": "funding_and_staff", "file": pdf("经费与人员.pdf")})
        submitted = lead.post(act, {"action": "submit", "expected_version": 0, "reason": ""})
        assert submitted.status_code == 302, errors(submitted)
        assert "已提交" in text(lead.get(reverse("leadunit:application", args=[alliance.pk])))

    # ------------------------------------------------------------ 第九条: accepted, experts, a site visit
    accepted = decide(staff, case, "accept", date(2019, 3, 11))
    assert accepted.status_code == 302, errors(accepted)
    a, b = world["experts"]
    with on_day(date(2019, 3, 12)):
        assigned = staff.post(reverse("staff:experts", args=[case.pk]), {"expert": [a.pk, b.pk], "round": "review"})
        assert assigned.status_code == 302, errors(assigned)
    ordered = decide(staff, case, "order_site_visit", date(2019, 3, 20), reason="核实办公场所")
    assert ordered.status_code == 302, errors(ordered)
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
        assert "办公场所、专职人员落实" in text(as_(a.user).get(reverse("experts:case", args=[case.pk])))
    assert "82.00" in text(staff.get(reverse("staff:case", args=[case.pk])))  # the mean of 86 and 78
    assert decide(staff, case, "recognise", date(2019, 4, 1)).status_code == 302
    with on_day(date(2019, 4, 2)):
        page = text(staff.get(reverse("staff:case", args=[case.pk])))
        assert "江宁科〔2019〕1号" in page
        register = text(Client().get(reverse("public:register")))
    assert "江宁区智能电网产业技术创新战略联盟" in register

    # ------------------------------------------------------------ 第十条1: 30 万元 proposed, approved, paid
    with on_day(date(2019, 4, 10)):
        found = text(staff.get(reverse("staff:money"), {"alliance_q": "智能电网"}))
        run = staff.post(reverse("staff:propose"), {"alliance_q": "智能电网", "alliance": alliance.pk,
                                                    "on": "2019-04-10", "year": "", "reason": ""})
        assert run.status_code == 200, errors(run)
    assert "江宁区智能电网产业技术创新战略联盟" in found
    page = text(run)
    assert "第十条" in page and "30" in page
    proposal = GrantProposal.objects.get(alliance=alliance, rule="recognition_award")
    with on_day(date(2019, 4, 20)):
        detail = text(staff.get(reverse("staff:proposal", args=[proposal.pk])))
        assert "第十条" in detail and "30" in detail
        approved = staff.post(reverse("staff:proposal", args=[proposal.pk]), {
            "decision": "approve", "amount": "30", "reason": "认定奖补", "expected_version": proposal.lock_version})
        assert approved.status_code == 302, errors(approved)
        commitment = LedgerEntry.objects.get(kind=EntryKind.COMMITMENT, proposal=proposal)
        ledger = text(finance.get(reverse("finance:ledger")))
        assert reverse("finance:pay", args=[commitment.pk]) in ledger
        paid = finance.post(reverse("finance:pay", args=[commitment.pk]), {"on": "2019-04-20", "amount": "",
                                                                            "reason": "拨付认定奖补"})
        assert paid.status_code == 302, errors(paid)
        ledger = text(finance.get(reverse("finance:ledger")))
        money = text(lead.get(reverse("leadunit:money", args=[alliance.pk])))
    assert LedgerEntry.objects.filter(kind=EntryKind.PAYMENT, proposal=proposal).exists()
    assert "30" in money and "第十条" in money

    # ------------------------------------------------------------ 第十三条: the fund use inspected
    with on_day(date(2020, 6, 1)):
        inspection = reverse("finance:inspection", args=[alliance.pk])
        assert "第十三条" in text(finance.get(inspection))
        done = finance.post(inspection, {"inspected_on": "2020-06-01", "inspectors": "区科技局、区财政局",
                                         "findings": "奖补资金用于联盟活动，账目清楚", "outcome": "in_order",
                                         "document": pdf("检查报告.pdf")})
        assert done.status_code == 302, errors(done)
        assert "奖补资金用于联盟活动，账目清楚" in text(finance.get(inspection))

    # ------------------------------------------------------------ 第十二条: two poor years in a row
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
