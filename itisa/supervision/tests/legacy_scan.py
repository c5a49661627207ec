"""The deadline scan AS IT WAS before the batch (commit 405d143), kept verbatim but for the access
decorators, only so that test_scan_batch.py can compare the two paths. Not used by the application.

The deadline scan: for every supervised alliance (and, before recognition, every alliance under
construction) the engine's deadlines under its governing text; for every alliance with a case waiting on a
call or a public notice running, those dates (itisa/supervision/procedure_deadlines.py). Stored per
(alliance, duty, period), with one e-mail per deadline, status and person. Idempotent: a second run on the
same day changes nothing and sends nothing."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation

from itisa.accounts.models import Role
from itisa.notices.models import NoticeStatus, PublicNotice
from itisa.register.models import Alliance, AllianceStatus
from itisa.supervision import mail
from itisa.supervision.facts import supervision_facts
from itisa.supervision.governing import governing
from itisa.supervision.models import Deadline, DeadlineStatus, Notification, ScanRun
from itisa.supervision.period_words import period_words
from itisa.supervision.procedure_deadlines import KINDS as CASE_KINDS
from itisa.supervision.procedure_deadlines import case_deadlines
from itisa.supervision.services.common import SUPERVISED, lock
from itisa.workflow.models import Case
from policy.api import deadlines, get_pack

#: the engine's deadline status → ours ("due_today" reads better as "due")
STATUS = {"upcoming": DeadlineStatus.UPCOMING, "due_today": DeadlineStatus.DUE, "overdue": DeadlineStatus.OVERDUE,
          "done": DeadlineStatus.DONE, "late": DeadlineStatus.LATE, "unscheduled": DeadlineStatus.UNSCHEDULED}
DEFAULT_REMINDER_DAYS = 30


def reminder_days() -> int:
    """How many days ahead an upcoming deadline is announced (``settings.SUPERVISION_REMINDER_DAYS``)."""
    return int(getattr(settings, "SUPERVISION_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))


def recipients(alliance: Alliance, row: Deadline, on: date) -> list[Any]:
    """Who hears of this deadline in its status: whoever must act (the lead unit for reports, the bureau
    for evaluations), ahead of time and on the day; the bureau's staff as well once it is overdue, and
    alone when it was done late. Nobody for done or undated duties."""
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
    people: dict[int, Any] = {}
    for role in dict.fromkeys(roles):
        for user in mail.people(alliance, role):
            people.setdefault(user.pk, user)
    return list(people.values())


def _deliver(notice_ids: list[int], context: dict[str, Any]) -> None:
    """Claim each unsent notice (an atomic update, so two scans never both send it), send, and release the
    claim when sending failed: the next scan retries it."""
    for notice in Notification.objects.filter(pk__in=notice_ids, sent_at__isnull=True).select_related("recipient"):
        if not Notification.objects.filter(pk=notice.pk, sent_at__isnull=True).update(sent_at=timezone.now()):
            continue
        if not mail.send("deadline", context, [notice.recipient]):
            Notification.objects.filter(pk=notice.pk).update(sent_at=None)


def _notify(alliance: Alliance, row: Deadline, on: date, doc: str) -> int:
    """Log one notice per (deadline, status, person) and send the unsent ones after commit."""
    pending = []
    for user in recipients(alliance, row, on):
        notice, created = Notification.objects.get_or_create(deadline=row, status=row.status, recipient=user,
                                                             defaults={"email": user.email})
        if created or notice.sent_at is None:  # an earlier send that failed is retried
            pending.append(notice.pk)
    if pending:
        with translation.override(settings.LANGUAGE_CODE):  # the language the e-mail is written in
            period = period_words([row.period])[row.period]
        context = {"alliance": alliance, "deadline": row, "doc": doc, "period": period,
                   "status_label": DeadlineStatus(row.status).label}
        transaction.on_commit(partial(_deliver, pending, context))
    return len(pending)


#: Alliances the engine's duties are scanned for: under supervision, and (Henan 第九条) under construction.
ENGINE_SCANNED = (*SUPERVISED, AllianceStatus.CONSTRUCTING)


def _store(locked: Alliance, duty: str, period: str, values: dict[str, Any], on: date, *,
           create: bool = True) -> tuple[Deadline | None, int, int]:
    """Insert or bring up to date the row of (alliance, duty, period): (row, created, changed)."""
    row = Deadline.objects.select_for_update().filter(alliance=locked, duty=duty, period=period).first()
    if row is None:
        if not create:
            return None, 0, 0
        return Deadline.objects.create(alliance=locked, duty=duty, period=period, status_since=on,
                                       last_scanned_on=on, **values), 1, 0
    dirty = [k for k, v in values.items() if getattr(row, k) != v]
    for k in dirty:
        setattr(row, k, values[k])
    if "status" in dirty:
        row.status_since = on
        dirty.append("status_since")
    row.last_scanned_on = on
    row.save(update_fields=[*dirty, "last_scanned_on"])
    return row, 0, int(bool(dirty))


def alliance_deadlines_refresh(*, actor: Any, alliance: Alliance, on: date, run: ScanRun | None = None) -> dict[str, Any]:
    """Store the engine's deadlines of one alliance as of *on*, and those of its cases (a call's closing day,
    a public notice's last day), and notify; or say why the engine gives none."""
    g = governing(alliance, on)
    engine = alliance.status in ENGINE_SCANNED
    created = changed = notices = 0
    with transaction.atomic():
        locked = lock(alliance)
        if engine and g.pack is not None:
            supervised = locked.status in SUPERVISED
            result = deadlines(g.pack, supervision_facts(locked, on=on), on)
            for d in result.deadlines:
                if d.kind == "period":
                    continue  # procedure periods: the notices' own rows below, from the notice as published
                if not supervised and d.due is None:
                    continue  # before recognition only dated duties (the construction year) are followed
                values = {"pack_id": g.pack.id, "kind": d.kind, "actor": d.actor, "label_zh": d.zh[:200],
                          "label_en": d.en[:200], "article": d.citation.article, "due_on": d.due,
                          "status": STATUS[d.status], "filed_on": d.filed, "note": d.note or ""}
                row, c, ch = _store(locked, d.duty, d.period or "", values, on)
                created, changed = created + c, changed + ch
                assert row is not None
                notices += _notify(locked, row, on, g.pack.doc)
        rows, void = case_deadlines(locked, on)
        for cd in rows:
            values = {"pack_id": cd.pack_id, "kind": cd.kind, "actor": cd.actor, "label_zh": cd.zh,
                      "label_en": cd.en, "article": cd.article, "due_on": cd.due, "status": cd.status,
                      "filed_on": cd.filed, "note": cd.note}
            row, c, ch = _store(locked, cd.duty, cd.period, values, on, create=cd.create)
            created, changed = created + c, changed + ch
            if row is not None:
                notices += _notify(locked, row, on, get_pack(cd.pack_id).doc)
        for duty, period in void:
            Deadline.objects.filter(alliance=locked, duty=duty, period=period, kind__in=CASE_KINDS).delete()
    if run is not None:
        run.deadlines_created += created
        run.deadlines_changed += changed
        run.notifications += notices
    if engine and g.pack is None:
        return {"alliance": alliance.pk, "name": alliance.name, "status": g.status, "zh": g.zh, "en": g.en,
                "article": g.article}
    return {"alliance": alliance.pk, "status": "ok", "created": created, "changed": changed, "notices": notices}


