"""The staff pages' cast: Jiangning's case in expert review (workflow/reviews fixtures), a Weinan case
waiting for its county bureau's recommendation, and the objects hanging off a case or an alliance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from itisa.reviews.tests.conftest import IN_TRIAL, jiangning_in_review, make_expert  # noqa: F401
from itisa.supervision.tests.conftest import recognised  # noqa: F401
from itisa.workflow.tests.conftest import jiangning_case_setup, pdf, person  # noqa: F401


@pytest.fixture
def weinan_submitted(make_alliance, make_org, person, jurisdiction, pdf, system_actor):  # noqa: F811
    """A Weinan application submitted to its county bureau (渭科发〔2015〕62号 11)."""
    from itisa.register.services import membership_add
    from itisa.workflow.services import case_act, case_attach_material, case_open

    alliance = make_alliance("渭南市煤化工产业技术创新战略联盟", juris="weinan-kjj", lead=make_org("渭南骨干企业", region="610502"))
    membership_add(actor=system_actor, alliance=alliance, organisation=make_org("渭南师范学院", region="610502",
                   kind="university"), joined_on=date(2019, 3, 1))
    lead = person("wn_lead", role="lead_unit", alliance=alliance)
    county = person("linwei", role="recommender", recommender_kind="county_bureau",
                    jurisdiction=jurisdiction("610502-kjj"))
    staff = person("wn_staff", role="bureau_staff", jurisdiction=jurisdiction("weinan-kjj"))
    case = case_open(actor=lead, alliance=alliance, on=date(2020, 3, 2))
    for material in ("application_form", "supporting_materials", "recommender_opinion"):
        case_attach_material(actor=lead, case=case, material_id=material, document=pdf(f"{material}.pdf"))
    case_act(actor=lead, case=case, action="submit", on=date(2020, 3, 2))
    case.refresh_from_db()
    return {"alliance": alliance, "lead": lead, "county": county, "staff": staff, "case": case}


@pytest.fixture
def jiangning_world(jiangning_in_review, jurisdiction, system_actor):  # noqa: F811
    """Jiangning's case with one of everything a staff URL can name: a call, a notice with an objection,
    a grade with its rectification, a deadline, a grant proposal, an expert assignment."""
    from itisa.funding.models import Fund, GrantProposal
    from itisa.notices.models import Objection, PublicNotice
    from itisa.reviews.models import ExpertAssignment, ExpertProfile
    from itisa.supervision.models import Deadline, Grade, Rectification, Report
    from itisa.workflow.models import Call

    s = jiangning_in_review
    case, alliance = s["case"], s["alliance"]
    jn = jurisdiction("jiangning-kjj")
    call = Call.objects.create(jurisdiction=jn, pack_id=case.pack_id, year=2020, title="江宁2020常年认定",
                               opens_on=date(2020, 1, 1))
    notice = PublicNotice.objects.create(case=case, pack_id=case.pack_id, article="第九条", published_on=IN_TRIAL,
                                         ends_on=IN_TRIAL, period_length=7, period_unit="calendar_days",
                                         title=f"{alliance.name}认定公示", text="公示")
    objection = Objection.objects.create(notice=notice, name="张三", contact="13800000000", text="材料不实",
                                         received_at="2020-06-02T10:00:00+08:00")
    grade = Grade.objects.create(alliance=alliance, year=2020, grade="fail", grade_label="不合格", pack_id=case.pack_id,
                                 article="第十二条", graded_on=date(2021, 3, 1))
    rectification = Rectification.objects.create(alliance=alliance, grade=grade, pack_id=case.pack_id, article="第十二条",
                                                 ordered_on=date(2021, 3, 1), due_on=date(2021, 9, 1), months=6)
    deadline = Deadline.objects.create(alliance=alliance, pack_id=case.pack_id, duty="annual_report", period="2030",
                                       kind="report", actor="lead_unit", label_zh="年度报告", label_en="Annual report",
                                       article="第十一条", due_on=date(2030, 3, 31), status="upcoming",
                                       status_since=date(2029, 1, 1), last_scanned_on=date(2029, 1, 1))
    fund = Fund.objects.create(jurisdiction=jn, name="江宁联盟专项")
    proposal = GrantProposal.objects.create(
        alliance=alliance, pack_id=case.pack_id, pack_digest="x", rule="recognition_award", mechanism="fixed",
        article="第十条1", citation="江宁 第十条1", matter="recognition", on=IN_TRIAL, payee_key="lead", fund=fund,
        range_min=Decimal("10"), range_max=Decimal("30"), is_range=True, formula="10–30", result={})
    report = Report.objects.create(alliance=alliance, kind="annual_report", year=2020, pack_id=case.pack_id,
                                   duty="annual_report", filed_on=date(2021, 1, 10), endorsement_required=True)
    expert_user = s["staff2"]
    profile = ExpertProfile.objects.create(user=expert_user, organisation=alliance.lead)
    assignment = ExpertAssignment.objects.create(case=case, expert=profile, assigned_on=IN_TRIAL)
    document = case.materials.first().document_id
    return {**s, "call": call, "notice": notice, "objection": objection, "grade": grade,
            "rectification": rectification, "deadline": deadline, "proposal": proposal, "report": report,
            "assignment": assignment, "document": document}

