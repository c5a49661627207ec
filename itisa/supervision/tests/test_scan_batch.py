"""The batch scan (services/scan.py) against the per-alliance scan it replaced (legacy_scan.py, verbatim): on
one world — five texts, reports on time, late and missing, an endorsed report, a grade with its rectification,
a finding, major events (a member joining, a reported event), a call's closing day — the same Deadline rows,
notices, e-mails and run counts, day after day; and a query count that does not grow with the alliances."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.db import transaction

from itisa.register.models import Alliance
from itisa.supervision.models import Deadline, Finding, Notification, Report, ScanRun
from itisa.supervision.services import alliance_deadlines_refresh, deadlines_scan, grade_record
from itisa.supervision.tasks import SCAN
from itisa.supervision.tests import legacy_scan
from itisa.workflow.services import call_create, case_open

pytestmark = pytest.mark.django_db

DAYS = [date(2015, 4, 10), date(2015, 5, 1), date(2019, 12, 20), date(2020, 6, 21), date(2020, 11, 30),
        date(2020, 12, 10), date(2020, 12, 15), date(2020, 12, 16), date(2020, 12, 16), date(2021, 3, 2),
        date(2021, 12, 20), date(2022, 3, 1)]


def _report(alliance: Alliance, kind: str, year: int | None, filed: date, **fields) -> Report:
    return Report.objects.create(alliance=alliance, kind=kind, year=year, pack_id="x", duty=kind, filed_on=filed,
                                 **fields)


@pytest.fixture
def world(recognised, lead_of, staff_of, person, make_alliance, make_org, jurisdiction, system_actor):
    from itisa.register.services import membership_add

    for juris in ("luoyang-kjj", "henan-kjt", "weinan-kjj", "jiangning-kjj", "kunming-kjj"):
        staff_of(juris)
    made = {}
    for juris, since in (("luoyang-kjj", date(2018, 9, 1)), ("henan-kjt", date(2019, 3, 1)),
                         ("weinan-kjj", date(2019, 3, 1)), ("jiangning-kjj", date(2019, 3, 1)),
                         ("kunming-kjj", date(2020, 3, 1))):
        for n in range(2):
            alliance = recognised(juris, since, name=f"{juris}联盟{n}")
            lead_of(alliance)
            made[(juris, n)] = alliance
    _report(made[("kunming-kjj", 0)], "annual_report", 2020, date(2020, 12, 10))  # on time
    _report(made[("kunming-kjj", 1)], "annual_report", 2020, date(2020, 12, 20))  # late
    _report(made[("weinan-kjj", 0)], "annual_report", 2020, date(2020, 11, 20), endorsement_required=True,
            endorsed_on=date(2020, 11, 28))
    _report(made[("weinan-kjj", 1)], "annual_report", 2020, date(2020, 11, 20), endorsement_required=True)
    _report(made[("henan-kjt", 0)], "major_event", None, date(2020, 6, 1), event_kind="rules",
            event_date=date(2020, 5, 20))
    membership_add(actor=system_actor, alliance=made[("henan-kjt", 1)], organisation=make_org("新成员", region="410311"),
                   joined_on=date(2020, 4, 1))
    grade_record(actor=staff_of("luoyang-kjj", "grader"), alliance=made[("luoyang-kjj", 0)], year=2019, grade="fail",
                 on=date(2019, 11, 30), rectification_months=6)
    Finding.objects.create(alliance=made[("jiangning-kjj", 1)], kind=Finding._meta.get_field("kind").choices[0][0],
                           found_on=date(2020, 7, 1), description="检查发现")
    hn = jurisdiction("henan-kjt")
    call = call_create(actor=person("hn_caller", role="bureau_staff", jurisdiction=hn), jurisdiction=hn, year=2015,
                       title="2015年公开征集", opens_on=date(2015, 3, 2), closes_on=date(2015, 4, 30))
    draft = make_alliance("河南申报联盟", juris="henan-kjt", lead=make_org("河南申报牵头单位", region="410311"),
                          founded_on=date(2014, 9, 1))
    case_open(actor=person("hn_lead", role="lead_unit", alliance=draft), alliance=draft, call=call, on=date(2015, 3, 10))
    return made


def _snapshot() -> tuple:
    key = ("alliance_id", "duty", "period")
    rows = list(Deadline.objects.order_by(*key).values_list(
        *key, "pack_id", "kind", "actor", "label_zh", "label_en", "article", "due_on", "status", "filed_on", "note",
        "status_since", "last_scanned_on"))
    notices = sorted((*n[:-1], n[-1] is None) for n in Notification.objects.values_list(
        "deadline__alliance_id", "deadline__duty", "deadline__period", "status", "recipient_id", "email", "sent_at"))
    return rows, notices


def _run(scan, capture) -> list:
    """Every day's rows, notices, e-mails and run counts; the database is rolled back afterwards."""
    seen = []
    sid = transaction.savepoint()
    for day in DAYS:
        with capture(execute=True):
            run = scan(day)
        seen.append((day, _snapshot(), [(m.to, m.subject, m.body) for m in mail.outbox],
                     (run.alliances, run.deadlines_created, run.deadlines_changed, run.notifications, run.skipped)))
        mail.outbox.clear()
    transaction.savepoint_rollback(sid)
    return seen


