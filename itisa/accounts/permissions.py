"""Who may manage whose roles. Kept in one function so that the access module can take it over whole.

A *bureau administrator* is a person holding the ``bureau_admin`` role for a jurisdiction: they grant and
revoke the roles scoped to that jurisdiction (its staff, finance, administrators, recommenders and the
lead-unit offices of alliances registered with it). A superuser manages every jurisdiction; nobody
changes their own roles (separation of duties).
"""

from __future__ import annotations

from typing import Any

from itisa.accounts.models import Role
from itisa.accounts.selectors import role_assignments_of


def manageable_jurisdiction_ids(user: Any) -> set[int] | None:
    """Ids of the jurisdictions *user* administers; ``None`` means every one (a superuser)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    return {a.jurisdiction_id for a in role_assignments_of(user) if a.role == Role.BUREAU_ADMIN and a.jurisdiction_id}


def can_manage_roles(user: Any, jurisdiction: Any) -> bool:
    """May *user* grant and revoke roles scoped to *jurisdiction* (a Jurisdiction, or None for roles
    scoped to no bureau, such as an association recommender: superusers only)?"""
    ids = manageable_jurisdiction_ids(user)
    if ids is None:
        return True
    return jurisdiction is not None and jurisdiction.pk in ids
