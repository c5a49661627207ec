"""Henan 第九条 “联盟构建期一年” and 第十条 “联盟构建期满，应……提出验收申请，经考核达到构建要求的，认定”: the
construction year is a deadline of the lead unit, with its article, reminded and listed on the lead unit's
and the staff's pages; the acceptance checks the 第九条 results as facts."""

from __future__ import annotations

import io
import itertools
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from itisa.documents.services import document_upload
from itisa.register.services import alliance_update, membership_add
from itisa.supervision.models import Deadline, Notification
from itisa.supervision.services import deadlines_scan
from itisa.supervision.services.common import today
from itisa.supervision.tasks import SCAN
from itisa.workflow import guards
from itisa.workflow.services import TransitionRefused, call_create, case_act, case_attach_material, case_open

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%%EOF\n"
_n = itertools.count(1)
#: what 第九条(一)(二)(三) and 第十一条(一)(二)(三) ask, as the register records it (itisa/register/facts.py)
RESULTS = dict(has_council=True, has_expert_committee=True, has_executive_body=True, has_office=True,
               full_time_staff=3, has_long_term_plan=True, has_innovation_system_plan=True,
               agreement_signed_by_all=True, has_charter=True, has_fund_rules=True, has_ip_rules=True,
               has_open_membership=True)


@pytest.fixture
def experts_pass():
    """The experts' sheets are the reviews app's business (tested there): here they pass."""
    saved = dict(guards.GUARDS)
    guards.GUARDS["expert_review_passed"] = lambda case, on, context: (True, "test: expert review passed")
    guards.GUARDS["acceptance_passed"] = lambda case, on, context: (True, "test: acceptance assessment passed")
    yield
    guards.GUARDS.clear()
    guards.GUARDS.update(saved)


@pytest.fixture
def henan(person, make_alliance, make_org, jurisdiction, system_actor, experts_pass, settings, tmp_path):
    """A Henan alliance taken through the public call to the approval of its construction on *approved*."""
    settings.MEDIA_ROOT = tmp_path
    hn = jurisdiction("henan-kjt")
    staff = person("hn_staff", role="bureau_staff", jurisdiction=hn)
    city = person("hn_city", role="recommender", recommender_kind="city_department",
                  jurisdiction=jurisdiction("luoyang-kjj"))

    def make(approved: date):
        n = next(_n)
        alliance = make_alliance(f"河南省耐火材料{n}产业技术创新战略联盟", juris="henan-kjt",
                                 lead=make_org(f"洛阳耐火材料研究院{n}", region="410311"),
                                 founded_on=approved - timedelta(days=400))
        for i in range(4):
            membership_add(actor=system_actor, alliance=alliance, joined_on=approved - timedelta(days=400),
                           organisation=make_org(f"河南成员{n}-{i}", region="410311"))
        lead = person(f"hn_lead{n}", role="lead_unit", alliance=alliance)
        start = approved - timedelta(days=90)
        call = call_create(actor=staff, jurisdiction=hn, year=start.year, title=f"{start.year}年公开征集{n}",
                           opens_on=start, closes_on=start + timedelta(days=30))
        case = case_open(actor=lead, alliance=alliance, call=call, on=start)
        case_act(actor=lead, case=case, action="submit", on=start)
        case_act(actor=city, case=case, action="recommend", on=start + timedelta(days=5))
        case_act(actor=staff, case=case, action="accept", on=start + timedelta(days=10))
        case_act(actor=staff, case=case, action="approve_construction", on=approved)
        case.refresh_from_db()
        alliance.refresh_from_db()
        return alliance, case, lead

    return {"make": make, "staff": staff}


def scan(on: date, capture) -> None:
    with capture(execute=True):
        deadlines_scan(actor=SCAN, on=on)


def test_the_construction_year_is_the_leads_deadline_citing_article_9(henan, django_capture_on_commit_callbacks):
    alliance, case, lead = henan["make"](date(2015, 6, 1))
    assert alliance.status == "constructing"
    scan(date(2016, 5, 10), django_capture_on_commit_callbacks)  # 22 days before the year ends
    row = Deadline.objects.get(alliance=alliance)  # only dated duties before recognition: no “as needed” rows
    assert (row.duty, row.kind, row.actor, row.article, row.due_on, row.status) == (
        "construction", "construction", "lead_unit", "第九条", date(2016, 6, 1), "upcoming")
    assert row.pack_id == "410000-henan/2013"
    assert [m.to for m in mail.outbox] == [[lead.email]]
    assert "第九条" in mail.outbox[0].body and "2016-06-01" in mail.outbox[0].body

    scan(date(2016, 6, 2), django_capture_on_commit_callbacks)  # the year ended, no acceptance applied for
    row.refresh_from_db()
    assert row.status == "overdue"
    assert sorted(n.recipient.username for n in Notification.objects.filter(status="overdue")) == sorted(
        ["hn_staff", lead.username])

    case_act(actor=lead, case=case, action="apply_for_acceptance", on=date(2016, 6, 3))  # 第十条
    scan(date(2016, 6, 4), django_capture_on_commit_callbacks)
    row.refresh_from_db()
    assert (row.status, row.filed_on) == ("late", date(2016, 6, 3))