def test_the_batch_scan_stores_and_sends_what_the_per_alliance_scan_did(world, django_capture_on_commit_callbacks):
    old = _run(lambda day: legacy_scan.deadlines_scan(actor=SCAN, on=day), django_capture_on_commit_callbacks)
    assert not Deadline.objects.exists()
    new = _run(lambda day: deadlines_scan(actor=SCAN, on=day), django_capture_on_commit_callbacks)
    for before, after in zip(old, new, strict=True):
        assert after == before, before[0]
    # the world is not trivial: every status, major events, e-mails to several people
    statuses = {r[10] for _, (rows, _), _, _ in new for r in rows}
    assert {"upcoming", "due", "overdue", "done", "late"} <= statuses
    assert sum(len(m) for _, _, m, _ in new) >= 10


def test_a_single_alliance_refresh_stores_what_the_scan_stores(world, django_capture_on_commit_callbacks):
    alliance = world[("kunming-kjj", 1)]
    day = date(2020, 12, 16)
    with django_capture_on_commit_callbacks(execute=True):
        legacy_scan.alliance_deadlines_refresh(actor=SCAN, alliance=alliance, on=day)
    before, sent = _snapshot(), [(m.to, m.subject, m.body) for m in mail.outbox]
    Deadline.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        out = alliance_deadlines_refresh(actor=SCAN, alliance=alliance, on=day)
    assert out["status"] == "ok" and out["created"] == len(before[0]) > 0
    assert _snapshot() == before and [(m.to, m.subject, m.body) for m in mail.outbox] == sent


@pytest.mark.parametrize("count", [5, 25])
def test_the_scans_queries_do_not_grow_with_the_alliances(count, recognised, lead_of, staff_of,
                                                          django_assert_max_num_queries,
                                                          django_capture_on_commit_callbacks):
    """The e-mails are sent after commit (outside the count): one claim and send per notice, as before."""
    staff_of("kunming-kjj")
    for n in range(count):
        lead_of(recognised("kunming-kjj", date(2020, 3, 1), name=f"昆明联盟{n}"))
    with django_capture_on_commit_callbacks(execute=True), django_assert_max_num_queries(30):
        run = deadlines_scan(actor=SCAN, on=date(2020, 12, 16))  # each alliance: two rows, one overdue: two notices
    assert run.alliances == count and run.deadlines_created == 2 * count and run.notifications == 2 * count
    assert len(mail.outbox) == 2 * count
    with django_capture_on_commit_callbacks(execute=True), django_assert_max_num_queries(30):
        run = deadlines_scan(actor=SCAN, on=date(2020, 12, 17))  # nothing changes
    assert (run.deadlines_created, run.deadlines_changed, run.notifications) == (0, 0, 0)
    assert len(mail.outbox) == 2 * count and ScanRun.objects.count() == 2


@pytest.mark.parametrize("day", [date(2020, 6, 21), date(2021, 3, 2), date(2022, 3, 1)])
def test_the_bulk_facts_are_each_alliances_facts(world, day):
    """supervision_facts_of reads, for all alliances at once, what supervision_facts reads for one."""
    from itisa.supervision.facts import supervision_facts
    from itisa.supervision.facts_bulk import supervision_facts_of

    alliances = list(Alliance.objects.order_by("pk"))
    bulk = supervision_facts_of([a.pk for a in alliances], on=day)
    assert [bulk[a.pk] for a in alliances] == [supervision_facts(a, on=day) for a in alliances]
    assert any(f["events"] for f in bulk.values()) and any(f["grades"] for f in bulk.values())
