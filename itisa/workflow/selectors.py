"""Reads about one case (who sees which cases: ``itisa.access.visible_to(user, "workflow.view_case")``)."""

from __future__ import annotations

from typing import Any

from itisa.workflow.labels import in_language
from itisa.workflow.models import Case, Submission
from policy.api import materials


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
    names = {m["id"]: in_language(m) for m in materials(newer.case.pack_id, newer.case.procedure_id)}  # by name
    return {
        "members_added": sorted(new_m[k] for k in new_m.keys() - old_m.keys()),
        "members_removed": sorted(old_m[k] for k in old_m.keys() - new_m.keys()),
        "flags_added": sorted(new_f - old_f),
        "flags_removed": sorted(old_f - new_f),
        "materials_changed": sorted(names.get(k, k) for k in set(newer.materials) | set(older.materials)
                                    if newer.materials.get(k) != older.materials.get(k)),
        "eligibility": [older.eligibility.get("status"), newer.eligibility.get("status")],
    }
