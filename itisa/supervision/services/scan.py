"""The deadline scan: for every supervised alliance (and, before recognition, every alliance under
construction) the engine's deadlines under its governing text; for every alliance with a case waiting on a
call or a public notice running, those dates (itisa/supervision/procedure_deadlines.py). Stored per
(alliance, duty, period), with one e-mail per deadline, status and person. Idempotent: a second run on the
same day changes nothing and sends nothing."""

from __future__ import annotations

import operator
from datetime import date
from functools import partial, reduce
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from itisa.access import requires
from itisa.accounts.models import Role
from itisa.notices.models import NoticeStatus, PublicNotice
from itisa.register.models import Alliance, AllianceStatus
from itisa.supervision import mail
from itisa.supervision.facts_bulk import supervision_facts_of
from itisa.supervision.governing import governing
from itisa.supervision.models import Deadline, DeadlineStatus, Notification, ScanRun
from itisa.supervision.procedure_deadlines import KINDS as CASE_KINDS
from itisa.supervision.procedure_deadlines import case_deadlines_of
from itisa.supervision.scan_rows import Book, People
from itisa.supervision.services.common import SUPERVISED
from itisa.workflow.models import Case
from policy.api import deadlines, get_pack

#: the engine's deadline status → ours ("due_today" reads better as "due")
STATUS = {"upcoming": DeadlineStatus.UPCOMING, "due_today": DeadlineStatus.DUE, "overdue": DeadlineStatus.OVERDUE,
          "done": DeadlineStatus.DONE, "late": DeadlineStatus.LATE, "unscheduled": DeadlineStatus.UNSCHEDULED}
DEFAULT_REMINDER_DAYS = 30


