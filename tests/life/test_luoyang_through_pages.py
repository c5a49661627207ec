"""洛阳市产业技术创新战略联盟管理办法（洛政办〔2018〕54号）, walked entirely through the pages: the city opens the
2019 call (第七条(一)); the lead files with the 洛龙区 bureau, which recommends only a complete file (第七条(二));
the city accepts and sends it to three experts (第七条(三)); recognised; 10 万元 under 第十一条 proposed, approved
and paid; the lead claims 第十三条 for its project, the bureau accepts the claim but declines the year's proposal;
the province then pays the project, the bureau records that money from another policy, and proposing the claim
again on the money page is refused naming 第二十一条 and that record; the yearly evaluation 不合格 (第九条) orders
a rectification, answered by the lead and judged failed: support and rewards are withdrawn, the title kept, and
the money page then refuses citing 第九条.
Only the starting world — people, the alliance with its members and facts, experts, the fund — is made here.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from itisa.funding.models import Claim, EntryKind, GrantProposal, LedgerEntry, OutsideFunding
from itisa.supervision.models import Rectification
from itisa.workflow.models import Call, Case
from tests.life.pages import as_, decide, errors, on_day, pdf, text

pytestmark = pytest.mark.django_db



@pytest.fixture
def world(person, jurisdiction, make_alliance, make_org, make_expert, members, system_actor):
    from itisa.funding.services import budget_set, fund_create
    from itisa.register.services import alliance_update, organisation_update

    luoyang = jurisdiction("luoyang-kjj")
    alliance = make_alliance("洛阳市轴承产业技术创新战略联盟", juris="luoyang-kjj",
                             lead=make_org("洛阳轴承集团有限公司", region="410311"), founded_on=date(2018, 10, 1))
    firms = [o for o in members(alliance, 6, region="410311", joined_on=date(2018, 10, 1)) if o.kind == "enterprise"]
    for org, pos in zip(firms, ("up", "mid", "down"), strict=False):
        organisation_update(actor=system_actor, organisation=org, reason="产业链位置", chain_position=pos)
    alliance = alliance_update(actor=system_actor, alliance=alliance, reason="申报准备", has_office=True,
                               full_time_staff=2, has_council=True, has_expert_committee=True,
                               has_executive_body=True, agreement_signed_by_all=True, has_charter=True)
    finance = person("ly_finance", role="finance", jurisdiction=luoyang)
    fund = fund_create(actor=finance, jurisdiction=luoyang, name="洛阳市应用技术研究与开发资金", article="第二十一条")
    for year in (2019, 2020):
        budget_set(actor=finance, fund=fund, year=year, amount=Decimal("500"))
    return {"luoyang": luoyang, "alliance": alliance, "finance": finance,
            "lead": person("ly_lead", role="lead_unit", alliance=alliance),
            "county": person("luolong", role="recommender", recommender_kind="county_bureau",
                             jurisdiction=jurisdiction("410311-kjj")),
            "staff": person("ly_staff", role="bureau_staff", jurisdiction=luoyang),
            "experts": [make_expert(f"ly_expert_{x}") for x in "abc"]}


def test_luoyang_life_through_the_pages(world):
    alliance = world["alliance"]
    staff, lead, county, finance = (as_(world[k]) for k in ("staff", "lead", "county", "finance"))

    # ------------------------------------------------------------ 第七条(一): the yearly call
    with on_day(date(2019, 2, 25)):
        opened = staff.post(reverse("staff:calls"), {
            "jurisdiction": world["luoyang"].pk, "procedure_id": "recognition", "year": 2019,
            "title": "2019年度洛阳市产业技术创新战略联盟申报", "opens_on": "2019-03-01", "closes_on": "2019-03-31"})
        assert opened.status_code == 302, errors(opened)
    call = Call.objects.get(jurisdiction=world["luoyang"], year=2019)

    # ------------------------------------------------------------ 第七条(二): through the county bureau
    with on_day(date(2019, 3, 5)):
        refused = lead.post(reverse("leadunit:application_open", args=[alliance.pk]), {"call": ""})
        assert refused.status_code == 200 and "第七条" in text(refused)
        assert lead.post(reverse("leadunit:application_open", args=[alliance.pk]),
                         {"call": call.pk}).status_code == 302
        case = Case.objects.get(alliance=alliance)
        lead.post(reverse("leadunit:application_material", args=[alliance.pk, case.pk]),
                  {"material_id": "application_form", "file": pdf("联盟申请表.pdf")})
        submitted = lead.post(reverse("leadunit:application_act", args=[alliance.pk, case.pk]),
                              {"action": "submit", "expected_version": 0})
        assert submitted.status_code == 302, errors(submitted)
    incomplete = decide(county, case, "recommend", date(2019, 3, 10), reason="同意推荐")
    assert incomplete.status_code == 200 and "可行性报告" in text(incomplete)
    with on_day(date(2019, 3, 12)):
        up = lead.post(reverse("leadunit:application_material", args=[alliance.pk, case.pk]),
                       {"material_id": "feasibility_report", "file": pdf("可行性报告.pdf")})
        assert up.status_code == 302, errors(up)
    assert decide(county, case, "recommend", date(2019, 3, 15), reason="同意推荐").status_code == 302

    # ------------------------------------------------------------ 第七条(三): the city and its experts
    assert decide(staff, case, "accept", date(2019, 3, 20)).status_code == 302
    assert decide(staff, case, "assign_experts", date(2019, 3, 20)).status_code == 302
    experts = world["experts"]
    with on_day(date(2019, 3, 25)):
        assigned = staff.post(reverse("staff:experts", args=[case.pk]),
                              {"expert": [e.pk for e in experts], "round": "review"})
        assert assigned.status_code == 302, errors(assigned)
    for expert, score in zip(experts, ("82", "78", "90"), strict=True):
        client = as_(expert.user)
        with on_day(date(2019, 4, 15)):
            page = text(client.get(reverse("experts:case", args=[case.pk])))
            questions = set(re.findall(r'name="answer__(\w+)"', page))
            assert questions
            sent = client.post(reverse("experts:sheet", args=[case.pk, "review"]), {
                "opinion": "pass", "overall_score": score, **{f"answer__{q}": "yes" for q in questions}})
            assert sent.status_code == 302, errors(sent)
    assert decide(staff, case, "recognise", date(2019, 4, 25)).status_code == 302
    assert "洛科〔2019〕1号" in text(staff.get(reverse("staff:case", args=[case.pk])))

    # ------------------------------------------------------------ 第十一条: 10 万元 to the lead
    with on_day(date(2019, 5, 10)):
        run = staff.post(reverse("staff:propose"), {"alliance_q": "轴承", "alliance": alliance.pk,
                                                    "on": "2019-05-10", "year": "", "reason": ""})
        assert run.status_code == 200 and "第十一条" in text(run)
    award = GrantProposal.objects.get(alliance=alliance, rule="new_alliance_award")
    with on_day(date(2019, 5, 15)):
        approved = staff.post(reverse("staff:proposal", args=[award.pk]), {
            "decision": "approve", "amount": "10", "reason": "", "expected_version": award.lock_version})
        assert approved.status_code == 302, errors(approved)
    commitment = LedgerEntry.objects.get(kind=EntryKind.COMMITMENT, proposal=award)
    with on_day(date(2019, 5, 20)):
        paid = finance.post(reverse("finance:pay", args=[commitment.pk]), {"on": "2019-05-20", "reason": ""})
        assert paid.status_code == 302, errors(paid)
        assert "洛阳市应用技术研究与开发资金" in text(finance.get(reverse("finance:ledger")))

    # ------------------------------------------------------------ 第十三条 on the lead's claim, then 第二十一条
    with on_day(date(2019, 7, 25)):
        filed = lead.post(reverse("leadunit:claim_new", args=[alliance.pk, "rd_project"]), {
            "date": "2019-07-20", "matter": "LY-2019-07", "payee": alliance.lead_id, "note": "",
            "evidence": pdf("立项文件.pdf")})
        assert filed.status_code == 302, errors(filed)
    claim = Claim.objects.get(alliance=alliance, kind="rd_project")
    with on_day(date(2019, 8, 1)):
        accepted = staff.post(reverse("staff:claim", args=[claim.pk]), {"decision": "accept", "reason": ""})
        assert accepted.status_code == 302, errors(accepted)
    rd = GrantProposal.objects.get(alliance=alliance, rule="rd_project")
    assert (rd.article, rd.range_min, rd.range_max) == ("第十三条", Decimal("100"), Decimal("300"))
    with on_day(date(2019, 8, 10)):  # not this year: the year's money is planned
        declined = staff.post(reverse("staff:proposal", args=[rd.pk]), {
            "decision": "reject", "amount": "", "reason": "本年度资金已安排完毕", "expected_version": rd.lock_version})
        assert declined.status_code == 302, errors(declined)
    # Meanwhile the province paid the project; the bureau records it on its page of money from other policies.
    with on_day(date(2019, 10, 10)):
        recorded = staff.post(reverse("staff:outside_funding"), {
            "alliance": alliance.pk, "matter": "LY-2019-07", "source": "河南省重大科技专项", "amount": "150",
            "received_on": "2019-09-30", "note": ""})
        assert recorded.status_code == 302, errors(recorded)
        assert "河南省重大科技专项" in text(staff.get(reverse("staff:outside_funding")))
    outside = OutsideFunding.objects.get(alliance=alliance)
    # The bureau proposes the accepted claim again on the money page: the same matter is not funded twice.
    with on_day(date(2019, 11, 1)):
        form = text(staff.get(reverse("staff:money"), {"alliance_q": "轴承"}))
        assert claim.ref in form and "LY-2019-07" in form
        run = staff.post(reverse("staff:propose"), {"alliance_q": "轴承", "alliance": alliance.pk,
                                                    "on": "2019-11-01", "year": "", "claim": claim.pk, "reason": ""})
    [said] = [li for li in text(run).split("<li>") if "第二十一条" in li]
    assert run.status_code == 200 and "不重复支持" in said and outside.ref in said and "河南省重大科技专项" in said
    assert GrantProposal.objects.filter(alliance=alliance, rule="rd_project").count() == 1

    # ------------------------------------------------------------ 第九条: 不合格, rectification, support withdrawn
    with on_day(date(2019, 12, 20)):
        graded = staff.post(reverse("staff:grade", args=[alliance.pk]), {
            "year": 2019, "grade": "fail", "kind": "yearly", "note": "计划执行不到位", "rectification_months": 6})
        assert graded.status_code == 302, errors(graded)
    order = Rectification.objects.get(alliance=alliance)
    with on_day(date(2020, 6, 1)):
        listing = text(lead.get(reverse("leadunit:rectifications", args=[alliance.pk])))
        assert "第九条" in listing and "2020-06-20" in listing
        answered = lead.post(reverse("leadunit:rectification", args=[alliance.pk, order.pk]),
                             {"response": "已补充专职人员并修订计划", "attachment": pdf("整改报告.pdf")})
        assert answered.status_code == 302, errors(answered)
    with on_day(date(2020, 6, 25)):
        assert "已补充专职人员并修订计划" in text(staff.get(reverse("staff:alliance", args=[alliance.pk])))
        judged = staff.post(reverse("staff:rectification_judge", args=[alliance.pk, order.pk]),
                            {f"rect-{order.pk}-result": "fail", f"rect-{order.pk}-judgement": "整改后仍不达标"})
        assert judged.status_code == 302, errors(judged)
        page = text(staff.get(reverse("staff:alliance", args=[alliance.pk])))
    assert "第九条" in page and "整改后仍不达标" in page
    alliance.refresh_from_db()
    assert (alliance.status, alliance.level) == ("support_suspended", "municipal")  # the title kept

    # ------------------------------------------------------------ a later proposal refused citing 第九条
    with on_day(date(2020, 8, 1)):
        run = staff.post(reverse("staff:propose"), {"alliance_q": "轴承", "alliance": alliance.pk,
                                                    "on": "2020-08-01", "year": "", "reason": ""})
    assert run.status_code == 200 and "第九条" in text(run)
    assert GrantProposal.objects.filter(alliance=alliance).count() == 2
