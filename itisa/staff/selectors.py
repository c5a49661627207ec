"""Read-only scoping for the work pages: which cases, alliances and records a bureau's staff or a
recommending body may see here. Nothing is written; every write goes through the owning app's service.

- Bureau staff see the cases, alliances, deadlines and proposals of their own jurisdiction(s) only
  (a case of another jurisdiction is a 404, even when its alliance lies within their region);
- a recommending body (county bureau, city department, association) sees the cases of the alliances
  it covers (``cases_visible_to``) under the texts whose procedures give it a move.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from itisa.accounts.models import Role
from itisa.accounts.selectors import role_assignments_of
from itisa.register.models import Alliance, Jurisdiction
from itisa.register.selectors import alliance_scope_q
from itisa.supervision.models import Deadline
from itisa.workflow.labels import state_ids, state_label
from itisa.workflow.models import Call, Case
from itisa.workflow.selectors import cases_visible_to
from policy.api import all_packs, allowed

RECOMMENDER_ROLES = ("recommender", "county_bureau")
QUEUE_STATES = ("submitted", "submitted_to_county")


def is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False))


def bureau_jurisdiction_ids(user: Any) -> list[int] | None:
    """The jurisdictions where the user is bureau staff; None means every one (superuser)."""
    if is_superuser(user):
        return None
    return sorted({a.jurisdiction_id for a in role_assignments_of(user)
                   if a.role == Role.BUREAU_STAFF and a.jurisdiction_id})


def is_bureau(user: Any) -> bool:
    ids = bureau_jurisdiction_ids(user)
    return ids is None or bool(ids)


def is_recommender(user: Any) -> bool:
    return any(a.role == Role.RECOMMENDER for a in role_assignments_of(user))


def bureau_jurisdictions(user: Any) -> QuerySet[Jurisdiction]:
    ids = bureau_jurisdiction_ids(user)
    qs = Jurisdiction.objects.exclude(policy_pack="").order_by("code")
    return qs if ids is None else qs.filter(pk__in=ids)


# ---------------------------------------------------------------- the packs' tables


@cache
def _recommender_moves() -> dict[str, set[str]]:
    """pack id → the states in which a recommending body has a move (read from the packs' tables)."""
    out: dict[str, set[str]] = defaultdict(set)
    for pack in all_packs().values():
        for proc in pack.data.get("procedures") or ():
            for t in proc["transitions"]:
                if t["role"] in RECOMMENDER_ROLES:
                    out[pack.id].add(t["from"])
    return dict(out)


def actions_for(case: Case, roles: set[str]) -> list[Any]:
    """The moves of the case's table open in its current state to one of *roles* (one per action)."""
    if case.closed:
        return []
    seen: dict[str, Any] = {}
    for t in allowed(case.pack_id, case.state, None, case.procedure_id):
        if t.role in roles and t.action not in seen:
            seen[t.action] = t
    return list(seen.values())


# ---------------------------------------------------------------- cases


def _recommender_q() -> Q:
    q = Q(pk__in=[])
    for pack_id in _recommender_moves():
        q |= Q(pack_id=pack_id)
    return q


def work_cases(user: Any) -> QuerySet[Case]:
    """The cases on the user's work pages: their bureau's, and (for a recommending body) the covered
    cases under a text that gives it a move."""
    base = cases_visible_to(user)
    ids = bureau_jurisdiction_ids(user)
    if ids is None:
        return base
    scope = Q(jurisdiction_id__in=ids)
    if is_recommender(user):
        scope |= _recommender_q()
    return base.filter(scope)


def work_case(user: Any, pk: int) -> Case:
    """The case if it is on the user's work pages, else 404 (never a hint that it exists)."""
    try:
        return work_cases(user).select_related("alliance__region", "alliance__lead", "alliance__industry_field",
                                               "jurisdiction", "call").get(pk=pk)
    except (Case.DoesNotExist, ValueError):
        raise Http404 from None


def recommender_queue(user: Any) -> QuerySet[Case]:
    """Covered cases waiting for a recommending body's pre-review (the states where it has a move)."""
    if not is_recommender(user):
        return Case.objects.none()
    q = Q(pk__in=[])
    for pack_id, waiting in _recommender_moves().items():
        q |= Q(pack_id=pack_id, state__in=sorted(set(waiting) & set(QUEUE_STATES)))
    return (cases_visible_to(user).filter(q, closed=False)
            .select_related("alliance__lead", "alliance__region", "jurisdiction").order_by("updated_at", "pk"))


def state_counts(cases: QuerySet[Case]) -> list[dict[str, Any]]:
    """Open cases per procedure and state (one query)."""
    rows = (cases.filter(closed=False).order_by().values("procedure_id", "state").annotate(n=Count("pk"))
            .order_by("procedure_id", "state"))
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        grouped[r["procedure_id"]].append({"state": r["state"], "label": state_label(r["state"]), "n": r["n"]})
    return [{"procedure": p, "states": s, "total": sum(x["n"] for x in s)} for p, s in grouped.items()]


# ---------------------------------------------------------------- alliances, calls, deadlines


def work_alliances(user: Any) -> QuerySet[Alliance]:
    """Alliances of the bureaux where the user is staff (for supervision, money and comparison)."""
    ids = bureau_jurisdiction_ids(user)
    qs = Alliance.objects.filter(alliance_scope_q(user, include_public=False))
    if ids is not None:
        qs = qs.filter(jurisdiction_id__in=ids)
    return qs.select_related("jurisdiction", "region", "lead", "industry_field")


def work_alliance(user: Any, pk: int) -> Alliance:
    try:
        return work_alliances(user).get(pk=pk)
    except (Alliance.DoesNotExist, ValueError):
        raise Http404 from None


def work_calls(user: Any) -> QuerySet[Call]:
    ids = bureau_jurisdiction_ids(user)
    qs = Call.objects.select_related("jurisdiction")
    return qs if ids is None else qs.filter(jurisdiction_id__in=ids)


def work_deadlines(user: Any) -> QuerySet[Deadline]:
    return Deadline.objects.filter(alliance__in=work_alliances(user).values("pk")).select_related(
        "alliance__jurisdiction")


def known_states() -> list[str]:
    return state_ids()
