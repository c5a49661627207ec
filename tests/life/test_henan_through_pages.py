"""河南省产业技术创新战略联盟构建与发展实施办法（豫科〔2013〕146号）, walked entirely through the pages: every act
below is an HTTP request by the person who does it (the department's staff, the city department, the lead unit, the
experts, the public); only the starting world — people, the alliance with its members and facts, experts — is made
here, and the clock's deadline scan runs as the worker runs it (the ``scan_deadlines`` command).

    2015-03-01  the province's public call on the calls page (第六条), 03-02 … 04-30
    2015-03-10  the lead applies; 03-15 the department cannot accept before a recommendation; 03-20 洛阳 recommends
    2015-04-10  accepted (第八条); 05-01 two experts assigned, 05-20 their sheets; 06-01 construction approved
    2016-05-20  construction materials uploaded; 05-31 applying for acceptance a day early is refused with the
                dates (第九条); 06-01 applied (第十条)
    2016-06-05  assessment started, experts assigned to the acceptance round; 06-10 recognising without their
                sheets is refused; 06-20 recognised provincial, 豫科〔2016〕1号, verified on the public page
    2016-09-01  the lead adds a member; 09-02 the scan lists the major-event duty (第十一条(五)) without a date;
                09-05 the lead files the report on its page; 09-06 the duty is done and staff read the report
    2016-12-20  graded 不合格 (第十二条), rectification ordered; 2017-06-10 the lead answers
    2017-06-25  the rectification fails: the title is lost, the public revoked list and verification say so
"""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from itisa.recognition.models import Recognition
from itisa.supervision.models import Rectification
from itisa.workflow.models import Call, Case
from tests.life.pages import as_, decide, errors, lead_moves, on_day, pdf, text

pytestmark = pytest.mark.django_db



def sheets(experts, case, round: str, day: date) -> None:
    for expert, score in zip(experts, ("88", "80"), strict=True):
        client = as_(expert.user)
        with on_day(day):
            page = text(client.get(reverse("experts:case", args=[case.pk])))
            questions = set(re.findall(r'name="answer__(\w+)"', page))
            sent = client.post(reverse("experts:sheet", args=[case.pk, round]), {
                "opinion": "pass", "overall_score": score, **{f"answer__{q}": "yes" for q in questions}})
            assert sent.status_code == 302, errors(sent)


@pytest.fixture
def world(person, make_alliance, make_org, make_expert, members, jurisdiction, system_actor):
    from itisa.register.services import alliance_update

    henan = jurisdiction("henan-kjt")
    alliance = make_alliance("河南省耐火材料产业技术创新战略联盟", juris="henan-kjt",
                             lead=make_org("洛阳耐火材料研究院有限公司", region="410311"), founded_on=date(2014, 9, 1))
    members(alliance, 5, region="410311", joined_on=date(2014, 9, 1))
    alliance = alliance_update(actor=system_actor, alliance=alliance, reason="构建期建设", has_council=True,
                               has_expert_committee=True, has_executive_body=True, has_office=True, full_time_staff=3,
                               outward_responsible_party=alliance.lead, has_long_term_plan=True,
                               has_innovation_system_plan=True, agreement_signed_by_all=True, has_charter=True,
                               has_fund_rules=True, has_ip_rules=True, has_benefit_sharing_rules=True,
                               has_open_membership=True)
    return {"henan": henan, "alliance": alliance,
            "staff": person("ha_staff", role="bureau_staff", jurisdiction=henan),
            "city": person("ly_kjj", role="recommender", recommender_kind="city_department",
                           jurisdiction=jurisdiction("luoyang-kjj")),
            "lead": person("ha_lead", role="lead_unit", alliance=alliance),
            "experts": [make_expert("ha_expert_a"), make_expert("ha_expert_b")]}


def scan(day: date) -> None:
    """The worker's nightly deadline scan of *day*."""
    with on_day(day):
        call_command("scan_deadlines", on=day.isoformat(), stdout=io.StringIO())


