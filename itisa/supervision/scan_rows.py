"""The deadline scan's bookkeeping for a batch of alliances (services/scan.py): the stored Deadline rows
read in one query and compared in memory, only new and changed rows written back in bulk; who is told,
from one read of the role assignments; the notices logged in bulk. Called only from the scan's service."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import translation

from itisa.accounts.models import Role, RoleAssignment
from itisa.register.models import Alliance
from itisa.supervision.models import Deadline, DeadlineStatus, Notification
from itisa.supervision.period_words import period_words

#: what the scan writes on a row besides its key
FIELDS = ("pack_id", "kind", "actor", "label_zh", "label_en", "article", "due_on", "status", "filed_on", "note")


class People:
    """``mail.people(alliance, role)`` for a batch of alliances, from one query: the active users with an
    e-mail address holding the role for the alliance (lead unit) or its jurisdiction (staff)."""

    def __init__(self, alliances: Iterable[Alliance]):
        alliances = list(alliances)
        by_alliance: dict[int, dict[int, Any]] = defaultdict(dict)
        by_jurisdiction: dict[tuple[str, int], dict[int, Any]] = defaultdict(dict)
        qs = (RoleAssignment.objects.filter(active=True, user__is_active=True).exclude(user__email="")
              .select_related("user").order_by("user_id"))
        lead = qs.filter(role=Role.LEAD_UNIT, alliance__in=[a.pk for a in alliances])
        staff = qs.exclude(role=Role.LEAD_UNIT).filter(jurisdiction__in={a.jurisdiction_id for a in alliances})
        for a in (lead | staff).order_by("user_id"):
            if a.role == Role.LEAD_UNIT and a.alliance_id is not None:
                by_alliance[a.alliance_id].setdefault(a.user_id, a.user)
            elif a.role != Role.LEAD_UNIT and a.jurisdiction_id is not None:
                by_jurisdiction[(a.role, a.jurisdiction_id)].setdefault(a.user_id, a.user)
        self._lead, self._staff = by_alliance, by_jurisdiction

    def __call__(self, alliance: Alliance, role: str) -> list[Any]:
        if role == Role.LEAD_UNIT:
            return list(self._lead.get(alliance.pk, {}).values())
        return list(self._staff.get((role, alliance.jurisdiction_id), {}).values())


class Book:
    """The batch's Deadline rows by (alliance, duty, period): :meth:`put` brings one up to date in memory
    (as the per-row ``select_for_update`` + save did), :meth:`write` stores the new and changed ones."""

    def __init__(self, stored: Iterable[Deadline], on: date):
        self.on = on
        self.rows = {(r.alliance_id, r.duty, r.period): r for r in stored}
        self.new: list[Deadline] = []
        self.dirty: dict[tuple[int, str, str], Deadline] = {}
        self.seen: set[int] = set()
        self._counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
        self._tell: list[tuple[Deadline, str, list[Any], Alliance, str]] = []

    def put(self, alliance_id: int, duty: str, period: str, values: dict[str, Any], *,
            create: bool = True) -> Deadline | None:
        key = (alliance_id, duty, period)
        row = self.rows.get(key)
        if row is None:
            if not create:
                return None
            row = Deadline(alliance_id=alliance_id, duty=duty, period=period, status_since=self.on,
                           last_scanned_on=self.on, **values)
            self.rows[key] = row
            self.new.append(row)
            self._counts[alliance_id][0] += 1
            return row
        dirty = [k for k, v in values.items() if getattr(row, k) != v]
        for k in dirty:
            setattr(row, k, values[k])
        if "status" in dirty:
            row.status_since = self.on
        if row.pk is not None and dirty:
            self.dirty[key] = row
        elif row.pk is not None and row.last_scanned_on != self.on:
            self.seen.add(row.pk)  # unchanged: only the day it was last scanned moves
        row.last_scanned_on = self.on
        self._counts[alliance_id][1] += int(bool(dirty))
        return row

    def tell(self, row: Deadline, people: list[Any], alliance: Alliance, doc: str) -> None:
        """Remember who is to hear of *row* in its present status."""
        if people:
            self._tell.append((row, row.status, people, alliance, doc))

    def write(self) -> None:
        if self.new:
            Deadline.objects.bulk_create(self.new, batch_size=500)
        if self.dirty:
            Deadline.objects.bulk_update(list(self.dirty.values()), [*FIELDS, "status_since", "last_scanned_on"],
                                         batch_size=500)
        self.seen -= {row.pk for row in self.dirty.values()}
        if self.seen:  # the daily case, most rows: one UPDATE, not a CASE per field and row
            Deadline.objects.filter(pk__in=sorted(self.seen)).update(last_scanned_on=self.on)

    def notify(self) -> Iterator[tuple[list[int], dict[str, Any]]]:
        """Log one notice per (deadline, status, person), in bulk; yield (unsent notice ids, e-mail context)
        per deadline told, for sending after commit. Rows deleted since (void case rows) are skipped."""
        if not self._tell:
            return
        ids = {row.alliance_id for row, *_ in self._tell}
        live = set(Deadline.objects.filter(alliance__in=ids).values_list("pk", flat=True))
        known: dict[tuple[int, str, int], tuple[Any, Any]] = {(d, s, u): (pk, sent) for pk, d, s, u, sent in Notification.objects.filter(
            deadline__alliance__in=ids).values_list("pk", "deadline_id", "status", "recipient_id", "sent_at")}
        made: list[Notification] = []
        plan: list[tuple[list[Any], dict[str, Any]]] = []
        for row, status, people, alliance, doc in self._tell:
            if row.pk not in live:
                continue
            pending: list[Any] = []
            for user in people:
                found = known.get((row.pk, str(status), user.pk))
                if found is None:
                    notice = Notification(deadline=row, status=status, recipient=user, email=user.email)
                    made.append(notice)
                    known[(row.pk, str(status), user.pk)] = (notice, None)
                    pending.append(notice)
                elif found[1] is None:  # an earlier send that failed is retried
                    pending.append(found[0])
            if pending:
                self._counts[row.alliance_id][2] += len(pending)
                plan.append((pending, {"alliance": alliance, "deadline": row, "doc": doc,
                                       "status_label": DeadlineStatus(status).label}))
        if made:
            Notification.objects.bulk_create(made, batch_size=500)
        with translation.override(settings.LANGUAGE_CODE):  # the language the e-mails are written in
            words = period_words([context["deadline"].period for _, context in plan])
        for pending, context in plan:
            context["period"] = words[context["deadline"].period]
            yield [n if isinstance(n, int) else n.pk for n in pending], context

    def counts(self, alliance_id: int) -> tuple[int, int, int]:
        """(rows created, rows changed, notices to send) for one alliance."""
        created, changed, notices = self._counts.get(alliance_id, (0, 0, 0))
        return created, changed, notices
