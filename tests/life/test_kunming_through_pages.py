"""昆明市产业技术创新战略联盟认定管理办法 (昆明市科学技术局公告第18号), walked entirely through the pages: every act
below is an HTTP request by the person who does it (the bureau's staff and finance, the lead unit, the experts, the
public); only the starting world — the people, the alliance's lead and its charter facts, the expert pool — is made
here, and the clock's deadline scan runs as the worker runs it (the ``scan_deadlines`` command).

    2017-02-20  the bureau opens the 2017 call on its calls page (第九条, 03-01 … 03-31)
    2017-03-06  the lead adds three members, opens the application under the call, uploads materials, submits
    2017-03-10  formal review started and passed on the case page (第十条)
    2017-04-01  two experts assigned on the experts page; 04-10 both submit their sheets
    2017-04-20  proposed (第十一条); 05-01 the 7-day notice is published (05-02 … 05-08)
    2017-05-05  an objection on the notice's public page; the bureau is e-mailed
    2017-05-08  recognising on the notice's last day is refused with the date; 05-09 refused while the objection
                is pending, the objection dismissed on the case page, recognised; 05-10 verified on the public page
    2017-05-15  finance registers the fund and its 200 万元 budget; 05-16 nothing proposed before the lead's 3:1
                matching (第十二条); 05-18 the lead claims its 30 万元 matching; 05-20 accepted into a 10 万元
                proposal, 05-25 approved, 06-01 paid by finance
    2017-12-15  the lead files the 2017 yearly report on time (第十四条)
    2018-12-10  the scan reminds the lead of the 2018 report; 12-16 overdue, the lead and the bureau e-mailed;
                12-17 filed late; 12-18 the alliance page shows what 第十七条(二) draws
    2018-12-20  the bureau opens the revocation (第十七条(二)), proposes it and tells the alliance, which sees it;
                12-28 revoked and published: the public pages say so
    2019-01-05  the plaque is back, recorded on the alliance page; 01-10 a grade is refused: no longer supervised
"""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from itisa.funding.models import EntryKind, GrantProposal, LedgerEntry
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
            "finance": person("km_finance", role="finance", jurisdiction=kunming),
            "experts": [make_expert("km_expert_a"), make_expert("km_expert_b")]}


def scan(day: date, on_commit) -> None:
    """The worker's nightly deadline scan of *day*, its e-mails sent."""
    with on_day(day), on_commit(execute=True):
        call_command("scan_deadlines", on=day.isoformat(), stdout=io.StringIO())


