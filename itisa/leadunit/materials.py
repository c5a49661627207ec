"""A case's materials on the lead unit's pages (the recognition application and every other procedure): the
checklist the pack asks for, and one upload stored as a document and attached to the case in one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from itisa.documents.models import Document, DocumentKind
from itisa.documents.services import document_upload
from itisa.leadunit.forms import MaterialForm
from itisa.register.models import Alliance
from itisa.workflow.models import Case
from itisa.workflow.selectors import required_materials
from itisa.workflow.services import case_attach_material

MATERIAL_DOCUMENT_KIND = (  # the material's id → the document kind it is stored as
    ("feasibility", DocumentKind.FEASIBILITY_REPORT), ("application", DocumentKind.APPLICATION_FORM),
    ("agreement", DocumentKind.AGREEMENT), ("plan", DocumentKind.PLAN), ("strategy", DocumentKind.PLAN),
    ("rules", DocumentKind.RULES), ("licence", DocumentKind.BUSINESS_LICENCE),
    ("funding", DocumentKind.FUNDING_PROOF), ("organs", DocumentKind.RULES),
)


def document_kind(material_id: str) -> str:
    return next((kind for key, kind in MATERIAL_DOCUMENT_KIND if key in material_id), DocumentKind.OTHER)


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


def material_upload(*, actor: Any, alliance: Alliance, case: Case, material_id: str, upload: Any) -> Document:
    """Store the uploaded file as the alliance's document and attach it to the case as *material_id*; a refusal
    of either leaves neither row nor file."""
    with transaction.atomic():
        doc = document_upload(actor=actor, kind=document_kind(material_id), name=upload.name, stream=upload.file,
                              size=upload.size, alliance=alliance, reason=f"case {case.pk} {material_id}")
        case_attach_material(actor=actor, case=case, material_id=material_id, document=doc)
    return doc
