"""Who may act on an alliance's supervision: by role and by object (accounts.RoleAssignment)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from itisa.accounts.models import RecommenderKind, Role
from itisa.accounts.selectors import role_assignments_of
from itisa.register.models import Alliance


def is_lead_of(user: Any, alliance: Alliance) -> bool:
    """The alliance's own lead-unit office (a superuser is not a lead unit: filing is the lead's act)."""
    return any(a.role == Role.LEAD_UNIT and a.alliance_id == alliance.pk for a in role_assignments_of(user))


def _covers(jurisdiction: Any, alliance: Alliance) -> bool:
    region = jurisdiction.region if jurisdiction is not None else None
    return region is None or alliance.region.is_within(region)


def is_bureau_staff_for(user: Any, alliance: Alliance) -> bool:
    """Bureau staff whose jurisdiction's region covers the alliance's region (a national bureau: all)."""
    if getattr(user, "is_superuser", False):
        return True
    return any(a.role == Role.BUREAU_STAFF and _covers(a.jurisdiction, alliance) for a in role_assignments_of(user))


def is_recommender_for(user: Any, alliance: Alliance, kinds: Iterable[str] | None = None) -> bool:
    """A recommending body for the alliance: a county bureau or city department whose region covers it, or an
    industry association (Weinan 10: an association recommends without being a member). ``kinds``: only these
    recommender kinds (a duty's ``endorsers`` — Weinan 14: county bureaus and city departments, not associations)."""
    allowed = set(kinds) if kinds is not None else None
    for a in role_assignments_of(user):
        if a.role != Role.RECOMMENDER:
            continue
        if allowed is not None and a.recommender_kind not in allowed:
            continue
        if a.recommender_kind == RecommenderKind.ASSOCIATION and a.organisation_id:
            return True
        if a.jurisdiction is not None and _covers(a.jurisdiction, alliance):
            return True
    return False
