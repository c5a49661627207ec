"""Cases: which pack roles a user holds on a case (the transition table names the role of each move),
who sees a case, who opens one, attaches materials, opens calls."""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from typing import Any

from django.db.models import Q, QuerySet

from itisa.access import who
from itisa.access.core import query, rule, rule_from_query
from itisa.access.scope import in_scope, internal_q, recommender_q
from itisa.accounts.models import RecommenderKind, Role
from itisa.accounts.selectors import role_assignments_of
from itisa.workflow.models import Call, Case


def _covers(jurisdiction: Any, case: Case) -> bool:
    region = jurisdiction.region if jurisdiction is not None else None
    return region is None or case.alliance.region.is_within(region)


def _member(organisation_id: int | None, case: Case) -> bool:
    return organisation_id is not None and case.alliance.memberships.filter(organisation_id=organisation_id).exists()


def association_area(assignment: Any) -> Any:
    """Where an industry association recommends (Weinan 10 “行业协会可……推荐联盟”, no membership asked): the
    region of the bureau its role names, else the city (prefecture) where the association is registered.
    A reading, docs/access.md: an association is a local body, not a national recommender."""
    if assignment.jurisdiction is not None:
        return assignment.jurisdiction.region
    org = assignment.organisation
    region = org.region if org is not None else None
    while region is not None and region.level not in ("prefecture", "province") and region.parent is not None:
        region = region.parent
    return region if region is not None else False


def _association_covers(assignment: Any, case: Case) -> bool:
    area = association_area(assignment)
    return area is not False and (area is None or case.alliance.region.is_within(area))


def case_roles(user: Any, case: Case) -> set[str]:
    """Pack roles (lead_unit, recommender, county_bureau, bureau, expert, public, finance) of *user* on *case*.

    The bureau and finance roles belong to the staff of the case's own bureau; a recommending body acts only
    on cases it covers (its region, or — an association — an alliance it is a member of); the expert role
    only for an active assignment without conflict of interest."""
    roles = {"public"}
    if who.superuser(user):
        roles |= {"bureau"}
    for a in role_assignments_of(user):
        if a.role == Role.LEAD_UNIT and a.alliance_id == case.alliance_id:
            roles.add("lead_unit")
        elif a.role == Role.BUREAU_STAFF and a.jurisdiction_id == case.jurisdiction_id:
            roles.add("bureau")
        elif a.role == Role.FINANCE and a.jurisdiction_id == case.jurisdiction_id:
            roles.add("finance")
        elif a.role == Role.RECOMMENDER:
            if who.is_association(a):
                if _member(a.organisation_id, case) or _association_covers(a, case):
                    roles.add("recommender")
            elif (
                a.recommender_kind == RecommenderKind.COUNTY_BUREAU and a.jurisdiction and _covers(a.jurisdiction, case)
            ):
                roles |= {"county_bureau", "recommender"}
            elif a.jurisdiction is not None and _covers(a.jurisdiction, case):
                roles.add("recommender")
    if getattr(user, "is_authenticated", False):
        from itisa.reviews.selectors import is_assigned_expert

        if is_assigned_expert(user, case):
            # The third party a bureau entrusts (Luoyang 第九条 “可委托第三方”): the experts assigned to the case.
            roles |= {"expert", "third_party_evaluator"}
    return roles


@query("workflow.view_case")
def cases(user: Any) -> QuerySet[Case]:
    """Cases of the alliances whose non-public data the user may see (never through the public register)."""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    from itisa.register.models import Alliance

    visible = Alliance.objects.filter(internal_q(user)).values("pk")
    return _with_joins(Case.objects.filter(alliance__in=visible))


def _with_joins(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("alliance", "jurisdiction", "call")


@query("workflow.view_call")
def calls(user: Any) -> QuerySet[Call]:
    qs = Call.objects.select_related("jurisdiction")
    return qs if who.superuser(user) else qs.filter(jurisdiction_id__in=who.jurisdiction_ids(user))


RECOMMENDER_ROLES = ("recommender", "county_bureau")


@cache
def recommender_moves() -> dict[str, set[str]]:
    """pack id → the states in which a recommending body has a move (read from the packs' tables)."""
    from policy.api import all_packs

    out: dict[str, set[str]] = defaultdict(set)
    for pack in all_packs().values():
        for proc in pack.data.get("procedures") or ():
            for t in proc["transitions"]:
                if t["role"] in RECOMMENDER_ROLES:
                    out[pack.id].add(t["from"])
    return dict(out)


@query("workflow.work_case")
def work_cases(user: Any) -> QuerySet[Case]:
    """The cases on the work pages: those of the user's own bureau(x), and (for a recommending body) the covered
    cases under a text that gives it a move. A case of another bureau is not on them, even within the region."""
    base = cases(user)
    if who.superuser(user):
        return base
    own = Q(jurisdiction_id__in=sorted(who.jurisdiction_ids(user)))
    if who.recommender_assignments(user):
        return base.filter(own | Q(pack_id__in=sorted(recommender_moves())))
    if not getattr(user, "is_authenticated", False):
        return base
    # A case at one's own bureau puts its alliance in that bureau's scope (scope.bureau_q, rule 2): the
    # alliance sub-query of ``cases`` adds nothing here, and PostgreSQL answers it only with a scan.
    return _with_joins(Case.objects.filter(own))


def _view_case(user: Any, case: Case | None) -> bool:
    if case is None:
        return False
    return in_scope(internal_q(user), case.alliance) or "expert" in case_roles(user, case)


def _act_case(user: Any, case: Case | None) -> bool:
    """Some non-public pack role on the case; which move is the transition table's question."""
    return case is not None and bool(case_roles(user, case) - {"public"})


def _open_case(user: Any, alliance: Any) -> bool:
    """The alliance's lead unit applies; its own bureau opens assessments and re-reviews."""
    if alliance is None:
        return False
    return (
        who.is_lead_of(user, alliance) or who.superuser(user) or alliance.jurisdiction_id in who.jurisdiction_ids(user)
    )


def _attach(user: Any, case: Case | None) -> bool:
    return case is not None and "lead_unit" in case_roles(user, case)


def _call(user: Any, jurisdiction: Any) -> bool:
    return who.superuser(user) or (jurisdiction is not None and jurisdiction.pk in who.jurisdiction_ids(user))


def _recommends(user: Any, alliance: Any) -> bool:
    return alliance is not None and in_scope(recommender_q(user), alliance)


rule("workflow.view_case", _view_case)
rule("workflow.work_case", lambda user, case: case is not None and work_cases(user).filter(pk=case.pk).exists())
rule("workflow.act_case", _act_case)
rule("workflow.open_case", _open_case)
rule("workflow.attach_material", _attach)
rule("workflow.create_call", _call)
rule_from_query("workflow.view_call")
rule("workflow.recommend", _recommends)


def _recalls(user: Any, recognition: Any) -> bool:
    """The recognising bureau recalls its own plaques and certificates."""
    if recognition is None:
        return False
    return who.superuser(user) or recognition.jurisdiction_id in who.jurisdiction_ids(user)


rule("recognition.issue", lambda user, case: case is not None and "bureau" in case_roles(user, case))
rule("recognition.recall", _recalls)
rule("recognition.render", _recalls)
rule("notices.object", lambda user, notice=None: True)  # anyone, signed in or not, may object (公示)
rule("notices.resolve", lambda user, case: case is not None and "bureau" in case_roles(user, case))
