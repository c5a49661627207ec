"""The facts of many alliances read straight from the database with ``values_list``: no model objects.

Register-wide work (the what-if) needs the same dicts as :func:`itisa.register.facts.alliance_facts`, for
thousands of alliances. Building them from rows (four queries, tuples only) instead of prefetched model
instances is what makes the batch path fast end to end; a test keeps the two readings equal.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from itisa.register.facts import FLAG_FIELDS, FLAG_INPUTS, flags_of, member_flags, with_signatures
from itisa.register.models import Achievement, LevelRecord, Membership

_BOOLS = tuple(dict.fromkeys([f for fields in FLAG_FIELDS.values() for f in fields] + list(FLAG_INPUTS)))
_ALLIANCE = (
    "pk",
    "name",
    "industry_field__name",
    "kind",
    "founded_on",
    "region_id",
    *dict.fromkeys(("lead_id", *_BOOLS)),
)


def _region_path(region: str | None, path: str | None, current: str | None) -> list[str]:
    """As :func:`itisa.register.facts._region_path`: the ancestry of the code in force, the code itself
    included; an organisation registered abroad is in no region."""
    if region is None:
        return []
    codes = (current or path or "").split("/")
    return codes if region in codes else [*codes, region]


def _flags(row: dict[str, Any]) -> list[str]:
    return flags_of(row.__getitem__)


def facts_of_alliances(queryset: Any, *, on: date | None = None, matters: bool = True) -> list[dict[str, Any]]:
    """``alliance_facts(a, on=on)`` for every alliance of ``queryset``, in primary-key order.

    ``matters=False`` leaves out the achievements' ledger matters, which only match payments; a what-if
    that feeds no payments gives the same amounts without them, and the vector path keeps such alliances
    on its fast path."""
    ids = queryset.order_by().values("pk")
    members: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for aid, org, name, kind, region, path, current, legal, chain, role, joined, left, signed in (
        Membership.objects.filter(alliance__in=ids)
        .order_by("alliance", "joined_on", "id")
        .values_list(
            "alliance_id",
            "organisation_id",
            "organisation__name",
            "organisation__kind",
            "organisation__region_id",
            "organisation__region__path",
            "organisation__region__current_path",
            "organisation__legal_person",
            "organisation__chain_position",
            "role",
            "joined_on",
            "left_on",
            "signed_agreement",
        )
    ):
        if on is not None and joined > on:
            continue
        members[aid].append(
            {
                "org_id": str(org),
                "name": name,
                "kind": kind,
                "region": region or "",
                "region_path": _region_path(region, path, current),
                "legal_person": legal,
                "chain_position": chain or None,
                "role": role,
                "joined": joined.isoformat(),
                "left": left.isoformat() if left else None,
                "flags": member_flags(signed),
            }
        )
    levels: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for aid, level, since, jur_region, doc_no, until in (
        LevelRecord.objects.filter(alliance__in=ids)
        .order_by("alliance", "from_date", "id")
        .values_list("alliance_id", "level", "from_date", "jurisdiction__region_id", "document_number", "until")
    ):
        if on is None or since <= on:
            levels[aid].append(
                {"level": level, "since": since.isoformat(), "jurisdiction": jur_region or "", "doc_no": doc_no or None,
                 "until": until.isoformat() if until else None}
            )
    achievements: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for pk, aid, kind, achieved, std, title in (
        Achievement.objects.filter(alliance__in=ids)
        .order_by("alliance", "-achieved_on", "id")
        .values_list("pk", "alliance_id", "kind", "achieved_on", "standard_level", "title")
    ):
        if on is None or achieved <= on:
            item = {"id": f"ach{pk}", "kind": kind, "date": achieved.isoformat(), "level": std or None, "title": title}
            if matters:
                item["matter"] = f"achievement:{pk}"
            achievements[aid].append(item)
    out = []
    for values in queryset.order_by("pk").values_list(*_ALLIANCE):
        row = dict(zip(_ALLIANCE, values, strict=True))
        pk = row["pk"]
        out.append(
            {
                "id": str(pk),
                "name": row["name"],
                "field": row["industry_field__name"],
                "kind": row["kind"],
                "founded": row["founded_on"].isoformat(),
                "region": row["region_id"],
                "lead": str(row["lead_id"]),
                "members": members.get(pk, []),
                "levels": levels.get(pk, []),
                "flags": with_signatures(_flags(row), members.get(pk, []), on),
                "achievements": achievements.get(pk, []),
            }
        )
    return out
