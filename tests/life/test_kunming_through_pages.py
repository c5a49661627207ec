"""昆明市产业技术创新战略联盟认定管理办法 (昆明市科学技术局公告第18号), walked entirely through the pages: every act
below is an HTTP request by the person who does it (the bureau's staff, the lead unit, the experts, the public);
only the starting world — the people, the alliance's lead and its charter facts, the expert pool — is made here.

    2017-02-20  the bureau opens the 2017 call on its calls page (第九条, 03-01 … 03-31)
    2017-03-06  the lead adds three members, opens the application under the call, uploads materials, submits
    2017-03-10  formal review started and passed on the case page (第十条)
    2017-04-01  two experts assigned on the experts page; 04-10 both submit their sheets
    2017-04-20  proposed (第十一条); 05-01 the 7-day notice is published (05-02 … 05-08)
    2017-05-08  recognising on the notice's last day is refused with the date; 05-09 recognised
    2017-05-10  the certificate is verified on the public page
    2017-12-15  the lead files the 2017 yearly report (第十四条); 2019-01-10 the bureau grades the cycle
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from itisa.recognition.models import Recognition
from itisa.workflow.models import Call, Case
from tests.life.pages import as_, decide, errors, on_day, pdf, text

pytestmark = pytest.mark.django_db



@pytest.fixture
def world(person, make_alliance, make_org, make_expert, jurisdiction, system_actor):
    from itisa.register.services import achievement_add, alliance_update

    kunming = jurisdiction("kunming-kjj")
    alliance = make_alliance("昆明市花卉产业技术创新战略联盟", juris="kunming-kjj",
                             lead=make_org("昆明花卉集团有限公司", region="530102"), founded_on=date(2016, 10, 1))
    alliance = alliance_update(actor=system_actor, alliance=alliance, reason="申报准备", agreement_signed_by_all=True,
                               outward_responsible_party=alliance.lead, has_long_term_plan=True, has_council=True,
                               has_expert_committee=True, has_executive_body=True, has_fund_rules=True,
                               has_ip_rules=True, has_benefit_sharing_rules=True, has_rd_team=True)
    for kind in ("ip", "ip", "result", "industrialisation_project"):
        achievement_add(actor=system_actor, alliance=alliance, kind=kind, title=f"{kind}成果",
                        achieved_on=date(2016, 12, 1))
    return {"kunming": kunming, "alliance": alliance,
            "staff": person("km_staff", role="bureau_staff", jurisdiction=kunming),
            "lead": person("km_lead", role="lead_unit", alliance=alliance),
            "experts": [make_expert("km_expert_a"), make_expert("km_expert_b")]}


def test_kunming_life_through_the_pages(world, credit_code):
    alliance, kunming = world["alliance"], world["kunming"]
    staff, lead = as_(world["staff"]), as_(world["lead"])

    # ------------------------------------------------------------ 第九条: the bureau opens the yearly call
    with on_day(date(2017, 2, 20)):
        opened = staff.post(reverse("staff:calls"), {
            "jurisdiction": kunming.pk, "procedure_id": "recognition", "year": 2017,
            "title": "2017年度昆明市产业技术创新战略联盟认定", "opens_on": "2017-03-01", "closes_on": "2017-03-31"})
        assert opened.status_code == 302, text(opened)
        call = Call.objects.get(jurisdiction=kunming, year=2017)
        listing = text(staff.get(reverse("staff:calls")))
    assert "2017年度昆明市产业技术创新战略联盟认定" in listing

    # ------------------------------------------------------------ the lead: members, application, materials
    with on_day(date(2017, 3, 6)):
        for i, kind in enumerate(("enterprise", "university", "enterprise")):
            added = lead.post(reverse("leadunit:member_add", args=[alliance.pk]), {
                "credit_code": credit_code("530102"), "name": f"昆明花卉成员{i}", "kind": kind, "role": "member",
                "joined_on": "2017-03-01"})
            assert added.status_code == 302, text(added)
        # 第八条(三): a fourth result, a local standard, recorded on the achievements page.
        std = lead.post(reverse("leadunit:achievements", args=[alliance.pk]), {
            "kind": "standard", "standard_level": "local", "title": "花卉种苗地方标准", "achieved_on": "2017-01-10"})
        assert std.status_code == 302, errors(std)
        assert "花卉种苗地方标准" in text(lead.get(reverse("leadunit:achievements", args=[alliance.pk])))
        members = text(lead.get(reverse("leadunit:members", args=[alliance.pk])))
        assert all(f"昆明花卉成员{i}" in members for i in range(3))
        page = text(lead.get(reverse("leadunit:application", args=[alliance.pk])))
        assert "2017年度昆明市产业技术创新战略联盟认定" in page and "第九条" in page
        assert lead.post(reverse("leadunit:application_open", args=[alliance.pk]),
                         {"call": call.pk}).status_code == 302
        case = Case.objects.get(alliance=alliance)
        for material in ("application", "agreement", "strategy_plan"):
            up = lead.post(reverse("leadunit:application_material", args=[alliance.pk, case.pk]), {
                "material_id": material,
                "file": pdf(f"{material}.pdf")})
            assert up.status_code == 302, text(up)
        page = text(lead.get(reverse("leadunit:application", args=[alliance.pk])))
        assert "认定申报书" in page and "application.pdf" in page
        submitted = lead.post(reverse("leadunit:application_act", args=[alliance.pk, case.pk]),
                              {"action": "submit", "expected_version": 0, "reason": ""})
        assert submitted.status_code == 302, text(submitted)
        page = text(lead.get(reverse("leadunit:application", args=[alliance.pk])))
    assert "已提交" in page

    # ------------------------------------------------------------ 第十条: formal review on the case page
    page = text(staff.get(reverse("staff:case", args=[case.pk])))
    assert alliance.name in page and "第十条" in page
    assert decide(staff, case, "start_formal_review", day=date(2017, 3, 10)).status_code == 302
    passed = decide(staff, case, "pass_formal_review", day=date(2017, 3, 10))
    assert passed.status_code == 302, errors(passed)
    case.refresh_from_db()
    assert case.state == "expert_review"

    # ------------------------------------------------------------ the experts: assigned, two sheets
    a, b = world["experts"]
    with on_day(date(2017, 4, 1)):
        page = text(staff.get(reverse("staff:experts", args=[case.pk])))
        assert "km_expert_a" in page and "km_expert_b" in page
        assigned = staff.post(reverse("staff:experts", args=[case.pk]), {"expert": [a.pk, b.pk], "round": "review"})
        assert assigned.status_code == 302, text(assigned)
    # Nothing to propose before the experts have spoken.
    refused = decide(staff, case, "propose", day=date(2017, 4, 5))
    assert refused.status_code == 200 and "第十一条" in text(refused)
    for expert, score in ((a, "85"), (b, "75")):
        client = as_(expert.user)
        with on_day(date(2017, 4, 10)):
            assert alliance.name in text(client.get(reverse("experts:home")))
            sheet = text(client.get(reverse("experts:case", args=[case.pk])))
            assert "成员是否围绕产业链关键环节" in sheet
            sent = client.post(reverse("experts:sheet", args=[case.pk, "review"]), {
                "opinion": "pass", "overall_score": score, "answer__around_chain_links": "yes",
                "comment__around_chain_links": "覆盖种苗、种植、物流", "comment": "同意认定"})
            assert sent.status_code == 302, text(sent)
    page = text(staff.get(reverse("staff:case", args=[case.pk])))
    assert "80.00" in page  # the mean of 85 and 75
    assert decide(staff, case, "propose", day=date(2017, 4, 20)).status_code == 302

    # ------------------------------------------------------------ 第十一条: the 7-day notice
    assert decide(staff, case, "publish_notice", day=date(2017, 5, 1)).status_code == 302
    with on_day(date(2017, 5, 3)):
        public = Client()
        notices = text(public.get(reverse("public:notices")))
        assert alliance.name in notices
    early = decide(staff, case, "recognise", day=date(2017, 5, 8))  # the notice runs through 8 May
    assert early.status_code == 200 and "2017-05-09" in text(early).replace("2017年5月9日", "2017-05-09")
    case.refresh_from_db()
    assert case.state == "notice"
    assert decide(staff, case, "recognise", day=date(2017, 5, 9)).status_code == 302

    # ------------------------------------------------------------ recognised: verifiable by anyone
    with on_day(date(2017, 5, 10)):
        page = text(staff.get(reverse("staff:case", args=[case.pk])))
        assert "昆科〔2017〕1号" in page
        code = Recognition.objects.get(case=case).verification_code
        assert reverse("recognition:verify", args=[code]) in page  # the link the page offers
        verified = text(Client().get(reverse("recognition:verify", args=[code])))
    assert "昆明花卉产业技术创新战略联盟" in verified and "昆科〔2017〕1号" in verified

    # ------------------------------------------------------------ 第十四条: the yearly report, then the grade
    with on_day(date(2017, 12, 15)):
        listing = text(lead.get(reverse("leadunit:reports", args=[alliance.pk])))
        assert "第十四条" in listing
        url = reverse("leadunit:report_new", args=[alliance.pk, "annual_report"])
        report = {"year": 2017, "summary": "2017年度科技报告：研发投入与产出"}
        silent = lead.post(url, report)  # 第十五条: the year's member changes must be told
        assert silent.status_code == 200 and "第十五条" in " ".join(errors(silent))
        filed = lead.post(url, {**report, "changes_members": "3月新增成员三家",
                                "attachment": pdf("2017年度报告.pdf")})
        assert filed.status_code == 302, errors(filed)
        listing = text(lead.get(reverse("leadunit:reports", args=[alliance.pk])))
    assert "2017年度报告.pdf" in listing
    with on_day(date(2019, 1, 10)):
        graded = staff.post(reverse("staff:grade", args=[alliance.pk]),
                            {"year": 2018, "grade": "pass", "kind": "cycle", "note": "研发投入与产出达标"})
        assert graded.status_code == 302, text(graded)
        page = text(staff.get(reverse("staff:alliance", args=[alliance.pk])))
    assert "合格" in page and "2018" in page
