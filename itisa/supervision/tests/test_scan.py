"""The deadline scan: stored deadlines, status changes, one e-mail per deadline, status and person."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from itisa.access import system
from itisa.supervision.models import Deadline, Notification, ScanRun
from itisa.supervision.services import deadlines_scan
from itisa.supervision.tasks import scan_deadlines

SCAN = system("deadline scan", "supervision.scan")


pytestmark = pytest.mark.django_db


@pytest.fixture
def kunming(recognised, lead_of, staff_of):
    alliance = recognised("kunming-kjj", date(2020, 3, 1), name="昆明市新材料产业技术创新战略联盟")
    return alliance, lead_of(alliance), staff_of("kunming-kjj")


def test_the_scan_twice_sends_each_notice_once(kunming, django_capture_on_commit_callbacks):
    _, lead, staff = kunming

    def scan(day: str) -> None:
        with django_capture_on_commit_callbacks(execute=True):  # each run commits before the next starts
            call_command("scan_deadlines", "--on", day)

    scan("2020-12-10")  # 5 days ahead: a reminder to the lead
    scan("2020-12-10")
    assert [m.to for m in mail.outbox] == [[lead.email]]
    assert "2020-12-15" in mail.outbox[0].body and "第十四条" in mail.outbox[0].body
    scan("2020-12-16")  # overdue: the lead and the bureau's staff
    scan("2020-12-16")
    scan("2020-12-17")
    assert sorted(m.to[0] for m in mail.outbox[1:]) == sorted([lead.email, staff.email])
    assert Notification.objects.filter(sent_at__isnull=False).count() == 3
    assert [r.notifications for r in ScanRun.objects.order_by("id")] == [1, 0, 2, 0, 0]


def test_a_notice_that_failed_to_send_is_retried_by_the_next_scan(kunming, django_capture_on_commit_callbacks,
                                                                   monkeypatch):
    _, lead, _ = kunming
    monkeypatch.setattr("itisa.supervision.mail.send_mail", lambda *a, **k: 0)  # the mail server is down
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_scan(actor=SCAN, on=date(2020, 12, 10))
    assert Notification.objects.get().sent_at is None
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_scan(actor=SCAN, on=date(2020, 12, 11))
    assert Notification.objects.get().sent_at is not None
    assert [m.to for m in mail.outbox] == [[lead.email]]


def test_overdue_marking(kunming):
    alliance, _, _ = kunming
    deadlines_scan(actor=SCAN, on=date(2020, 12, 1))
    row = Deadline.objects.get(alliance=alliance, duty="annual_report", period="2020")
    assert (row.status, row.due_on, row.article, row.status_since) == ("upcoming", date(2020, 12, 15), "第十四条",
                                                                      date(2020, 12, 1))
    deadlines_scan(actor=SCAN, on=date(2020, 12, 15))
    row.refresh_from_db()
    assert (row.status, row.status_since) == ("due", date(2020, 12, 15))
    deadlines_scan(actor=SCAN, on=date(2020, 12, 16))
    row.refresh_from_db()
    assert (row.status, row.status_since, row.last_scanned_on) == ("overdue", date(2020, 12, 16), date(2020, 12, 16))
    cycle = Deadline.objects.get(alliance=alliance, duty="cycle_assessment")  # 第十四条: 运行周期为2年
    assert (cycle.due_on, cycle.status, cycle.actor) == (date(2022, 3, 1), "upcoming", "bureau")
    assert Deadline.objects.filter(alliance=alliance).count() == 2


def test_a_reminder_far_ahead_waits_until_within_the_window(kunming, django_capture_on_commit_callbacks, settings):
    settings.SUPERVISION_REMINDER_DAYS = 10
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_scan(actor=SCAN, on=date(2020, 12, 1))  # 14 days ahead
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_scan(actor=SCAN, on=date(2020, 12, 5))  # 10 days ahead
    assert len(mail.outbox) == 1


def test_a_lapsed_text_gives_no_new_deadlines_and_the_scan_says_why(recognised):
    """洛政办〔2018〕54号 第二十二条: 有效期至2020年12月31日."""
    alliance = recognised("luoyang-kjj", date(2019, 3, 1))
    run = deadlines_scan(actor=SCAN, on=date(2021, 3, 1))
    assert not Deadline.objects.filter(alliance=alliance).exists()
    [skipped] = run.skipped
    assert (skipped["alliance"], skipped["status"], skipped["article"]) == (alliance.pk, "lapsed", "第二十二条")
    assert "2020-12-31" in skipped["zh"]


def test_a_revoked_alliance_is_not_scanned(recognised, system_actor):
    from itisa.register.services import alliance_set_status

    alliance = recognised("kunming-kjj", date(2020, 3, 1))
    alliance_set_status(actor=system_actor, alliance=alliance, status="revoked", reason="test")
    run = deadlines_scan(actor=SCAN, on=date(2020, 12, 16))
    assert run.alliances == 0 and not Deadline.objects.exists()


def test_the_task_runs_the_same_scan(kunming):
    alliance, _, _ = kunming
    result = scan_deadlines.enqueue("2020-12-16")
    assert result.return_value["alliances"] == 1 and result.return_value["created"] == 2
    assert Deadline.objects.get(alliance=alliance, duty="annual_report").status == "overdue"


def test_the_command_refreshes_one_alliance_and_leaves_the_others(kunming, recognised, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management.base import CommandError

    alliance, lead, _ = kunming
    other = recognised("kunming-kjj", date(2020, 3, 1), name="昆明市生物医药产业技术创新战略联盟")
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("scan_deadlines", "--on", "2020-12-10", "--alliance", str(alliance.pk), stdout=out)
    assert alliance.name in out.getvalue()
    assert Deadline.objects.filter(alliance=alliance).exists()
    assert not Deadline.objects.filter(alliance=other).exists()
    assert [m.to for m in mail.outbox] == [[lead.email]]
    assert not ScanRun.objects.exists()  # one alliance is not a day's scan
    with pytest.raises(CommandError, match="no alliance"):
        call_command("scan_deadlines", "--alliance", "999999")
