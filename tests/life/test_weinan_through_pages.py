"""渭南市产业技术创新战略联盟认定管理办法（渭科发〔2015〕62号）, walked entirely through the pages: the lead unit
files year-round (10) with the three materials of 11; the county bureau recommends from its queue (11); the city
bureau accepts (13); the experts page marks who is of the alliance's field, and the sheet of an expert from outside
it does not count towards the two of 13 (按所属领域), so recognising waits for the second expert of the field;
recognised (13); research funding of 16 with the amount the bureau decides, paid by finance; the November report
(14) endorsed by the recommender; the first re-review (15) passed, and 16 paid again on the lead's claim, accepted
and decided by the bureau; the second missed, and the consequence applied on the alliance page revokes the title.
Only the starting world — people, the alliance with its core members and facts, experts, the fund — is made here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from itisa.funding.models import Claim, EntryKind, GrantProposal, LedgerEntry
from itisa.register.models import IndustryField
from itisa.supervision.models import Report
from itisa.workflow.models import Case
from tests.life.pages import as_, decide, errors, on_day, pdf, text

pytestmark = pytest.mark.django_db
ITEMS = ["importance", "necessity", "innovation_goals", "implementation_plan", "operating_mechanism",
         "overall_strength", "fund_management", "results_and_benefits"]  # 12(1) … 12(8)
YES = {f"answer__{q}": "yes" for q in ("industry_policy_fit", "lead_is_backbone", "academia_technical_advantage",
                                       "agreement_content")}



@pytest.fixture
def world(person, make_alliance, make_org, make_expert, members, jurisdiction, system_actor):
    from itisa.funding.services import budget_set, fund_create
    from itisa.register.services import alliance_update

    weinan = jurisdiction("weinan-kjj")
    field = IndustryField.objects.get(jurisdiction=weinan, code="strategic-emerging")
    alliance = make_alliance("渭南市3D打印产业技术创新战略联盟", juris="weinan-kjj", industry_field=field,
                             lead=make_org("渭南增材制造有限公司", region="610502"), founded_on=date(2015, 10, 1))
    members(alliance, 10, region="610502", joined_on=date(2015, 10, 1), role="core")
    alliance = alliance_update(actor=system_actor, alliance=alliance, reason="申报准备", agreement_signed_by_all=True,
                               has_council=True, has_expert_committee=True, full_time_staff=2,
                               has_funding_mechanism=True, has_fund_rules=True, has_ip_rules=True,
                               has_benefit_sharing_rules=True, has_open_membership=True)
    finance = person("wn_finance", role="finance", jurisdiction=weinan)
    fund = fund_create(actor=finance, jurisdiction=weinan, name="渭南市科技计划经费", is_default=True)
    for year in (2016, 2019):
        budget_set(actor=finance, fund=fund, year=year, amount=Decimal("100"))
    return {"alliance": alliance, "finance": finance,
            "staff": person("wn_staff", role="bureau_staff", jurisdiction=weinan),
            "county": person("linwei", role="recommender", recommender_kind="county_bureau",
                             jurisdiction=jurisdiction("610502-kjj")),
            "lead": person("wn_lead", role="lead_unit", alliance=alliance),
            "experts": [make_expert("wn_expert_a", fields=[field]), make_expert("wn_expert_b", fields=[field]),
                        make_expert("wn_expert_c")]}  # the last one from outside the field


def test_weinan_life_through_the_pages(world):
    alliance = world["alliance"]
    staff, lead, county, finance = (as_(world[k]) for k in ("staff", "lead", "county", "finance"))

    # ------------------------------------------------------------ 10, 11: year-round, through a recommender
    with on_day(date(2016, 3, 1)):
        assert lead.post(reverse("leadunit:application_open", args=[alliance.pk]), {}).status_code == 302
        case = Case.objects.get(alliance=alliance)
        for material in ("application_form", "supporting_materials"):
            lead.post(reverse("leadunit:application_material", args=[alliance.pk, case.pk]),
                      {"material_id": material, "file": pdf(f"{material}.pdf")})
        act = reverse("leadunit:application_act", args=[alliance.pk, case.pk])
        missing = lead.post(act, {"action": "submit", "expected_version": 0})
        assert "推荐单位签署的意见" in " ".join(errors(missing)) and "第十一条" in " ".join(errors(missing))
        lead.post(reverse("leadunit:application_material", args=[alliance.pk, case.pk]),
                  {"material_id": "recommender_opinion", "file": pdf("推荐意见.pdf")})
        assert lead.post(act, {"action": "submit", "expected_version": 0}).status_code == 302
    # 13: the city takes only what a recommender signed — the accept is not the staff's yet.
    early = decide(staff, case, "accept", date(2016, 3, 5))
    case.refresh_from_db()
    assert early.status_code == 200 and case.state == "submitted"
    with on_day(date(2016, 3, 10)):
        queue = text(county.get(reverse("staff:home")))
        assert alliance.name in queue
    recommended = decide(county, case, "recommend", date(2016, 3, 10), reason="同意推荐")
    assert recommended.status_code == 302, errors(recommended)
    accepted = decide(staff, case, "accept", date(2016, 3, 10))
    assert accepted.status_code == 302, errors(accepted)

    # ------------------------------------------------------------ 12, 13: the eight items, experts of the field
    a, b, outsider = world["experts"]
    url = reverse("staff:experts", args=[case.pk])
    with on_day(date(2016, 4, 1)):
        page = text(staff.get(url))
        rows = {e.user.username: page[page.index(f'id="e-{e.pk}"'):].split("</tr>")[0] for e in (a, b, outsider)}
        assert "badge ok" in rows["wn_expert_a"] and "badge ok" not in rows["wn_expert_c"]  # 按所属领域 (13)
        assert "wn_expert_c" not in text(staff.get(url, {"field": "1"}))
        assigned = staff.post(url, {"expert": [a.pk, b.pk, outsider.pk], "round": "review"})
        assert assigned.status_code == 302, errors(assigned)
    sheets = {"wn_expert_a": [80] * 8, "wn_expert_c": [70] * 8, "wn_expert_b": [90, 90, 80, 80, 70, 70, 60, 60]}
    for expert in (a, outsider):
        client = as_(expert.user)
        with on_day(date(2016, 4, 20)):
            page = text(client.get(reverse("experts:case", args=[case.pk])))
            assert "12(1)" in page and "12(8)" in page
            sent = client.post(reverse("experts:sheet", args=[case.pk, "review"]), {
                **YES, **{f"score__{i}": s for i, s in zip(ITEMS, sheets[expert.user.username], strict=True)}})
            assert sent.status_code == 302, errors(sent)
    # Two sheets are in, but only one from the field: the outsider's does not count towards the two of 13.
    short = decide(staff, case, "recognise", date(2016, 4, 25))
    why = " ".join(errors(short))
    assert short.status_code == 200 and "“战略性新兴产业”领域专家评分表应收2份，已收1份" in why and "第十三条" in why
    case.refresh_from_db()
    assert case.state == "expert_review"
    with on_day(date(2016, 4, 22)):
        sent = as_(b.user).post(reverse("experts:sheet", args=[case.pk, "review"]), {
            **YES, **{f"score__{i}": s for i, s in zip(ITEMS, sheets["wn_expert_b"], strict=True)}})
        assert sent.status_code == 302, errors(sent)
    assert "75.00" in text(staff.get(reverse("staff:case", args=[case.pk])))  # (80 + 70 + 75) / 3
    assert decide(staff, case, "recognise", date(2016, 5, 10)).status_code == 302
    assert "渭科发〔2016〕1号" in text(staff.get(reverse("staff:case", args=[case.pk])))

    # ------------------------------------------------------------ 16: research funding, the amount the bureau's
    with on_day(date(2016, 6, 1)):
        run = staff.post(reverse("staff:propose"), {"alliance_q": "3D打印", "alliance": alliance.pk,
                                                    "on": "2016-06-01", "year": "", "reason": ""})
        assert run.status_code == 200, errors(run)
    proposal = GrantProposal.objects.get(alliance=alliance, rule="recognition_funding")
    with on_day(date(2016, 6, 5)):
        url = reverse("staff:proposal", args=[proposal.pk])
        no_amount = staff.post(url, {"decision": "approve", "amount": "", "reason": "",
                                     "expected_version": proposal.lock_version})
        assert no_amount.status_code == 200 and errors(no_amount)  # the text sets no amount: the bureau must
        approved = staff.post(url, {"decision": "approve", "amount": "15", "reason": "局务会确定",
                                    "expected_version": proposal.lock_version})
        assert approved.status_code == 302, errors(approved)
    commitment = LedgerEntry.objects.get(kind=EntryKind.COMMITMENT, proposal=proposal)
    with on_day(date(2016, 6, 20)):
        paid = finance.post(reverse("finance:pay", args=[commitment.pk]), {"on": "2016-06-20", "reason": ""})
        assert paid.status_code == 302, errors(paid)
        money = text(lead.get(reverse("leadunit:money", args=[alliance.pk])))
    assert "15" in money

    # ------------------------------------------------------------ 14: the November report, endorsed
    with on_day(date(2016, 11, 25)):
        filed = lead.post(reverse("leadunit:report_new", args=[alliance.pk, "annual_report"]), {
            "year": 2016, "summary": "2016年工作总结", "next_year_plan": "2017年工作计划"})
        assert filed.status_code == 302, errors(filed)
    report = Report.objects.get(alliance=alliance, year=2016)
    with on_day(date(2016, 11, 28)):
        assert alliance.name in text(county.get(reverse("staff:reports")))
        endorsed = county.post(reverse("staff:endorse", args=[report.pk]), {f"rep-{report.pk}-opinion": "同意报送"})
        assert endorsed.status_code == 302, errors(endorsed)
        listing = text(lead.get(reverse("leadunit:reports", args=[alliance.pk])))
    assert "同意报送" in listing or "2016-11-28" in listing

    # ------------------------------------------------------------ 15: first re-review passed, the second missed
    with on_day(date(2019, 4, 20)):
        graded = staff.post(reverse("staff:grade", args=[alliance.pk]),
                            {"year": 2019, "grade": "pass", "kind": "re_review"})
        assert graded.status_code == 302, errors(graded)
    # 16 again: the lead claims the research funding of a passed re-review; the bureau accepts, decides, pays.
    with on_day(date(2019, 4, 25)):
        listing = text(lead.get(reverse("leadunit:claims", args=[alliance.pk])))
        assert "通过复审科研经费资助" in listing
        filed = lead.post(reverse("leadunit:claim_new", args=[alliance.pk, "re_review_passed"]), {
            "date": "2019-04-20", "matter": "", "note": "2019年复审通过", "evidence": pdf("复审结论.pdf")})
        assert filed.status_code == 302, errors(filed)
    claim = Claim.objects.get(alliance=alliance, kind="re_review_passed")
    with on_day(date(2019, 5, 1)):
        assert "复审结论.pdf" in text(staff.get(reverse("staff:claim", args=[claim.pk])))
        accepted = staff.post(reverse("staff:claim", args=[claim.pk]), {"decision": "accept", "reason": "复审通过"})
        assert accepted.status_code == 302, errors(accepted)
    again = GrantProposal.objects.get(alliance=alliance, rule="re_review_funding")
    assert (again.article, again.is_range, again.amount) == ("16", True, None)
    with on_day(date(2019, 5, 5)):
        approved = staff.post(reverse("staff:proposal", args=[again.pk]), {
            "decision": "approve", "amount": "10", "reason": "局务会确定", "expected_version": again.lock_version})
        assert approved.status_code == 302, errors(approved)
    with on_day(date(2019, 5, 20)):
        paid = finance.post(reverse("finance:pay", args=[LedgerEntry.objects.get(
            kind=EntryKind.COMMITMENT, proposal=again).pk]), {"on": "2019-05-20", "reason": ""})
        assert paid.status_code == 302, errors(paid)
        claim_page = text(lead.get(reverse("leadunit:claim", args=[alliance.pk, claim.pk])))
    assert again.ref in claim_page
    assert sum(e.amount for e in LedgerEntry.objects.filter(kind=EntryKind.PAYMENT)) == Decimal("25")  # 15 + 10
    with on_day(date(2022, 5, 11)):
        applied = staff.post(reverse("staff:consequences_apply", args=[alliance.pk]), {})
        assert applied.status_code == 302, errors(applied)
        page = text(staff.get(reverse("staff:alliance", args=[alliance.pk])))
        revoked = text(Client().get(reverse("public:revoked")))
    assert "第十五条" in page and "已撤销" in page
    assert alliance.name in revoked
    alliance.refresh_from_db()
    assert alliance.status == "revoked"
