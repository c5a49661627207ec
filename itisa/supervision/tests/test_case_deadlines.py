"""Deadlines from cases (ADR 0016): the call's closing day for an application not yet submitted (the article
of the procedure's intake: Henan 第六条 公开征集), and the last day of a public notice (Kunming 第十一条 公示7日),
stored by the scan and reminded once per status and person."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from itisa.notices.models import PublicNotice
from itisa.notices.tests.fixtures import km, passing_reviews  # noqa: F401
from itisa.supervision.models import Deadline, Notification
from itisa.supervision.services import deadlines_scan
from itisa.supervision.tasks import SCAN
from itisa.workflow.services import call_create, case_act, case_open

pytestmark = pytest.mark.django_db


def scan(on: date, capture) -> None:
    with capture(execute=True):
        deadlines_scan(actor=SCAN, on=on)


@pytest.fixture
def henan_call(person, make_alliance, make_org, jurisdiction):
    hn = jurisdiction("henan-kjt")
    staff = person("hn_staff", role="bureau_staff", jurisdiction=hn)
    call = call_create(actor=staff, jurisdiction=hn, year=2015, title="2015年河南省产业技术创新战略联盟公开征集",
                       opens_on=date(2015, 3, 2), closes_on=date(2015, 4, 30))

    def draft(name: str):
        alliance = make_alliance(name, juris="henan-kjt", lead=make_org(f"{name}牵头单位", region="410311"),
                                 founded_on=date(2014, 9, 1))
        lead = person(f"lead_{name[-8:]}", role="lead_unit", alliance=alliance)
        return alliance, lead, case_open(actor=lead, alliance=alliance, call=call, on=date(2015, 3, 10))

    return {"staff": staff, "call": call, "draft": draft}


def test_an_application_not_yet_submitted_has_the_calls_closing_day_as_its_deadline(
        henan_call, django_capture_on_commit_callbacks):
    alliance, lead, _case = henan_call["draft"]("河南省超硬材料产业技术创新战略联盟")
    scan(date(2015, 4, 10), django_capture_on_commit_callbacks)
    row = Deadline.objects.get(alliance=alliance)
    assert (row.duty, row.kind, row.actor, row.due_on, row.status) == (
        "recognition.call", "call", "lead_unit", date(2015, 4, 30), "upcoming")
    assert row.article == "第六条"  # the pack's intake: “联盟的申报采取公开征集的方式”
    assert henan_call["call"].title in row.label_zh
    assert [m.to for m in mail.outbox] == [[lead.email]]
    assert "2015-04-30" in mail.outbox[0].body and "第六条" in mail.outbox[0].body

    scan(date(2015, 4, 10), django_capture_on_commit_callbacks)  # the same day again: nothing new
    assert len(mail.outbox) == 1
    scan(date(2015, 4, 30), django_capture_on_commit_callbacks)
    row.refresh_from_db()
    assert row.status == "due"
    scan(date(2015, 5, 1), django_capture_on_commit_callbacks)  # closed, never submitted
    row.refresh_from_db()
    assert row.status == "overdue"
    assert sorted(n.recipient.username for n in Notification.objects.filter(deadline=row, status="overdue")) == sorted(
        [lead.username, "hn_staff"])
    assert Notification.objects.filter(deadline=row).count() == 4  # upcoming, due (lead); overdue (lead, staff)


def test_submitting_before_the_call_closes_marks_it_done(henan_call, django_capture_on_commit_callbacks):
    alliance, lead, case = henan_call["draft"]("河南省耐火材料产业技术创新战略联盟")
    scan(date(2015, 4, 10), django_capture_on_commit_callbacks)
    case_act(actor=lead, case=case, action="submit", on=date(2015, 4, 20))
    scan(date(2015, 4, 21), django_capture_on_commit_callbacks)
    row = Deadline.objects.get(alliance=alliance, duty="recognition.call")
    assert (row.status, row.filed_on) == ("done", date(2015, 4, 20))


def test_an_application_submitted_before_any_scan_starts_no_row(henan_call, django_capture_on_commit_callbacks):
    alliance, lead, case = henan_call["draft"]("河南省农机装备产业技术创新战略联盟")
    case_act(actor=lead, case=case, action="submit", on=date(2015, 3, 12))
    scan(date(2015, 4, 10), django_capture_on_commit_callbacks)
    assert not Deadline.objects.filter(alliance=alliance).exists()


def test_a_withdrawn_draft_loses_its_call_deadline(henan_call, django_capture_on_commit_callbacks):
    alliance, lead, case = henan_call["draft"]("河南省生物医药产业技术创新战略联盟")
    scan(date(2015, 4, 10), django_capture_on_commit_callbacks)
    assert Deadline.objects.filter(alliance=alliance).exists()
    case_act(actor=lead, case=case, action="withdraw", on=date(2015, 4, 12))
    scan(date(2015, 4, 13), django_capture_on_commit_callbacks)
    assert not Deadline.objects.filter(alliance=alliance).exists()


def test_a_public_notice_ending_is_the_bureaus_deadline_citing_its_article(km, django_capture_on_commit_callbacks):  # noqa: F811
    case = km["case_at"]("notice", published_on=date(2024, 6, 3))
    notice = PublicNotice.objects.get(case=case)
    scan(date(2024, 6, 4), django_capture_on_commit_callbacks)
    row = Deadline.objects.get(alliance=case.alliance, kind="notice")
    assert (row.duty, row.actor, row.article, row.due_on, row.status) == (
        "recognition.notice", "bureau", "第十一条", notice.ends_on, "upcoming")
    assert row.label_zh == "公示期"  # the pack's name of the period
    assert [m.to for m in mail.outbox] == [[km["staff"].email]]
    scan(date(2024, 6, 11), django_capture_on_commit_callbacks)  # the last day (moved past the holiday)
    row.refresh_from_db()
    assert row.status == "due"
    assert [m.to for m in mail.outbox[1:]] == [[km["staff"].email]]
    scan(date(2024, 6, 12), django_capture_on_commit_callbacks)
    row.refresh_from_db()
    assert (row.status, row.filed_on) == ("done", date(2024, 6, 11))
    assert len(mail.outbox) == 2  # nobody is told that a period ran out
    assert set(Notification.objects.filter(deadline=row).values_list("status", flat=True)) == {"upcoming", "due"}
