"""The register's facts plus what supervision recorded (reports, grades, rectifications, findings,
major events) for the policy engine (policy/SCHEMA.md; docs/policy/facts.md). Data walks one way."""

from __future__ import annotations

from datetime import date
from typing import Any

from itisa.register.facts import alliance_facts, alliances_for_facts
from itisa.register.models import Alliance
from itisa.supervision.models import Finding, Grade, Rectification, Report
from itisa.workflow.facts import merge_procedure_facts


def _member_change_events(alliance: Alliance, since: date | None, on: date) -> list[dict[str, Any]]:
    """Joins and departures after recognition, from the register's membership history: each a major
    event (Luoyang 第八条(一), Henan 第十一条(五)). A change of role (one period closing the day the next
    opens, for the same organisation) is not a change of members."""
    if since is None:
        return []
    periods = list(alliance.memberships.all())
    starts = {(m.organisation_id, m.joined_on) for m in periods}
    ends = {(m.organisation_id, m.left_on) for m in periods if m.left_on}
    events = []
    for m in periods:
        if since < m.joined_on <= on and (m.organisation_id, m.joined_on) not in ends:
            events.append({"id": f"join{m.pk}", "kind": "major_event", "date": m.joined_on.isoformat(),
                           "change": "joined", "org": str(m.organisation_id)})
        if m.left_on and since < m.left_on <= on and (m.organisation_id, m.left_on) not in starts:
            events.append({"id": f"leave{m.pk}", "kind": "major_event", "date": m.left_on.isoformat(),
                           "change": "left", "org": str(m.organisation_id)})
    return events


def supervision_facts(alliance: Alliance, *, on: date) -> dict[str, Any]:
    """Facts as of *on*: nothing dated after it is a fact yet. A report that needs the recommender's
    endorsement counts from the day it was endorsed (it reaches the bureau then, Weinan 14)."""
    alliance = alliances_for_facts(Alliance.objects.filter(pk=alliance.pk)).get()
    facts = alliance_facts(alliance, on=on)
    since = min((r.from_date for r in alliance.level_history.all() if r.from_date <= on), default=None)
    reports = []
    events = _member_change_events(alliance, since, on)
    for r in Report.objects.filter(alliance=alliance, filed_on__lte=on).order_by("filed_on", "id"):
        counted = r.submitted_on
        if r.event_date is not None and r.event_date <= on:
            events.append({"id": f"report{r.pk}", "kind": "major_event", "date": r.event_date.isoformat(),
                           "event_kind": r.event_kind})
        if counted is None or counted > on:
            continue
        reports.append({"kind": r.kind, "year": r.year, "filed": counted.isoformat()})
    grades = [{"year": g.year, "grade": g.grade, "kind": g.kind, "date": g.graded_on.isoformat()}
              for g in Grade.objects.filter(alliance=alliance, graded_on__lte=on)]
    rectifications = []
    for rc in Rectification.objects.filter(alliance=alliance, ordered_on__lte=on).select_related("grade").order_by(
            "ordered_on", "id"):
        judged = rc.judged_on is not None and rc.judged_on <= on
        rectifications.append({"ordered": rc.ordered_on.isoformat(), "due": rc.due_on.isoformat(),
                               "result": rc.result if judged and rc.result != "pending" else None,
                               "year": rc.grade.year if rc.grade is not None else None})
    flags = sorted(set(facts["flags"]) | {f.kind for f in Finding.objects.filter(alliance=alliance, found_on__lte=on)})
    facts.update(reports=reports, grades=grades, rectifications=rectifications, events=events, flags=flags)
    return merge_procedure_facts(facts, alliance, on)
