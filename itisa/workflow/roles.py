"""Which of the pack's roles a user holds for one case (by role and by object).

Pack roles: lead_unit, recommender, county_bureau, bureau, expert, third_party_evaluator, public, finance
(expert and third_party_evaluator are resolved by the reviews app: the experts assigned to the case).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from itisa.accounts.models import RecommenderKind, Role
from itisa.accounts.selectors import role_assignments_of
from itisa.workflow.models import Case

# Other apps add pack roles that depend on their own data (reviews: assigned experts).
EXTRA_ROLE_RESOLVERS: dict[str, Callable[[Any, Case], bool]] = {}


def _covers(jurisdiction: Any, case: Case) -> bool:
    region = jurisdiction.region if jurisdiction is not None else None
    return region is None or case.alliance.region.is_within(region)


def case_roles(user: Any, case: Case) -> set[str]:
    roles = {"public"}
    if getattr(user, "is_superuser", False):
        roles |= {"bureau"}
    for a in role_assignments_of(user):
        if a.role == Role.LEAD_UNIT and a.alliance_id == case.alliance_id:
            roles.add("lead_unit")
        elif a.role == Role.BUREAU_STAFF and a.jurisdiction_id == case.jurisdiction_id:
            roles.add("bureau")
        elif a.role == Role.FINANCE and a.jurisdiction_id == case.jurisdiction_id:
            roles.add("finance")
        elif a.role == Role.RECOMMENDER:
            if a.recommender_kind == RecommenderKind.COUNTY_BUREAU and a.jurisdiction and _covers(a.jurisdiction, case):
                roles |= {"county_bureau", "recommender"}
            elif a.recommender_kind == RecommenderKind.ASSOCIATION and a.organisation_id:
                roles.add("recommender")
            elif a.jurisdiction is not None and _covers(a.jurisdiction, case):
                roles.add("recommender")
    for role, resolver in EXTRA_ROLE_RESOLVERS.items():
        if resolver(user, case):
            roles.add(role)
    return roles