def test_henan_life_through_the_pages(world, credit_code):
    alliance = world["alliance"]
    staff, lead, city = (as_(world[k]) for k in ("staff", "lead", "city"))

    # ------------------------------------------------------------ 第六条: the public call, a recommendation
    with on_day(date(2015, 3, 1)):
        opened = staff.post(reverse("staff:calls"), {
            "jurisdiction": world["henan"].pk, "procedure_id": "recognition", "year": 2015,
            "title": "2015年河南省产业技术创新战略联盟公开征集", "opens_on": "2015-03-02", "closes_on": "2015-04-30"})
        assert opened.status_code == 302, errors(opened)
    call = Call.objects.get(jurisdiction=world["henan"], year=2015)
    with on_day(date(2015, 3, 10)):
        assert lead.post(reverse("leadunit:application_open", args=[alliance.pk]),
                         {"call": call.pk}).status_code == 302
        case = Case.objects.get(alliance=alliance)
        submitted = lead.post(reverse("leadunit:application_act", args=[alliance.pk, case.pk]),
                              {"action": "submit", "expected_version": 0})
        assert submitted.status_code == 302, errors(submitted)
    early = decide(staff, case, "accept", date(2015, 3, 15))  # only once recommended
    case.refresh_from_db()
    assert early.status_code == 200 and case.state == "submitted"
    assert decide(city, case, "recommend", date(2015, 3, 20), reason="同意推荐").status_code == 302

    # ------------------------------------------------------------ 第八条: acceptance, experts, construction
    assert decide(staff, case, "accept", date(2015, 4, 10)).status_code == 302
    experts = world["experts"]
    with on_day(date(2015, 5, 1)):
        assigned = staff.post(reverse("staff:experts", args=[case.pk]),
                              {"expert": [e.pk for e in experts], "round": "review"})
        assert assigned.status_code == 302, errors(assigned)
    sheets(experts, case, "review", date(2015, 5, 20))
    assert decide(staff, case, "approve_construction", date(2015, 6, 1)).status_code == 302
    with on_day(date(2015, 6, 2)):
        page = text(lead.get(reverse("leadunit:case", args=[alliance.pk, case.pk])))
    assert "第九条" in page or "第十条" in page

    # ------------------------------------------------------------ 第九条: one year of construction
    with on_day(date(2016, 5, 20)):
        for material in ("organs", "plans", "agreement_charter"):
            up = lead.post(reverse("leadunit:case_material", args=[alliance.pk, case.pk]),
                           {"material_id": material, "file": pdf(f"{material}.pdf")})
            assert up.status_code == 302, errors(up)
    too_early = lead_moves(lead, alliance, case, "apply_for_acceptance", date(2016, 5, 31))
    shown = text(too_early)
    assert too_early.status_code == 200 and "2016-06-01" in shown and "第九条" in shown
    case.refresh_from_db()
    assert case.state == "construction"
    applied = lead_moves(lead, alliance, case, "apply_for_acceptance", date(2016, 6, 1))
    assert applied.status_code == 302, errors(applied)

    # ------------------------------------------------------------ 第十条: acceptance assessment
    assert decide(staff, case, "start_assessment", date(2016, 6, 5)).status_code == 302
    with on_day(date(2016, 6, 5)):
        assigned = staff.post(reverse("staff:experts", args=[case.pk]),
                              {"expert": [e.pk for e in experts], "round": "acceptance"})
        assert assigned.status_code == 302, errors(assigned)
    no_sheets = decide(staff, case, "recognise", date(2016, 6, 10))
    assert no_sheets.status_code == 200 and "第十条" in text(no_sheets)
    sheets(experts, case, "acceptance", date(2016, 6, 15))
    assert decide(staff, case, "recognise", date(2016, 6, 20)).status_code == 302
    with on_day(date(2016, 6, 21)):
        assert "豫科〔2016〕1号" in text(staff.get(reverse("staff:case", args=[case.pk])))
        code = Recognition.objects.get(case=case).verification_code
        assert "河南省耐火材料产业技术创新战略联盟" in text(Client().get(reverse("recognition:verify", args=[code])))

    # ------------------------------------------------------------ 第十一条(五): a member joins, a major event reported
    with on_day(date(2016, 9, 1)):
        joined = lead.post(reverse("leadunit:member_add", args=[alliance.pk]), {
            "credit_code": credit_code("410311"), "name": "郑州新材料有限公司", "kind": "enterprise", "role": "member",
            "joined_on": "2016-09-01"})
        assert joined.status_code == 302, errors(joined)
    scan(date(2016, 9, 2))
    with on_day(date(2016, 9, 2)):
        waiting = text(staff.get(reverse("staff:deadlines"), {"status": "unscheduled"}))
        assert "重大事项及时报告备案" in waiting  # “及时”: the text gives no number of days
        due = text(lead.get(reverse("leadunit:reports", args=[alliance.pk])))
        assert "重大事项报告" in due and "第十一条" in due  # the duty is offered to the lead
        kinds = text(lead.get(reverse("leadunit:report_new", args=[alliance.pk, "major_event_report"])))
        assert 'value="member_change"' in kinds
    with on_day(date(2016, 9, 5)):
        filed = lead.post(reverse("leadunit:report_new", args=[alliance.pk, "major_event_report"]), {
            "event_kind": "member_change", "event_date": "2016-09-01", "summary": "新增成员郑州新材料有限公司",
            "attachment": pdf("成员变更报告.pdf")})
        assert filed.status_code == 302, errors(filed)
    scan(date(2016, 9, 6))
    with on_day(date(2016, 9, 6)):
        read = text(staff.get(reverse("staff:alliance", args=[alliance.pk])))
        waiting = text(staff.get(reverse("staff:deadlines"), {"status": "unscheduled"}))
        done = text(staff.get(reverse("staff:deadlines"), {"status": "done"}))
    assert "重大事项及时报告备案" not in waiting and "重大事项及时报告备案" in done
    assert "新增成员郑州新材料有限公司" in read and "2016-09-01" in read and "2016-09-05" in read
    assert "成员变更报告.pdf" in read and "第十一条" in read

    # ------------------------------------------------------------ 第十二条: 不合格, a failed rectification
    with on_day(date(2016, 12, 20)):
        graded = staff.post(reverse("staff:grade", args=[alliance.pk]), {
            "year": 2016, "grade": "fail", "kind": "yearly", "rectification_months": 6})
        assert graded.status_code == 302, errors(graded)
    order = Rectification.objects.get(alliance=alliance)
    with on_day(date(2017, 6, 10)):
        answered = lead.post(reverse("leadunit:rectification", args=[alliance.pk, order.pk]),
                             {"response": "已调整执行机构"})
        assert answered.status_code == 302, errors(answered)
    with on_day(date(2017, 6, 25)):
        judged = staff.post(reverse("staff:rectification_judge", args=[alliance.pk, order.pk]),
                            {f"rect-{order.pk}-result": "fail", f"rect-{order.pk}-judgement": "整改不达标"})
        assert judged.status_code == 302, errors(judged)
        page = text(staff.get(reverse("staff:alliance", args=[alliance.pk])))
        revoked = text(Client().get(reverse("public:revoked")))
        verified = text(Client().get(reverse("recognition:verify", args=[code])))
    assert "第十二条" in page and "整改不达标" in page
    assert alliance.name in revoked
    assert 'class="status revoked"' in verified and "2017-06-25" in verified
    alliance.refresh_from_db()
    assert alliance.status == "revoked"
