"""What an alliance's cases produced, as engine facts (docs/policy/facts.md): objections to its public notices,
the approval of its construction (Henan 第九条, read by conditions with ``once: construction_approved``) and the
recommendations the packs' ``produces`` rows make (the ``recommended_by`` of a later level, Kunming 第十二条).

Merged into the register's facts by the bridges (itisa/supervision/facts.py, the workflow's eligibility check),
so that the policy API alone answers "not recognisable while an objection is open".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from itisa.workflow.models import CaseTransition
from policy.api import procedure

#: Moves that are dated events of the facts: the approval of construction starts Henan's construction year
#: (第九条, the duty ``construction`` and the conditions with ``once: construction_approved``), and the
#: application for acceptance is what closes that duty (第十条, its ``done_by``).
EVENTS = {"approve_construction": "construction_approved", "apply_for_acceptance": "acceptance_application"}


def _produces(pack_id: str, proc_id: str, move: CaseTransition) -> dict[str, str] | None:
    try:
        rows = procedure(pack_id, proc_id)["transitions"]
    except KeyError:
        return None
    for t in rows:
        if (t["from"], t["to"], t["action"], t["role"]) == (move.from_state, move.to_state, move.action, move.role):
            return t.get("produces")
    return None


def produced(move: CaseTransition) -> dict[str, str] | None:
    """What one move of a case produced (its row's ``produces``), e.g. {recommended_by: city_bureau, level: provincial}."""
    if move.case.procedure_id == "recognition":
        return None
    return _produces(move.case.pack_id, move.case.procedure_id, move)


def procedure_facts(alliance: Any, on: date) -> dict[str, Any]:
    """``objections``, ``events`` (construction_approved, acceptance_application) and ``recommendations`` ({level: (by, day)}) as of
    *on*: nothing dated after it. Objections of a notice withdrawn (the case sent back to review) are spent."""
    from itisa.notices.models import NoticeStatus, Objection, ObjectionStatus

    objections = []
    for o in (
        Objection.objects.filter(notice__case__alliance=alliance)
        .exclude(notice__status=NoticeStatus.WITHDRAWN)
        .select_related("notice")
    ):
        raised = o.received_at.date()
        if raised > on:
            continue
        resolved = o.resolved_on or (o.resolved_at.date() if o.resolved_at else None)
        settled = o.status != ObjectionStatus.PENDING and resolved is not None and resolved <= on
        objections.append(
            {
                "raised": raised.isoformat(),
                "notice": str(o.notice_id),
                "resolved": resolved.isoformat() if settled and resolved else None,
                "result": o.status if settled else None,
            }
        )
    events = []
    recommendations: dict[str, tuple[str, date]] = {}
    moves = CaseTransition.objects.filter(case__alliance=alliance, on__lte=on).select_related("case").order_by("on")
    for m in moves:
        event = EVENTS.get(m.action)
        if event is not None:
            # the id is the period a deadline running from the event is stored and shown under: its day
            events.append({"id": m.on.isoformat(), "kind": event, "date": m.on.isoformat()})
        made = _produces(m.case.pack_id, m.case.procedure_id, m) if m.case.procedure_id != "recognition" else None
        if made:
            recommendations[made["level"]] = (made["recommended_by"], m.on)
    return {"objections": objections, "events": events, "recommendations": recommendations}


def merge_procedure_facts(facts: dict[str, Any], alliance: Any, on: date) -> dict[str, Any]:
    """The register's (or supervision's) facts with what the cases produced merged in."""
    return merge_procedure_made(facts, procedure_facts(alliance, on))


def procedure_facts_of(alliance_ids: Any, on: date) -> dict[int, dict[str, Any]]:
    """:func:`procedure_facts` for many alliances in two ``values_list`` reads (the deadline scan's batch);
    an alliance without cases is absent (its facts are empty)."""
    from types import SimpleNamespace

    from itisa.notices.models import NoticeStatus, Objection, ObjectionStatus

    out: dict[int, dict[str, Any]] = {}

    def of(aid: int) -> dict[str, Any]:
        return out.setdefault(aid, {"objections": [], "events": [], "recommendations": {}})

    rows = (Objection.objects.filter(notice__case__alliance__in=alliance_ids)
            .exclude(notice__status=NoticeStatus.WITHDRAWN).order_by("notice", "received_at")
            .values_list("notice__case__alliance_id", "notice_id", "received_at", "resolved_on", "resolved_at", "status"))
    for aid, notice, received_at, resolved_on, resolved_at, status in rows:
        raised = received_at.date()
        if raised > on:
            continue
        resolved = resolved_on or (resolved_at.date() if resolved_at else None)
        settled = status != ObjectionStatus.PENDING and resolved is not None and resolved <= on
        of(aid)["objections"].append({"raised": raised.isoformat(), "notice": str(notice),
                                      "resolved": resolved.isoformat() if settled and resolved else None,
                                      "result": status if settled else None})
    moves = (CaseTransition.objects.filter(case__alliance__in=alliance_ids, on__lte=on).order_by("on", "case", "seq")
             .values_list("case__alliance_id", "case__pack_id", "case__procedure_id", "from_state", "to_state",
                          "action", "role", "on"))
    for aid, pack_id, proc_id, from_state, to_state, action, role, day in moves:
        facts = of(aid)
        event = EVENTS.get(action)
        if event is not None:
            facts["events"].append({"id": day.isoformat(), "kind": event, "date": day.isoformat()})
        if proc_id != "recognition":
            move = SimpleNamespace(from_state=from_state, to_state=to_state, action=action, role=role)
            made = _produces(pack_id, proc_id, move)  # type: ignore[arg-type]
            if made:
                facts["recommendations"][made["level"]] = (made["recommended_by"], day)
    return out


def merge_procedure_made(facts: dict[str, Any], made: dict[str, Any]) -> dict[str, Any]:
    """Merge what :func:`procedure_facts` (or :func:`procedure_facts_of`) returned into *facts*."""
    facts["objections"] = made["objections"]
    facts["events"] = [*facts.get("events", []), *made["events"]]
    for lvl in facts.get("levels", []):
        rec = made["recommendations"].get(lvl["level"])
        if rec is not None and rec[1].isoformat() <= lvl["since"] and not lvl.get("recommended_by"):
            lvl["recommended_by"] = rec[0]
    return facts
