"""Permission-scoped reads of the register. Views never query models directly: they ask here.

Scopes (by role and by object):
- the public (and every user) sees recognised, warned, support-withdrawn and revoked alliances;
- bureau staff, finance and county-bureau or city-department recommenders see every alliance
  registered within their jurisdiction's region (ancestry via ``Region.path``), a national bureau all;
- an association recommender sees the alliances its own organisation belongs to;
- a lead-unit office sees its own alliance;
- experts see only the public register here (assignments come with the review workflow).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from itisa.accounts.models import RecommenderKind, Role
from itisa.accounts.selectors import role_assignments_of
from itisa.register.models import Alliance, AllianceStatus, Membership, Organisation, OrganisationName, Region

PUBLIC_STATUSES = (
    AllianceStatus.RECOGNISED,
    AllianceStatus.WARNED,
    AllianceStatus.SUPPORT_SUSPENDED,
    AllianceStatus.REVOKED,
)


def region_scope_q(region: Region | None, prefix: str = "region") -> Q:
    """Rows whose region lies within *region* (itself included); no region means everywhere."""
    if region is None:
        return Q()
    # A retired code counts where it was and where its successor is (see Region.current_path).
    return Q(**{f"{prefix}__path__startswith": region.path}) | Q(
        **{f"{prefix}__current_path__startswith": region.current_path or region.path})


def alliance_scope_q(user: Any, *, include_public: bool = True) -> Q:
    """Alliances the user may see; without the public register when *include_public* is false
    (cases, drafts and internal records are never public)."""
    if getattr(user, "is_superuser", False):
        return Q()
    # pk__in=[] matches nothing: the neutral start for an OR of scopes.
    query = Q(status__in=PUBLIC_STATUSES) if include_public else Q(pk__in=[])
    for assignment in role_assignments_of(user):
        if assignment.role in (Role.BUREAU_STAFF, Role.FINANCE):
            region = assignment.jurisdiction.region if assignment.jurisdiction else None
            if region is None:
                return Q()  # a national bureau: everything (an empty Q would vanish inside an OR)
            query |= region_scope_q(region)
        elif assignment.role == Role.RECOMMENDER:
            if assignment.recommender_kind == RecommenderKind.ASSOCIATION and assignment.organisation_id:
                query |= Q(memberships__organisation_id=assignment.organisation_id)
            elif assignment.jurisdiction is not None:
                query |= region_scope_q(assignment.jurisdiction.region)
        elif assignment.role == Role.LEAD_UNIT:
            query |= Q(pk=assignment.alliance_id)
    return query


def alliances_visible_to(user: Any) -> QuerySet[Alliance]:
    scope = alliance_scope_q(user)
    qs = Alliance.objects.filter(scope)
    if "memberships" in str(scope):  # a join through memberships can repeat rows
        qs = qs.distinct()
    return qs.select_related("jurisdiction", "region", "lead", "industry_field")


def alliance_get_visible(user: Any, pk: int) -> Alliance:
    """The alliance if the user may see it; Alliance.DoesNotExist (→ 404) otherwise, never a leak."""
    return alliances_visible_to(user).get(pk=pk)


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    """Organisations are public facts (name, credit code, region); staff browse all of them."""
    return Organisation.objects.select_related("region")


def members_on(alliance: Alliance, day: date) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(alliance=alliance, joined_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
        .select_related("organisation__region")
    )


def region_descendants(code: str) -> QuerySet[Region]:
    region = Region.objects.get(code=code)
    return Region.objects.filter(path__startswith=region.path)


def regions_matching(q: str, limit: int = 20) -> list[Region]:
    """Regions for a picker: by code prefix when digits are typed, else by name; codes in force first."""
    q = (q or "").strip()
    if not q:
        return []
    qs = Region.objects.select_related("parent__parent")
    qs = qs.filter(code__startswith=q) if q.isdigit() else qs.filter(name__icontains=q)
    rank = {"province": 0, "prefecture": 1, "county": 2}
    return sorted(qs[: limit * 5], key=lambda r: (bool(r.valid_to), rank.get(r.level, 3), r.code))[:limit]


def region_label(region: Region) -> str:
    """孟津区 · 洛阳市 · 河南省 (retired codes say so)."""
    names = [region.name]
    parent = region.parent
    while parent is not None:
        names.append(parent.name)
        parent = parent.parent
    return " · ".join(names) + (f" ({region.valid_to}–)" if region.valid_to else "")


def organisation_search_q(q: str, prefix: str = "") -> Q:
    """Name (present or former), credit code or other identifier containing *q*."""
    p = f"{prefix}__" if prefix else ""
    former = OrganisationName.objects.filter(name__icontains=q).values("organisation_id")
    return (Q(**{f"{p}name__icontains": q}) | Q(**{f"{p}credit_code__icontains": q})
            | Q(**{f"{p}other_id__icontains": q}) | Q(**{f"{p}pk__in": former}))


def region_filter_q(value: str, prefix: str = "region") -> Q:
    """A region filter as people type it: a code (its descendants, retired codes included) or a name
    (every division in force of that name, e.g. 朝阳区 in Beijing and in Changchun)."""
    value = value.strip()
    codes = [value] if value.isdigit() else list(
        Region.objects.filter(name=value, valid_to="").values_list("code", flat=True)[:10])
    query = Q(pk__in=[])
    for code in codes:
        query |= Q(**{f"{prefix}__path__contains": code}) | Q(**{f"{prefix}__current_path__contains": code})
    return query
