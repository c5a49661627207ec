"""What a user holds, read from their active role assignments (cached per request by accounts.selectors)."""

from __future__ import annotations

from typing import Any

from itisa.accounts.models import RecommenderKind, Role
from itisa.accounts.selectors import role_assignments_of

BUREAU = (Role.BUREAU_STAFF,)
PAYERS = (Role.FINANCE, Role.BUREAU_STAFF)


def superuser(user: Any) -> bool:
    """A signed-in superuser — or a system actor, whose reads ``visible_to`` has already limited to its actions."""
    from itisa.access.core import SystemActor

    if isinstance(user, SystemActor):
        return True
    return bool(getattr(user, "is_superuser", False)) and bool(getattr(user, "is_authenticated", False))


def jurisdiction_ids(user: Any, roles: tuple[str, ...] = BUREAU) -> set[int]:
    """Jurisdictions where the user holds one of *roles* (superusers: none here — callers test them first)."""
    return {a.jurisdiction_id for a in role_assignments_of(user) if a.role in roles and a.jurisdiction_id}


def jurisdictions(user: Any, roles: tuple[str, ...] = BUREAU) -> list[Any]:
    return [a.jurisdiction for a in role_assignments_of(user) if a.role in roles and a.jurisdiction_id]


def led_alliance_ids(user: Any) -> set[int]:
    return {a.alliance_id for a in role_assignments_of(user) if a.role == Role.LEAD_UNIT and a.alliance_id}


def is_lead_of(user: Any, alliance: Any) -> bool:
    """The alliance's own lead-unit office (a superuser is not a lead unit: filing is the lead's act)."""
    return alliance is not None and alliance.pk in led_alliance_ids(user)


def has_role(user: Any, *roles: str) -> bool:
    return any(a.role in roles for a in role_assignments_of(user))


def recommender_assignments(user: Any) -> list[Any]:
    return [a for a in role_assignments_of(user) if a.role == Role.RECOMMENDER]


def is_association(assignment: Any) -> bool:
    return assignment.recommender_kind == RecommenderKind.ASSOCIATION and bool(assignment.organisation_id)


def is_expert(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    from itisa.reviews.models import ExpertProfile

    return ExpertProfile.objects.filter(user=user).exists()
