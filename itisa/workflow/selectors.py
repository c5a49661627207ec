"""Reads of cases, scoped by who is asking."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from itisa.register.selectors import alliance_scope_q
from itisa.workflow.models import Case, Submission
from policy.api import materials


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """Cases of the alliances the user is responsible for: never through the public register
    (public notices are published separately)."""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    from itisa.register.models import Alliance

    visible = Alliance.objects.filter(alliance_scope_q(user, include_public=False)).values("pk")
    return Case.objects.filter(alliance__in=visible).select_related("alliance", "jurisdiction", "call")


def required_materials(case: Case) -> list[dict[str, Any]]:
    return materials(case.pack_id, case.procedure_id)


def missing_materials(case: Case) -> list[dict[str, Any]]:
    attached = set(case.materials.values_list("material_id", flat=True))
    return [m for m in required_materials(case) if m["id"] not in attached]


def submission_changes(newer: Submission, older: Submission | None) -> dict[str, Any]:
    """What changed between two versions: members added/removed, flags, materials, eligibility."""
    if older is None:
        return {"first": True}

    def members(sub: Submission) -> dict[str, str]:
        return {m["org_id"]: m["name"] for m in sub.facts.get("members", []) if not m.get("left")}

    new_m, old_m = members(newer), members(older)
    new_f, old_f = set(newer.facts.get("flags", [])), set(older.facts.get("flags", []))
    return {
        "members_added": sorted(new_m[k] for k in new_m.keys() - old_m.keys()),
        "members_removed": sorted(old_m[k] for k in old_m.keys() - new_m.keys()),
        "flags_added": sorted(new_f - old_f),
        "flags_removed": sorted(old_f - new_f),
        "materials_changed": sorted(k for k in set(newer.materials) | set(older.materials)
                                    if newer.materials.get(k) != older.materials.get(k)),
        "eligibility": [older.eligibility.get("status"), newer.eligibility.get("status")],
    }
