"""The deadline scan: for every supervised alliance, the engine's deadlines under its governing text,
stored per (alliance, duty, period), and one e-mail per deadline, status and person. Idempotent: a
second run on the same day changes nothing and sends nothing."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from itisa.access import requires
from itisa.accounts.models import Role
from itisa.register.models import Alliance
from itisa.supervision import mail
from itisa.supervision.facts import supervision_facts
from itisa.supervision.governing import governing
from itisa.supervision.models import Deadline, DeadlineStatus, Notification, ScanRun
from itisa.supervision.services.common import SUPERVISED, lock
from policy.api import deadlines

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
        context = {"alliance": alliance, "deadline": row, "doc": doc,
                   "status_label": DeadlineStatus(row.status).label}
        transaction.on_commit(partial(_deliver, pending, context))
    return len(pending)


@requires("supervision.scan")
def alliance_deadlines_refresh(*, actor: Any, alliance: Alliance, on: date, run: ScanRun | None = None) -> dict[str, Any]:
    """Store the engine's deadlines of one alliance as of *on* and notify; or say why there are none."""
    g = governing(alliance, on)
    if g.pack is None:
        return {"alliance": alliance.pk, "name": alliance.name, "status": g.status, "zh": g.zh, "en": g.en,
                "article": g.article}
    created = changed = notices = 0
    with transaction.atomic():
        locked = lock(alliance)
        result = deadlines(g.pack, supervision_facts(locked, on=on), on)
        for d in result.deadlines:
            if d.kind == "period":
                continue  # procedure periods (the 7-day notice) belong to their procedure, not to supervision
            status = STATUS[d.status]
            values = {"pack_id": g.pack.id, "kind": d.kind, "actor": d.actor, "label_zh": d.zh[:200],
                      "label_en": d.en[:200], "article": d.citation.article, "due_on": d.due, "status": status,
                      "filed_on": d.filed, "note": d.note or ""}
            row = Deadline.objects.select_for_update().filter(alliance=locked, duty=d.duty,
                                                              period=d.period or "").first()
            if row is None:
                row = Deadline.objects.create(alliance=locked, duty=d.duty, period=d.period or "", status_since=on,
                                              last_scanned_on=on, **values)
                created += 1
            else:
                dirty = [k for k, v in values.items() if getattr(row, k) != v]
                for k in dirty:
                    setattr(row, k, values[k])
                if "status" in dirty:
                    row.status_since = on
                    dirty.append("status_since")
                row.last_scanned_on = on
                row.save(update_fields=[*dirty, "last_scanned_on"])
                changed += bool(dirty)
            notices += _notify(locked, row, on, g.pack.doc)
    if run is not None:
        run.deadlines_created += created
        run.deadlines_changed += changed
        run.notifications += notices
    return {"alliance": alliance.pk, "status": "ok", "created": created, "changed": changed, "notices": notices}


@requires("supervision.scan")
def deadlines_scan(*, actor: Any, on: date) -> ScanRun:
    """Scan every supervised alliance (recognised, warned, support withdrawn) as of *on*. An alliance
    whose text is not in force on *on* gets no new deadlines; the run records the engine's reason."""
    run = ScanRun.objects.create(on=on)
    skipped = []
    for alliance in Alliance.objects.filter(status__in=SUPERVISED).select_related("jurisdiction").order_by("pk"):
        outcome = alliance_deadlines_refresh(actor=actor, alliance=alliance, on=on, run=run)
        run.alliances += 1
        if outcome["status"] != "ok":
            skipped.append(outcome)
    run.skipped = skipped
    run.save()
    return run