def _scanned_alliances() -> QuerySet[Alliance]:
    """Supervised and constructing alliances, and those whose cases wait on a call's closing day or run a
    public notice (or still have such a row open)."""
    on_call = Case.objects.filter(closed=False, call__closes_on__isnull=False).values("alliance_id")
    noticed = PublicNotice.objects.filter(status=NoticeStatus.PUBLISHED).values("case__alliance_id")
    open_rows = Deadline.objects.filter(kind__in=CASE_KINDS).exclude(
        status__in=(DeadlineStatus.DONE, DeadlineStatus.LATE)).values("alliance_id")
    return Alliance.objects.filter(Q(status__in=ENGINE_SCANNED) | Q(pk__in=on_call) | Q(pk__in=noticed)
                                   | Q(pk__in=open_rows))


def deadlines_scan(*, actor: Any, on: date, run: ScanRun | None = None) -> ScanRun:
    """Scan every supervised or constructing alliance, and every alliance with a case waiting on a call or a
    notice running, as of *on*. An alliance whose text is not in force on *on* gets no new duties; the run
    records the engine's reason. *run* is a run claimed beforehand (the worker's daily schedule)."""
    run = run if run is not None else ScanRun.objects.create(on=on)
    skipped = []
    for alliance in _scanned_alliances().select_related("jurisdiction").order_by("pk"):
        outcome = alliance_deadlines_refresh(actor=actor, alliance=alliance, on=on, run=run)
        run.alliances += 1
        if outcome["status"] != "ok":
            skipped.append(outcome)
    run.skipped = skipped
    run.finished_at = timezone.now()
    run.save()
    return run
