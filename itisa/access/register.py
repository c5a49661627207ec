"""The register: who sees an alliance, who edits it, who creates alliances and organisations."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from itisa.access import who
from itisa.access.core import query, rule
from itisa.access.scope import PUBLIC_STATUSES, bureau_covers, in_scope, internal_q, public_q
from itisa.accounts.models import Role
from itisa.register.models import Alliance, Organisation


@query("register.view_alliance")
def alliances(user: Any) -> QuerySet[Alliance]:
    """The public register and, beyond it, the alliances whose non-public data the user may see."""
    return Alliance.objects.filter(public_q() | internal_q(user)).select_related(
        "jurisdiction", "region", "lead", "industry_field"
    )


@query("register.view_internal")
def internal_alliances(user: Any) -> QuerySet[Alliance]:
    """Alliances whose cases, documents, members' details, money and supervision the user may see."""
    return Alliance.objects.filter(internal_q(user)).select_related("jurisdiction", "region", "lead", "industry_field")


@query("register.view_organisation")
def organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations are public facts (name, credit code, region)."""
    return Organisation.objects.select_related("region")


def _view_alliance(user: Any, alliance: Alliance | None) -> bool:
    if alliance is None:
        return False
    return alliance.status in PUBLIC_STATUSES or in_scope(internal_q(user), alliance)


def _view_internal(user: Any, alliance: Alliance | None) -> bool:
    return alliance is not None and in_scope(internal_q(user), alliance)


def _edit_alliance(user: Any, alliance: Alliance | None) -> bool:
    """Its lead unit keeps its own facts (members, achievements, organs); its bureau's staff may correct them."""
    return alliance is not None and (who.is_lead_of(user, alliance) or bureau_covers(user, alliance))


def _bureau_of(user: Any, jurisdiction: Any) -> bool:
    """Staff of that very bureau (creating its alliances, recording its recognitions, opening its calls)."""
    if who.superuser(user):
        return True
    return jurisdiction is not None and jurisdiction.pk in who.jurisdiction_ids(user)


def _manage_organisations(user: Any, _obj: Any = None) -> bool:
    """Organisations enter the register as members or leads: lead units and bureau staff add them."""
    return who.superuser(user) or who.has_role(user, Role.LEAD_UNIT, Role.BUREAU_STAFF)


rule("register.view_alliance", _view_alliance)
rule("register.view_internal", _view_internal)
rule("register.view_organisation", lambda user, obj=None: True)
rule("register.edit_alliance", _edit_alliance)
rule("register.lead", lambda user, alliance: who.is_lead_of(user, alliance))
rule("register.edit_organisation", lambda user, org=None: who.superuser(user) or who.has_role(user, Role.BUREAU_STAFF))
rule("register.change_lead", lambda user, alliance: alliance is not None and bureau_covers(user, alliance))
rule("register.set_status", lambda user, alliance: bureau_covers(user, alliance))
rule("register.create_alliance", _bureau_of)
rule("register.record_level", _bureau_of)
rule("register.manage_organisations", _manage_organisations)
