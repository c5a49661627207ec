"""Who a user is allowed to act as. Read once per request and cached on the user object."""

from __future__ import annotations

from typing import Any

from itisa.accounts.models import Role, RoleAssignment


def role_assignments_of(user: Any) -> list[RoleAssignment]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_role_assignments", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user, active=True).select_related("jurisdiction__region", "alliance",
                                                                                   "organisation")
        )
        user._role_assignments = cached
    return cached


def has_role(user: Any, role: Role | str) -> bool:
    return any(a.role == role for a in role_assignments_of(user))
