"""A deadline's period in words. The engine names the period of a major-event duty by the event's id in the
facts (``join7``, ``leave7``, ``report1``: supervision/facts.py) and a rectification by its rank
(``rectification-1``); people read the member and the date, or the report's date, instead. Read in bulk: one
query per kind of id for a whole page, never one per row."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from itisa.register.models import Membership
from itisa.supervision.models import Report

_ID = re.compile(r"^(join|leave|report)(\d{1,18})$")
_RECTIFICATION = re.compile(r"^rectification-(\d{1,4})$")


def period_words(periods: Iterable[Any]) -> dict[str, str]:
    """period → its words, for every period given (those already in words map to themselves)."""
    wanted = {str(p or "") for p in periods}
    ids: dict[str, set[int]] = {"join": set(), "leave": set(), "report": set()}
    for p in wanted:
        if m := _ID.match(p):
            ids[m.group(1)].add(int(m.group(2)))
    members = {m.pk: m for m in Membership.objects.filter(pk__in=ids["join"] | ids["leave"])
               .select_related("organisation").only("joined_on", "left_on", "organisation__name")} \
        if ids["join"] or ids["leave"] else {}
    reports = {r.pk: r for r in Report.objects.filter(pk__in=ids["report"]).only("event_kind", "event_date")} \
        if ids["report"] else {}
    return {p: _words(p, members, reports) for p in wanted}


def _words(period: str, members: dict[int, Membership], reports: dict[int, Report]) -> str:
    if m := _ID.match(period):
        kind, pk = m.group(1), int(m.group(2))
        if kind == "report":
            r = reports.get(pk)
            if r is None:
                return _("Major-event report")
            what = r.get_event_kind_display() if r.event_kind else _("Major-event report")
            return _("Major-event report: %(what)s (%(day)s)") % {"what": what, "day": r.event_date}
        ms = members.get(pk)
        if ms is None:
            return _("Change of members")
        if kind == "join":
            return _("Change of members: %(org)s (joined %(day)s)") % {"org": ms.organisation.name,
                                                                       "day": ms.joined_on}
        return _("Change of members: %(org)s (left %(day)s)") % {"org": ms.organisation.name, "day": ms.left_on}
    if m := _RECTIFICATION.match(period):
        return _("Rectification no. %(n)s") % {"n": m.group(1)}
    return period


def with_period_words(rows: list[Any]) -> list[Any]:
    """The (Deadline) rows, each given ``period_words`` (one bulk read for all of them)."""
    words = period_words(r.period for r in rows)
    for r in rows:
        r.period_words = words[str(r.period or "")]
    return rows
