"""Expert review: keeping the pool, assigning, scoring, site visits, and who may see the confidential part
(expert identities, scores, site-visit reports): the case's bureau and the assigned expert, never the applicant
nor the public."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from itisa.access import who
from itisa.access.core import query, rule, rule_from_query
from itisa.access.workflow import case_roles
from itisa.accounts.models import Role
from itisa.workflow.models import Case


def _pool(user: Any, _obj: Any = None) -> bool:
    return who.superuser(user) or who.has_role(user, Role.BUREAU_STAFF)


def _roles(*wanted: str) -> Any:
    def check(user: Any, case: Any) -> bool:
        return case is not None and bool(case_roles(user, case) & set(wanted))

    return check


def _assigned(user: Any, case: Any) -> bool:
    """An active assignment on the case (the sheet service then judges conflicts on the sheet's own date)."""
    from itisa.reviews.selectors import active_assignment

    return case is not None and active_assignment(user, case) is not None


@query("reviews.expert_case")
def expert_cases(user: Any) -> QuerySet[Case]:
    """The cases an expert is actively assigned to, never one of an alliance their organisation is or was
    (within the conflict window) a member of."""
    from itisa.reviews.selectors import cases_assigned_to

    return cases_assigned_to(user)


rule_from_query("reviews.expert_case")
rule("reviews.manage_experts", _pool)
rule("reviews.assign", _roles("bureau"))
rule("reviews.score", _assigned)
rule("reviews.site_visit", _roles("bureau", "expert"))
rule("reviews.view_confidential", _roles("bureau"))
# The materials of a submitted version: the assigned experts who judge it and the case's bureau.
rule("reviews.read_material", lambda user, case: _assigned(user, case) or _roles("bureau")(user, case))
