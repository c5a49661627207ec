"""Uploading a case's material: store the document, attach it to the case, in one transaction — the one
way the lead unit's pages and the API both take (a refused attachment leaves no document and no file)."""

from __future__ import annotations

from typing import IO, Any

from django.db import transaction

from itisa.documents.models import DocumentKind
from itisa.documents.services import document_upload
from itisa.workflow.models import Case, CaseMaterial
from itisa.workflow.services import case_attach_material

#: The material's id (as the packs name it) → the kind of document it is stored as.
MATERIAL_DOCUMENT_KIND = (
    ("feasibility", DocumentKind.FEASIBILITY_REPORT), ("application", DocumentKind.APPLICATION_FORM),
    ("agreement", DocumentKind.AGREEMENT), ("plan", DocumentKind.PLAN), ("strategy", DocumentKind.PLAN),
    ("rules", DocumentKind.RULES), ("licence", DocumentKind.BUSINESS_LICENCE),
    ("funding", DocumentKind.FUNDING_PROOF), ("organs", DocumentKind.RULES),
)


def document_kind(material_id: str) -> str:
    return next((kind for key, kind in MATERIAL_DOCUMENT_KIND if key in material_id), DocumentKind.OTHER)


def case_upload_material(*, actor: Any, case: Case, material_id: str, name: str, stream: IO[bytes],
                         size: int) -> CaseMaterial:
    """Both steps are services with their own access rule and audit event (documents.upload,
    workflow.attach_material); either refusing undoes the other."""
    with transaction.atomic():
        doc = document_upload(actor=actor, kind=document_kind(material_id), name=name, stream=stream, size=size,
                              alliance=case.alliance, reason=f"case {case.pk} {material_id}")
        return case_attach_material(actor=actor, case=case, material_id=material_id, document=doc)