def reminder_days() -> int:
    """How many days ahead an upcoming deadline is announced (``settings.SUPERVISION_REMINDER_DAYS``)."""
    return int(getattr(settings, "SUPERVISION_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))


def recipients(alliance: Alliance, row: Deadline, on: date, people: Any = mail.people) -> list[Any]:
    """Who hears of this deadline in its status: whoever must act (the lead unit for reports, the bureau
    for evaluations), ahead of time and on the day; the bureau's staff as well once it is overdue, and
    alone when it was done late. Nobody for done or undated duties. *people* is ``mail.people`` or the
    scan's index of the same answers read in one query (:class:`itisa.supervision.scan_rows.People`)."""
    acting = mail.ACTOR_ROLES.get(row.actor)
    roles: list[str] = []
    if row.status == DeadlineStatus.UPCOMING:
        if row.due_on is not None and (row.due_on - on).days <= reminder_days() and acting:
            roles = [acting]
    elif row.status == DeadlineStatus.DUE and acting:
        roles = [acting]
    elif row.status == DeadlineStatus.OVERDUE:
        roles = [r for r in (acting, Role.BUREAU_STAFF) if r]
    elif row.status == DeadlineStatus.LATE:
        roles = [Role.BUREAU_STAFF]
    found: dict[int, Any] = {}
    for role in dict.fromkeys(roles):
        for user in people(alliance, role):
            found.setdefault(user.pk, user)
    return list(found.values())


def _deliver(notice_ids: list[int], context: dict[str, Any]) -> None:
    """Claim each unsent notice (an atomic update, so two scans never both send it), send, and release the
    claim when sending failed: the next scan retries it."""
    for notice in Notification.objects.filter(pk__in=notice_ids, sent_at__isnull=True).select_related("recipient"):
        if not Notification.objects.filter(pk=notice.pk, sent_at__isnull=True).update(sent_at=timezone.now()):
            continue
        if not mail.send("deadline", context, [notice.recipient]):
            Notification.objects.filter(pk=notice.pk).update(sent_at=None)


#: Alliances the engine's duties are scanned for: under supervision, and (Henan 第九条) under construction.
ENGINE_SCANNED = (*SUPERVISED, AllianceStatus.CONSTRUCTING)


#: alliances per transaction in the scan: each batch costs the same few queries, whatever its size
BATCH = 250


def _refresh(alliances: list[Alliance], on: date, run: ScanRun | None) -> list[dict[str, Any]]:
    """The scan's work for a batch of alliances, in one transaction and a fixed number of queries: their
    supervision facts and case deadlines read in bulk, the engine per alliance, the stored rows compared in
    memory and only what changed written (``bulk_create``/``bulk_update``), then the notices."""
    ids = [a.pk for a in alliances]
    gov = {a.pk: governing(a, on) for a in alliances}
    engine = {a.pk: a.status in ENGINE_SCANNED for a in alliances}
    with transaction.atomic():
        locked = {a.pk: a for a in Alliance.objects.select_for_update().select_related("jurisdiction", "region")
                  .filter(pk__in=ids)}
        facts = supervision_facts_of([pk for pk in ids if engine[pk] and gov[pk].pack is not None], on=on)
        cases = case_deadlines_of(ids, on)
        book = Book(Deadline.objects.select_for_update().filter(alliance__in=ids), on)
        people = People(locked.values())
        voids = []
        for pk in ids:
            alliance, g = locked[pk], gov[pk]
            if pk in facts:
                assert g.pack is not None
                supervised = alliance.status in SUPERVISED
                for d in deadlines(g.pack, facts[pk], on).deadlines:
                    if d.kind == "period":
                        continue  # procedure periods: the notices' own rows below, from the notice as published
                    if not supervised and d.due is None:
                        continue  # before recognition only dated duties (the construction year) are followed
                    values = {"pack_id": g.pack.id, "kind": d.kind, "actor": d.actor, "label_zh": d.zh[:200],
                              "label_en": d.en[:200], "article": d.citation.article, "due_on": d.due,
                              "status": STATUS[d.status], "filed_on": d.filed, "note": d.note or ""}
                    row = book.put(pk, d.duty, d.period or "", values)
                    assert row is not None  # put creates the row when it is missing
                    book.tell(row, recipients(alliance, row, on, people), alliance, g.pack.doc)
            rows, void = cases.get(pk, ([], []))
            for cd in rows:
                values = {"pack_id": cd.pack_id, "kind": cd.kind, "actor": cd.actor, "label_zh": cd.zh,
                          "label_en": cd.en, "article": cd.article, "due_on": cd.due, "status": cd.status,
                          "filed_on": cd.filed, "note": cd.note}
                row = book.put(pk, cd.duty, cd.period, values, create=cd.create)
                if row is not None:
                    book.tell(row, recipients(alliance, row, on, people), alliance, get_pack(cd.pack_id).doc)
            voids += [Q(alliance_id=pk, duty=duty, period=period) for duty, period in void]
        book.write()
        if voids:
            Deadline.objects.filter(reduce(operator.or_, voids), kind__in=CASE_KINDS).delete()
        for notice_ids, context in book.notify():
            transaction.on_commit(partial(_deliver, notice_ids, context))
    out = []
    for a in alliances:
        created, changed, notices = book.counts(a.pk)
        if run is not None:
            run.deadlines_created += created
            run.deadlines_changed += changed
            run.notifications += notices
        g = gov[a.pk]
        if engine[a.pk] and g.pack is None:
            out.append({"alliance": a.pk, "name": a.name, "status": g.status, "zh": g.zh, "en": g.en,
                        "article": g.article})
        else:
            out.append({"alliance": a.pk, "status": "ok", "created": created, "changed": changed, "notices": notices})
    return out


@requires("supervision.scan")
def alliance_deadlines_refresh(*, actor: Any, alliance: Alliance, on: date, run: ScanRun | None = None) -> dict[str, Any]:
    """Store the engine's deadlines of one alliance as of *on*, and those of its cases (a call's closing day,
    a public notice's last day), and notify; or say why the engine gives none. The scan's own code, for a
    batch of one."""
    return _refresh([alliance], on, run)[0]


def _scanned_alliances() -> QuerySet[Alliance]:
    """Supervised and constructing alliances, and those whose cases wait on a call's closing day or run a
    public notice (or still have such a row open)."""
    on_call = Case.objects.filter(closed=False, call__closes_on__isnull=False).values("alliance_id")
    noticed = PublicNotice.objects.filter(status=NoticeStatus.PUBLISHED).values("case__alliance_id")
    open_rows = Deadline.objects.filter(kind__in=CASE_KINDS).exclude(
        status__in=(DeadlineStatus.DONE, DeadlineStatus.LATE)).values("alliance_id")
    return Alliance.objects.filter(Q(status__in=ENGINE_SCANNED) | Q(pk__in=on_call) | Q(pk__in=noticed)
                                   | Q(pk__in=open_rows))


@requires("supervision.scan")
def deadlines_scan(*, actor: Any, on: date, run: ScanRun | None = None) -> ScanRun:
    """Scan every supervised or constructing alliance, and every alliance with a case waiting on a call or a
    notice running, as of *on*. An alliance whose text is not in force on *on* gets no new duties; the run
    records the engine's reason. *run* is a run claimed beforehand (the worker's daily schedule)."""
    run = run if run is not None else ScanRun.objects.create(on=on)
    skipped = []
    scanned = list(_scanned_alliances().select_related("jurisdiction").order_by("pk"))
    for start in range(0, len(scanned), BATCH):
        for outcome in _refresh(scanned[start:start + BATCH], on, run):
            run.alliances += 1
            if outcome["status"] != "ok":
                skipped.append(outcome)
    run.skipped = skipped
    run.finished_at = timezone.now()
    run.save()
    return run
