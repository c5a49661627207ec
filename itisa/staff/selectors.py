"""Read-only scoping for the work pages: which cases, alliances and records a bureau's staff or a
recommending body may see here. Nothing is written; every write goes through the owning app's service.

- Bureau staff see the cases, alliances, deadlines and proposals of their own jurisdiction(s) only
  (a case of another jurisdiction is a 404, even when its alliance lies within their region);
- a recommending body (county bureau, city department, association) sees the cases of the alliances
  it covers (``visible_to(user, "workflow.view_case")``) under the texts whose procedures give it a move.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404

from itisa.access import can, visible_to, who
from itisa.access.workflow import RECOMMENDER_ROLES as RECOMMENDER_ROLES
from itisa.access.workflow import recommender_moves
from itisa.register.models import Alliance, Jurisdiction
from itisa.supervision.models import Deadline
from itisa.workflow.labels import state_ids, state_label
from itisa.workflow.models import Call, Case
from policy.api import allowed

QUEUE_STATES = ("submitted", "submitted_to_county")


def bureau_jurisdiction_ids(user: Any) -> list[int] | None:
    """The jurisdictions where the user is bureau staff; None means every one (superuser)."""
    return None if who.superuser(user) else sorted(who.jurisdiction_ids(user))


def is_bureau(user: Any) -> bool:
    return can(user, "pages.bureau")


def is_recommender(user: Any) -> bool:
    return can(user, "pages.recommender")


def bureau_jurisdictions(user: Any) -> QuerySet[Jurisdiction]:
    ids = bureau_jurisdiction_ids(user)
    qs = Jurisdiction.objects.exclude(policy_pack="").order_by("code")
    return qs if ids is None else qs.filter(pk__in=ids)


# ---------------------------------------------------------------- the packs' tables





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


def work_cases(user: Any) -> QuerySet[Case]:
    """The cases on the user's work pages (``itisa.access``: workflow.work_case)."""
    return visible_to(user, "workflow.work_case")


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
    for pack_id, waiting in recommender_moves().items():
        q |= Q(pack_id=pack_id, state__in=sorted(set(waiting) & set(QUEUE_STATES)))
    return (visible_to(user, "workflow.view_case").filter(q, closed=False)
            .select_related("alliance__lead", "alliance__region", "jurisdiction").order_by("updated_at", "pk"))


def state_counts(cases: QuerySet[Case]) -> list[dict[str, Any]]:
    """Open cases per procedure and state (one query)."""
    rows = (cases.filter(closed=False).order_by().values("procedure_id", "state").annotate(n=Count("pk"))
            .order_by("procedure_id", "state"))
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        grouped[r["procedure_id"]].append({"state": r["state"], "label": state_label(r["state"], r["procedure_id"]), "n": r["n"]})
    return [{"procedure": p, "states": s, "total": sum(x["n"] for x in s)} for p, s in grouped.items()]


# ---------------------------------------------------------------- alliances, calls, deadlines


def work_alliances(user: Any) -> QuerySet[Alliance]:
    """Alliances in the scope of the bureaux where the user is staff (supervision, money, comparison)."""
    return visible_to(user, "supervision.view_alliance")


ALLIANCE_MATCHES = 20  # at most this many alliances offered by the money page's search field


def alliances_matching(user: Any, q: str, *, also: Any = None) -> list[Alliance]:
    """Alliances in the user's scope whose name contains ``q`` (none for an empty search), by name; ``also``
    (an id, e.g. the one chosen) is added when it is in scope."""
    scope = work_alliances(user)
    found = list(scope.filter(name__icontains=q).order_by("name", "pk")[:ALLIANCE_MATCHES]) if q else []
    if also is not None and all(a.pk != also for a in found):
        found += list(scope.filter(pk=also))
    return found


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
    """With ``reminded``: when the last reminder about it was e-mailed (the scan's notifications)."""
    return Deadline.objects.filter(alliance__in=work_alliances(user).values("pk")).select_related(
        "alliance__jurisdiction").annotate(reminded=Max("notifications__sent_at"))


def known_states() -> list[str]:
    return state_ids()