def test_kunming_life_through_the_pages(world, credit_code, django_capture_on_commit_callbacks):
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

    # ------------------------------------------------------------ 第十一条: the 7-day notice, an objection
    assert decide(staff, case, "publish_notice", day=date(2017, 5, 1)).status_code == 302
    public = Client()
    with on_day(date(2017, 5, 5)), django_capture_on_commit_callbacks(execute=True):
        notices = text(public.get(reverse("public:notices")))
        [link] = set(re.findall(r'href="(/[^"]*notices/\d+/)"', notices))  # the notice's own page, from the list
        objected = public.post(link, {"name": "李四", "contact": "13900000000",
                                      "text": "该联盟第四家成员系临时拉入，请核查。"})
        assert objected.status_code == 302, errors(objected)
    assert alliance.name in notices
    assert [m.to for m in mail.outbox] == [["km_staff@example.cn"]]  # the deciding bureau is told
    early = decide(staff, case, "recognise", day=date(2017, 5, 8))  # the notice runs through 8 May
    assert early.status_code == 200 and "2017-05-09" in text(early).replace("2017年5月9日", "2017-05-09")
    pending = decide(staff, case, "recognise", day=date(2017, 5, 9))  # an objection is pending
    assert pending.status_code == 200 and "第十一条" in " ".join(errors(pending)), errors(pending)
    case.refresh_from_db()
    assert case.state == "notice"
    with on_day(date(2017, 5, 9)):
        page = text(staff.get(reverse("staff:case", args=[case.pk])))
        assert "该联盟第四家成员系临时拉入" in page
        [resolve] = re.findall(rf'action="({reverse("staff:case", args=[case.pk])}objections/(\d+)/resolve/)"', page)
        prefix = f"obj-{resolve[1]}"
        resolved = staff.post(resolve[0], {f"{prefix}-outcome": "dismissed",
                                           f"{prefix}-reason": "经核查，成员单位已签署联盟协议。"})
        assert resolved.status_code == 302, errors(resolved)
    assert decide(staff, case, "recognise", day=date(2017, 5, 9)).status_code == 302

    # ------------------------------------------------------------ recognised: verifiable by anyone
    with on_day(date(2017, 5, 10)):
        page = text(staff.get(reverse("staff:case", args=[case.pk])))
        assert "昆科〔2017〕1号" in page and "经核查，成员单位已签署联盟协议。" in page
        code = Recognition.objects.get(case=case).verification_code
        assert reverse("recognition:verify", args=[code]) in page  # the link the page offers
        verified = text(Client().get(reverse("recognition:verify", args=[code])))
    assert "昆明花卉产业技术创新战略联盟" in verified and "昆科〔2017〕1号" in verified

    # ------------------------------------------------------------ 第十二条: 10 万元 guidance fund, 3:1 matching
    finance = as_(world["finance"])
    with on_day(date(2017, 5, 15)):
        made = finance.post(reverse("finance:funds"), {"jurisdiction": kunming.pk, "is_default": "on",
                                                       "name": "昆明市科技计划经费（联盟引导经费）"})
        assert made.status_code == 302, errors(made)
        fund_url = made["Location"]
        assert finance.post(fund_url, {"year": 2017, "amount": "200"}).status_code == 302
    with on_day(date(2017, 5, 16)):  # the lead's matching is not shown yet: conditional, nothing proposed
        early = staff.post(reverse("staff:propose"), {"alliance_q": "花卉", "alliance": alliance.pk,
                                                      "on": "2017-05-16"})
    assert early.status_code == 200 and "第十二条" in text(early) and "3:1" in text(early)
    assert not GrantProposal.objects.exists()
    with on_day(date(2017, 5, 18)):
        claimed = lead.post(reverse("leadunit:claim_new", args=[alliance.pk, "lead_matching"]), {
            "date": "2017-05-18", "base": "30", "note": "牵头单位承诺按3:1配套30万元",
            "evidence": [pdf("配套资金承诺书.pdf")]})
        assert claimed.status_code == 302, errors(claimed)
    with on_day(date(2017, 5, 20)):
        claims = text(staff.get(reverse("staff:claims")))
        assert alliance.name in claims
        claim_url = re.search(r'href="(/[^"]*money/claims/\d+/)"', claims)[1]
        accepted = staff.post(claim_url, {"decision": "accept", "reason": "牵头单位承诺配套30万元"})
        assert accepted.status_code == 302, errors(accepted)
    proposal = GrantProposal.objects.get(alliance=alliance)  # the record the accepted claim made
    with on_day(date(2017, 5, 25)):
        page = text(staff.get(reverse("staff:proposal", args=[proposal.pk])))
        assert "第十二条" in page and "已配套30万元" in page  # 10 × 3 = 30 matched by the lead
        approved = staff.post(reverse("staff:proposal", args=[proposal.pk]), {
            "decision": "approve", "amount": "10", "reason": "牵头单位承诺配套30万元",
            "expected_version": proposal.lock_version})
        assert approved.status_code == 302, errors(approved)
    commitment = LedgerEntry.objects.get(kind=EntryKind.COMMITMENT, proposal=proposal)
    with on_day(date(2017, 6, 1)):
        paid = finance.post(reverse("finance:pay", args=[commitment.pk]), {"on": "2017-06-01"})
        assert paid.status_code == 302, errors(paid)
        budget = text(finance.get(fund_url))
        money = text(lead.get(reverse("leadunit:money", args=[alliance.pk])))
    assert "200 10 10 0 0 190" in " ".join(re.sub(r"<[^>]+>", " ", budget).split())  # budget, committed, paid … left
    assert "已批准" in money and "2017-06-01" in money  # the lead sees the grant approved and paid

    # ------------------------------------------------------------ 第十四条: the 2017 report on time
    report_url = reverse("leadunit:report_new", args=[alliance.pk, "annual_report"])
    with on_day(date(2017, 12, 15)):
        listing = text(lead.get(reverse("leadunit:reports", args=[alliance.pk])))
        assert "第十四条" in listing
        report = {"year": 2017, "summary": "2017年度科技报告：研发投入与产出"}
        silent = lead.post(report_url, report)  # 第十五条: the year's member changes must be told
        assert silent.status_code == 200 and "第十五条" in " ".join(errors(silent))
        filed = lead.post(report_url, {**report, "changes_members": "3月新增成员三家",
                                       "attachment": pdf("2017年度报告.pdf")})
        assert filed.status_code == 302, errors(filed)
        listing = text(lead.get(reverse("leadunit:reports", args=[alliance.pk])))
    assert "2017年度报告.pdf" in listing

    # ------------------------------------------------------------ the 2018 report: reminded, overdue, filed late
    mail.outbox.clear()
    scan(date(2018, 12, 10), django_capture_on_commit_callbacks)  # five days ahead: a reminder to the lead
    assert [m.to for m in mail.outbox] == [["km_lead@example.cn"]] and "2018-12-15" in mail.outbox[0].body
    scan(date(2018, 12, 16), django_capture_on_commit_callbacks)  # overdue: the lead and the bureau are told
    assert sorted(m.to[0] for m in mail.outbox[1:]) == ["km_lead@example.cn", "km_staff@example.cn"]
    with on_day(date(2018, 12, 16)):
        overdue = text(staff.get(reverse("staff:deadlines")))
    assert alliance.name in overdue and "2018-12-15" in overdue
    with on_day(date(2018, 12, 17)):
        late = lead.post(report_url, {"year": 2018, "summary": "2018年度科技报告", "changes_members": "本年度成员无变化"})
        assert late.status_code == 302, errors(late)
    scan(date(2018, 12, 18), django_capture_on_commit_callbacks)
    with on_day(date(2018, 12, 18)):
        page = text(staff.get(reverse("staff:alliance", args=[alliance.pk])))
    assert "2018年度科技报告" in page and "未按时报送年度科技报告" in page  # what 第十七条(二) draws

    # ------------------------------------------------------------ 第十七条(二): the revocation procedure
    with on_day(date(2018, 12, 20)):
        opened = staff.post(reverse("staff:open_case", args=[alliance.pk]), {"procedure": "revocation"})
        assert opened.status_code == 302, errors(opened)
    revoking = Case.objects.get(alliance=alliance, procedure_id="revocation")
    assert opened["Location"] == reverse("staff:case", args=[revoking.pk])
    ground = "每年不按时报送年度科技报告（第十七条(二)）：2018年度报告12月17日方报送"
    for move, day in (("propose_revocation", date(2018, 12, 20)), ("notify_alliance", date(2018, 12, 20))):
        moved = decide(staff, revoking, move, day=day, reason=ground)
        assert moved.status_code == 302, errors(moved)
    with on_day(date(2018, 12, 21)):  # the lead is told and sees the case on its own page
        told = text(lead.get(reverse("leadunit:case", args=[alliance.pk, revoking.pk])))
    assert "已告知联盟" in told
    for move in ("revoke", "publish_revocation"):
        moved = decide(staff, revoking, move, day=date(2018, 12, 28), reason=ground)
        assert moved.status_code == 302, errors(moved)
    with on_day(date(2018, 12, 28)):
        revoked = text(Client().get(reverse("public:revoked")))
        verified = text(Client().get(reverse("recognition:verify", args=[code])))
    assert alliance.name in revoked
    assert 'class="status revoked"' in verified and "2018-12-28" in verified
    alliance.refresh_from_db()
    assert alliance.status == "revoked"

    # ------------------------------------------------------------ 收回授牌: the plaque is back, recorded on its page
    plaque_url = reverse("staff:revocation_plaque", args=[alliance.pk])
    with on_day(date(2019, 1, 5)):
        assert plaque_url in text(staff.get(reverse("staff:alliance", args=[alliance.pk])))
        back = staff.post(plaque_url, {"on": "2019-01-05"})
        assert back.status_code == 302, errors(back)
        page = text(staff.get(reverse("staff:alliance", args=[alliance.pk])))
    assert "2019-01-05" in page and plaque_url not in page

    # ------------------------------------------------------------ revoked: no longer graded
    with on_day(date(2019, 1, 10)):
        graded = staff.post(reverse("staff:grade", args=[alliance.pk]),
                            {"year": 2018, "grade": "pass", "kind": "cycle", "note": "研发投入与产出达标"})
    assert graded.status_code == 200 and alliance.name in " ".join(errors(graded))
