"""Conflict of interest: an expert never reviews an alliance their own organisation belongs to
(REQUIREMENTS §1), nor one it belonged to recently.

An expert's organisations are the pool profile's organisation, the user's own organisation and the
organisation of any active ``expert`` role assignment. A conflict is a membership period of one of
them in the alliance (any role: lead, core member, member) that overlaps [on − N years, on], N being
``REVIEWS_CONFLICT_YEARS`` (default 3). Periods are [joined_on, left_on), so an organisation that left
exactly N years before *on* is no longer a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from itisa.accounts.models import Role, RoleAssignment
from itisa.register.models import Alliance, Membership


def conflict_years() -> int:
    return int(getattr(settings, "REVIEWS_CONFLICT_YEARS", 3))


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class Conflict:
    organisation_id: int
    organisation: str
    role: str
    joined_on: date
    left_on: date | None

    def describe(self) -> str:
        if self.left_on is None:
            return _("%(organisation)s is %(role)s of the alliance since %(joined)s") % {
                "organisation": self.organisation, "role": self.role, "joined": self.joined_on.isoformat()}
        return _("%(organisation)s was %(role)s of the alliance from %(joined)s to %(left)s") % {
            "organisation": self.organisation, "role": self.role, "joined": self.joined_on.isoformat(),
            "left": self.left_on.isoformat()}

    def to_dict(self) -> dict[str, Any]:
        return {"organisation_id": self.organisation_id, "organisation": self.organisation, "role": self.role,
                "joined_on": self.joined_on.isoformat(),
                "left_on": self.left_on.isoformat() if self.left_on else None}


def expert_organisation_ids(profile: Any) -> set[int]:
    ids = {profile.organisation_id}
    if profile.user.organisation_id:
        ids.add(profile.user.organisation_id)
    ids |= set(RoleAssignment.objects.filter(user_id=profile.user_id, role=Role.EXPERT, active=True,
                                             organisation__isnull=False).values_list("organisation_id", flat=True))
    return ids


def conflicts_of(profile: Any, alliance: Alliance, on: date) -> list[Conflict]:
    """The membership periods that bar *profile* from reviewing *alliance* on *on*."""
    orgs = expert_organisation_ids(profile)
    start = years_before(on, conflict_years())
    periods = (Membership.objects.filter(alliance=alliance, organisation_id__in=orgs, joined_on__lte=on)
               .filter(Q(left_on__isnull=True) | Q(left_on__gt=start))
               .select_related("organisation").order_by("joined_on", "id"))
    found = [Conflict(m.organisation_id, m.organisation.name, str(m.get_role_display()), m.joined_on, m.left_on)
             for m in periods]
    if alliance.lead_id in orgs and not any(c.organisation_id == alliance.lead_id for c in found):
        # The register always holds the lead's membership; this covers a lead recorded without one.
        found.append(Conflict(alliance.lead_id, alliance.lead.name, _("lead unit"), alliance.founded_on, None))
    return found
