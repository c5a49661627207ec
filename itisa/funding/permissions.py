"""Who may do what with support money: bureau staff propose and decide; finance (or bureau staff) pay and
recover — each only for alliances of their own jurisdiction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from itisa.accounts.models import Role
from itisa.accounts.selectors import role_assignments_of
from itisa.register.models import Jurisdiction

DECIDERS = (Role.BUREAU_STAFF,)
PAYERS = (Role.FINANCE, Role.BUREAU_STAFF)


def holds_role(user: Any, jurisdiction: Jurisdiction, roles: tuple[str, ...]) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return any(a.role in roles and a.jurisdiction_id == jurisdiction.pk for a in role_assignments_of(user))


def require_decider(user: Any, jurisdiction: Jurisdiction) -> None:
    if not holds_role(user, jurisdiction, DECIDERS):
        raise PermissionDenied(_("Only staff of %(bureau)s may propose or decide its grants.")
                               % {"bureau": jurisdiction.name})


def require_payer(user: Any, jurisdiction: Jurisdiction) -> None:
    if not holds_role(user, jurisdiction, PAYERS):
        raise PermissionDenied(_("Only finance or staff of %(bureau)s may book its payments and recoveries.")
                               % {"bureau": jurisdiction.name})


def jurisdictions_of(user: Any, roles: tuple[str, ...] = PAYERS) -> list[int] | None:
    """Ids of the jurisdictions where the user holds one of ``roles``; None means all (superuser)."""
    if getattr(user, "is_superuser", False):
        return None
    return sorted({a.jurisdiction_id for a in role_assignments_of(user) if a.role in roles and a.jurisdiction_id})
