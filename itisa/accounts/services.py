"""Granting and revoking roles: permission checked, validated, audited, in one transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from itisa.access import AccessDenied, can, requires
from itisa.accounts.models import Role, RoleAssignment, User
from itisa.audit.services import audit_record, snapshot


def assignment_jurisdiction(assignment: RoleAssignment) -> Any:
    """The bureau whose administrator answers for this assignment."""
    if assignment.jurisdiction_id:
        return assignment.jurisdiction
    if assignment.alliance_id:
        return assignment.alliance.jurisdiction  # type: ignore[union-attr]
    return None


@requires("pages.roles")
def role_grant(
    *,
    actor: Any,
    user: User,
    role: str,
    jurisdiction: Any = None,
    alliance: Any = None,
    organisation: Any = None,
    recommender_kind: str = "",
    reason: str = "",
) -> RoleAssignment:
    """Give *user* one role with its scope. Refused for one's own account, without the right to manage
    that scope, for an inactive account, or when the same role with the same scope is already held."""
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    assignment = RoleAssignment(
        user=user,
        role=role,
        jurisdiction=jurisdiction,
        alliance=alliance,
        organisation=organisation,
        recommender_kind=recommender_kind,
    )
    # The page rule (pages.roles) let the actor in; this bureau's roles are a finer question, asked with
    # can() because require() defers to the outer check of the same actor.
    if not can(actor, "accounts.manage_roles", assignment_jurisdiction(assignment)):
        raise AccessDenied(_("You may not manage roles of this bureau."))
    if user.pk == getattr(actor, "pk", None):
        raise ValidationError({"user": _("You cannot change your own roles.")})
    if not user.is_active:
        raise ValidationError({"user": _("This account is deactivated.")})
    needs = {
        Role.BUREAU_STAFF: "jurisdiction",
        Role.FINANCE: "jurisdiction",
        Role.BUREAU_ADMIN: "jurisdiction",
        Role.LEAD_UNIT: "alliance",
        Role.EXPERT: "organisation",
    }.get(Role(role))
    if needs and getattr(assignment, f"{needs}_id") is None:
        raise ValidationError({needs: _("This role needs its scope.")})
    if role == Role.RECOMMENDER and (not recommender_kind or not (jurisdiction or organisation)):
        raise ValidationError({"recommender_kind": _("A recommender needs a kind and a jurisdiction.")})
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        held = RoleAssignment.objects.filter(
            user=user, role=role, jurisdiction=jurisdiction, alliance=alliance, organisation=organisation, active=True
        )
        if held.exists():
            raise ValidationError({"role": _("This person already holds this role.")})
        assignment.save()
        audit_record(actor=actor, action="role.grant", target=assignment, after=snapshot(assignment), reason=reason)
    return assignment


@requires("pages.roles")
def role_revoke(*, actor: Any, assignment: RoleAssignment, reason: str = "") -> RoleAssignment:
    """End a role assignment (kept, inactive, for the record)."""
    # The page rule (pages.roles) let the actor in; this bureau's roles are a finer question, asked with
    # can() because require() defers to the outer check of the same actor.
    if not can(actor, "accounts.manage_roles", assignment_jurisdiction(assignment)):
        raise AccessDenied(_("You may not manage roles of this bureau."))
    if assignment.user_id == getattr(actor, "pk", None):
        raise ValidationError({"user": _("You cannot change your own roles.")})
    with transaction.atomic():
        locked = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
        if not locked.active:
            raise ValidationError({"role": _("This role has already been revoked.")})
        before = snapshot(locked)
        locked.active = False
        locked.save(update_fields=["active"])
        audit_record(
            actor=actor, action="role.revoke", target=locked, before=before, after=snapshot(locked), reason=reason
        )
    return locked