def test_applying_on_the_last_day_of_the_year_is_on_time(henan, django_capture_on_commit_callbacks):
    alliance, case, lead = henan["make"](date(2015, 6, 1))
    case_act(actor=lead, case=case, action="apply_for_acceptance", on=date(2016, 6, 1))
    scan(date(2016, 6, 5), django_capture_on_commit_callbacks)
    row = Deadline.objects.get(alliance=alliance, duty="construction")
    assert (row.status, row.filed_on, row.due_on) == ("done", date(2016, 6, 1), date(2016, 6, 1))


def test_the_lead_and_the_staff_see_the_construction_year_on_their_pages(henan, client,
                                                                           django_capture_on_commit_callbacks):
    day = today()
    alliance, _case, lead = henan["make"](day - timedelta(days=340))  # the year ends within the reminder window
    scan(day, django_capture_on_commit_callbacks)
    due = Deadline.objects.get(alliance=alliance, duty="construction").due_on
    client.force_login(lead)
    page = client.get(reverse("leadunit:alliance", args=[alliance.pk])).content.decode()
    assert "构建期一年" in page and "第九条" in page and due.isoformat() in page
    assert f"{day.isoformat()}已提醒" in page  # the reminder the scan e-mailed today
    home = client.get(reverse("core:home")).content.decode()
    assert due.isoformat() in home  # the workbench: duties with a deadline, the nearest first
    client.force_login(henan["staff"])
    page = client.get(reverse("staff:deadlines")).content.decode()
    assert alliance.name in page and "第九条" in page and due.isoformat() in page
    assert f"{day.isoformat()}已提醒" in page


def _to_assessment(henan, system_actor, approved: date):
    alliance, case, lead = henan["make"](approved)
    for material in ("organs", "plans", "agreement_charter"):
        doc = document_upload(actor=system_actor, kind="other", name=f"{material}.pdf", stream=io.BytesIO(PDF),
                              size=len(PDF), alliance=alliance)
        case_attach_material(actor=lead, case=case, material_id=material, document=doc)
    case_act(actor=lead, case=case, action="apply_for_acceptance", on=date(2016, 6, 1))
    case_act(actor=henan["staff"], case=case, action="start_assessment", on=date(2016, 6, 5))
    return alliance, case


def test_acceptance_is_refused_while_the_article_9_results_are_missing(henan, system_actor):
    """第十条 “经考核达到构建要求的”: the experts passed it, but the register shows no organs, plans or
    agreement — the 第九条 results, read as facts once construction was approved — so it is not recognised."""
    _alliance, case = _to_assessment(henan, system_actor, date(2015, 6, 1))
    with pytest.raises(TransitionRefused) as caught:
        case_act(actor=henan["staff"], case=case, action="recognise", on=date(2016, 6, 20))
    message = caught.value.messages[0]
    assert caught.value.code == "guard_failed"
    assert "第九条第（一）项" in message and "第九条第（二）项" in message and "第九条第（三）项" in message
    case.refresh_from_db()
    assert case.state == "assessment"


def test_acceptance_names_the_one_article_9_result_still_missing(henan, system_actor):
    alliance, case = _to_assessment(henan, system_actor, date(2015, 6, 1))
    alliance_update(actor=system_actor, alliance=alliance, reason="构建期成果", outward_responsible_party=alliance.lead,
                    **{**RESULTS, "agreement_signed_by_all": False})  # 第九条(三): the agreement is not signed by all
    with pytest.raises(TransitionRefused) as caught:
        case_act(actor=henan["staff"], case=case, action="recognise", on=date(2016, 6, 20))
    message = caught.value.messages[0]
    assert "第九条第（三）项" in message and "第九条第（一）项" not in message and "第九条第（二）项" not in message


def test_acceptance_passes_once_the_article_9_results_are_recorded(henan, system_actor):
    alliance, case = _to_assessment(henan, system_actor, date(2015, 6, 1))
    alliance_update(actor=system_actor, alliance=alliance, reason="构建期成果", outward_responsible_party=alliance.lead,
                    **RESULTS)
    outcome = case_act(actor=henan["staff"], case=case, action="recognise", on=date(2016, 6, 20))
    assert (outcome.case.state, outcome.transition.article) == ("recognised", "第十条")
