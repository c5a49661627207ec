"""Who may manage whose roles (docs/access.md).

A *bureau administrator* holds the ``bureau_admin`` role for a jurisdiction: they grant and revoke the
roles scoped to that jurisdiction (its staff, finance, administrators, recommenders and the lead-unit
offices of alliances registered with it), not its cities'. A superuser manages every jurisdiction; nobody
changes their own roles (separation of duties, checked by the services).
"""

from __future__ import annotations

from typing import Any

from itisa.access import who
from itisa.access.core import rule
from itisa.accounts.models import Role


def manageable_jurisdiction_ids(user: Any) -> set[int] | None:
    """Ids of the jurisdictions *user* administers; ``None`` means every one (a superuser)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if who.superuser(user):
        return None
    return who.jurisdiction_ids(user, (Role.BUREAU_ADMIN,))


def can_manage_roles(user: Any, jurisdiction: Any) -> bool:
    """May *user* grant and revoke roles scoped to *jurisdiction* (a Jurisdiction, or None for roles
    scoped to no bureau, such as an association recommender: superusers only)?"""
    ids = manageable_jurisdiction_ids(user)
    if ids is None:
        return True
    return jurisdiction is not None and jurisdiction.pk in ids


rule("pages.roles", lambda user, obj=None: manageable_jurisdiction_ids(user) != set())
rule("accounts.manage_roles", can_manage_roles)
