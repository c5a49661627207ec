"""The supervision facts of many alliances at once, for the daily deadline scan: the register's columns
(:func:`itisa.register.facts_bulk.facts_of_alliances`) plus reports, grades, rectifications, findings,
membership changes and what the cases produced, each table read once with ``values_list`` for every
alliance. Equal to :func:`itisa.supervision.facts.supervision_facts` alliance by alliance (a test compares
the scan's two paths); one alliance's facts cost ~10 queries, a batch of any size the same ~10."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from itisa.register.facts_bulk import facts_of_alliances
from itisa.register.models import Alliance, Membership
from itisa.supervision.models import Finding, Grade, Rectification, Report
from itisa.workflow.facts import merge_procedure_made, procedure_facts_of


def _member_events(ids: Any, since: dict[int, date], on: date) -> dict[int, list[dict[str, Any]]]:
    """As :func:`itisa.supervision.facts._member_change_events`, for every alliance with a level."""
    periods: dict[int, list[tuple[int, int, date, date | None]]] = defaultdict(list)
    for aid, pk, org, joined, left in (Membership.objects.filter(alliance__in=ids).order_by("alliance", "joined_on", "id")
                                       .values_list("alliance_id", "pk", "organisation_id", "joined_on", "left_on")):
        periods[aid].append((pk, org, joined, left))
    out: dict[int, list[dict[str, Any]]] = {}
    for aid, start in since.items():
        rows = periods.get(aid, [])
        starts = {(org, joined) for _, org, joined, _ in rows}
        ends = {(org, left) for _, org, _, left in rows if left}
        events = []
        for pk, org, joined, left in rows:
            if start < joined <= on and (org, joined) not in ends:
                events.append({"id": f"join{pk}", "kind": "major_event", "date": joined.isoformat(),
                               "change": "joined", "org": str(org)})
            if left and start < left <= on and (org, left) not in starts:
                events.append({"id": f"leave{pk}", "kind": "major_event", "date": left.isoformat(),
                               "change": "left", "org": str(org)})
        out[aid] = events
    return out


def supervision_facts_of(alliance_ids: list[int], *, on: date) -> dict[int, dict[str, Any]]:
    """``{pk: supervision_facts(alliance, on=on)}`` for every alliance of *alliance_ids*."""
    ids = list(alliance_ids)
    register = facts_of_alliances(Alliance.objects.filter(pk__in=ids), on=on)
    # the first level's day (levels are already cut at *on*): membership changes after it are major events
    since = {int(f["id"]): date.fromisoformat(min(lv["since"] for lv in f["levels"])) for f in register if f["levels"]}
    events = _member_events(ids, since, on)
    reports: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for pk, aid, kind, year, filed, endorse, endorsed, event_date, event_kind in (
            Report.objects.filter(alliance__in=ids, filed_on__lte=on).order_by("alliance", "filed_on", "id")
            .values_list("pk", "alliance_id", "kind", "year", "filed_on", "endorsement_required", "endorsed_on",
                         "event_date", "event_kind")):
        counted = endorsed if endorse else filed  # Report.submitted_on
        if event_date is not None and event_date <= on:
            events.setdefault(aid, []).append({"id": f"report{pk}", "kind": "major_event",
                                               "date": event_date.isoformat(), "event_kind": event_kind})
        if counted is not None and counted <= on:
            reports[aid].append({"kind": kind, "year": year, "filed": counted.isoformat()})
    grades: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for aid, year, grade, kind, graded_on in (
            Grade.objects.filter(alliance__in=ids, graded_on__lte=on).order_by("alliance", "kind", "year")
            .values_list("alliance_id", "year", "grade", "kind", "graded_on")):
        grades[aid].append({"year": year, "grade": grade, "kind": kind, "date": graded_on.isoformat()})
    rectifications: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for aid, ordered, due, judged_on, result, year in (
            Rectification.objects.filter(alliance__in=ids, ordered_on__lte=on).order_by("alliance", "ordered_on", "id")
            .values_list("alliance_id", "ordered_on", "due_on", "judged_on", "result", "grade__year")):
        judged = judged_on is not None and judged_on <= on
        rectifications[aid].append({"ordered": ordered.isoformat(), "due": due.isoformat(),
                                    "result": result if judged and result != "pending" else None, "year": year})
    findings: dict[int, set[str]] = defaultdict(set)
    for aid, kind in Finding.objects.filter(alliance__in=ids, found_on__lte=on).values_list("alliance_id", "kind"):
        findings[aid].add(kind)
    made = procedure_facts_of(ids, on)
    out = {}
    for facts in register:
        aid = int(facts["id"])
        facts.update(reports=reports.get(aid, []), grades=grades.get(aid, []),
                     rectifications=rectifications.get(aid, []), events=events.get(aid, []),
                     flags=sorted(set(facts["flags"]) | findings.get(aid, set())))
        out[aid] = merge_procedure_made(facts, made.get(aid) or {"objections": [], "events": [], "recommendations": {}})
    return out
