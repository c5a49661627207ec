"""The scope of a bureau, of a recommending body and of a lead unit over alliances (docs/access.md).

A bureau B (bureau staff or finance of jurisdiction B) sees the non-public data of an alliance A when
1. A belongs to B (A.jurisdiction = B), or
2. A applies or applied to B (a case of A at B), or was recognised by B (a level record of B), wherever A is
   registered, or
3. A was recognised by a bureau whose region lies within B's region (a province sees what its cities and
   counties recognised; a city what its districts recognised); a national bureau (no region) sees every
   recognised alliance.
Nothing else: an alliance registered in B's region that belongs to, applies to and was recognised only by
another bureau stays that bureau's (B sees it only once it is on the public register).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from itisa.access import who
from itisa.register.models import Alliance, AllianceStatus, Jurisdiction, LevelRecord, Membership
from itisa.workflow.models import Case

PUBLIC_STATUSES = (
    AllianceStatus.RECOGNISED,
    AllianceStatus.WARNED,
    AllianceStatus.SUPPORT_SUSPENDED,
    AllianceStatus.REVOKED,
)

NOTHING = Q(pk__in=[])


def bureau_q(jurisdictions: list[Any]) -> Q:
    """Alliances within the scope of the bureaux *jurisdictions* (rules 1–3 above): one ``IN`` over the
    ``UNION`` of the three id sets, each read through its own index. The former ``OR`` of three terms could
    only be answered by scanning every alliance, also to check one alliance (docs/benchmarks.md)."""
    if not jurisdictions:
        return NOTHING
    ids = [j.pk for j in jurisdictions]
    below = Q(pk__in=ids)
    for j in jurisdictions:
        if j.region is None:
            below = Q()  # a national bureau: every bureau's recognitions lie below it
            break
        below |= Q(region__path__startswith=j.region.path)
    recognised = LevelRecord.objects.order_by()
    if below != Q():
        recognised = recognised.filter(jurisdiction_id__in=Jurisdiction.objects.filter(below).values("pk"))
    own = Alliance.objects.order_by().filter(jurisdiction_id__in=ids).values("pk")
    applied = Case.objects.order_by().filter(jurisdiction_id__in=ids).values("alliance_id")
    return Q(pk__in=own.union(applied, recognised.values("alliance_id")))


def recommender_q(user: Any) -> Q:
    """A county bureau or city department recommends what is registered within its region; an industry
    association what its own organisation is a member of (Weinan 10)."""
    q = NOTHING
    for a in who.recommender_assignments(user):
        if who.is_association(a):
            from itisa.access.workflow import association_area

            q |= Q(pk__in=Membership.objects.filter(organisation_id=a.organisation_id).values("alliance_id"))
            area = association_area(a)
            if area is None:
                q |= Q()
            elif area is not False:
                q |= Q(region__path__startswith=area.path)
        elif a.jurisdiction is not None:
            region = a.jurisdiction.region
            # A retired code counts where it was and where its successor is (Region.current_path).
            q |= Q() if region is None else (Q(region__path__startswith=region.path)
                                             | Q(region__current_path__startswith=region.current_path or region.path))
    return q


def internal_q(user: Any, roles: tuple[str, ...] = who.PAYERS) -> Q:
    """Alliances whose non-public data the user may see: their bureau's scope (for *roles*), what they
    recommend, what they lead. A superuser sees everything."""
    if who.superuser(user):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return NOTHING
    return bureau_q(who.jurisdictions(user, roles)) | recommender_q(user) | Q(pk__in=sorted(who.led_alliance_ids(user)))


def public_q() -> Q:
    return Q(status__in=PUBLIC_STATUSES)


def in_scope(q: Q, alliance: Any) -> bool:
    if alliance is None or alliance.pk is None:
        return False
    if not isinstance(alliance, Alliance):  # a rule handed the wrong object must fail loudly, not by pk chance
        raise TypeError(f"expected an alliance, got {type(alliance).__name__}")
    if q == Q():
        return True
    return Alliance.objects.filter(q, pk=alliance.pk).exists()


def bureau_covers(user: Any, alliance: Any, roles: tuple[str, ...] = who.BUREAU) -> bool:
    """The user is staff (or one of *roles*) of a bureau whose scope holds *alliance*; superusers too."""
    if who.superuser(user):
        return True
    return in_scope(bureau_q(who.jurisdictions(user, roles)), alliance)
