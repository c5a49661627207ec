"""Reads of the register that need no permission of their own. Who sees which alliance is the access
module's question: ``itisa.access.visible_to(user, "register.view_alliance")`` (docs/access.md)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from itisa.access.scope import PUBLIC_STATUSES
from itisa.register.models import Alliance, Membership, OrganisationName, Region

__all__ = ["PUBLIC_STATUSES", "members_on", "organisation_search_q", "region_descendants", "region_filter_q",
           "region_label", "region_within_q", "regions_matching"]


def region_within_q(region: Region | None, prefix: str = "region") -> Q:
    """Rows whose region lies within *region* (itself included); no region means everywhere. A retired
    code counts where it was and where its successor is (see Region.current_path)."""
    if region is None:
        return Q()
    return Q(**{f"{prefix}__path__startswith": region.path}) | Q(
        **{f"{prefix}__current_path__startswith": region.current_path or region.path})


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
