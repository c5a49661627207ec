"""A case's materials checklist on the lead unit's pages (the recognition application and every other procedure):
one row per material the pack asks for, with what is attached and its upload form. Uploads go through the one
material-upload service of pages and API (``itisa.workflow.materials.case_upload_material``)."""

from __future__ import annotations

from typing import Any

from itisa.leadunit.forms import MaterialForm
from itisa.workflow.models import Case
from itisa.workflow.selectors import required_materials


def material_rows(case: Case, forms: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """One row per material the pack asks of the case's procedure: the material, what is attached, the upload
    form (*forms* holds a bound form that failed, so its error shows in its row)."""
    attached: dict[str, list[Any]] = {}
    for m in case.materials.select_related("document").order_by("attached_at"):
        attached.setdefault(m.material_id, []).append(m)
    rows = []
    for mat in required_materials(case):
        form = (forms or {}).get(mat["id"]) or MaterialForm(initial={"material_id": mat["id"]},
                                                            auto_id=f"id_{mat['id']}_%s")
        rows.append({"material": mat, "attached": attached.get(mat["id"], []), "form": form})
    return rows
