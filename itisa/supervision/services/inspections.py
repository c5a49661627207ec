"""Inspections of how an alliance ran and used the bureau's money (Jiangning 第十三条): the record, and — when
misuse is found — the finding the packs read as the ``funds_misused`` flag, after which the consequence the
text names (recovery of money paid, no further applications) is applied from the pack, as any other."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from itisa.access import requires
from itisa.audit.services import audit_record, snapshot
from itisa.core.dates import check_date
from itisa.core.params import is_blank
from itisa.documents.models import DocumentKind
from itisa.register.models import Alliance
from itisa.supervision.governing import pack_for
from itisa.supervision.inspection_terms import MISUSE_FLAG, inspection_terms
from itisa.supervision.models import Finding, FundInspection, InspectionOutcome
from itisa.supervision.services.common import SUPERVISED, attach, lock, user_or_none
from itisa.supervision.services.evaluation import consequences_apply, finding_record


def _check(inspected_on: date, inspectors: str, findings: str, outcome: str, evidence: bool) -> None:
    check_date("inspected_on", inspected_on)
    errors: dict[str, list[ValidationError]] = {}
    if is_blank(inspectors):
        errors["inspectors"] = [ValidationError(_("Name who inspected."), code="required")]
    if is_blank(findings):
        errors["findings"] = [ValidationError(_("Write what the inspection found."), code="required")]
    if outcome not in InspectionOutcome.values:
        errors["outcome"] = [ValidationError(_("“%(value)s” is not a valid choice."), code="invalid_choice",
                                             params={"value": outcome})]
    if outcome == InspectionOutcome.MISUSED and not evidence:  # the finding it records needs its evidence
        errors["attachments"] = [ValidationError(_("Attach the evidence of the misuse found."), code="evidence_required")]
    if errors:
        raise ValidationError(errors)


@requires("supervision.inspect", "alliance")
def inspection_record(*, actor: Any, alliance: Alliance, inspected_on: date, inspectors: str, findings: str,
                      outcome: str, attachments: Iterable[Any] = (), reason: str = "") -> FundInspection:
    """Record an inspection under the text in force on its date. Misuse records the finding (once per alliance)
    and, for an alliance under supervision, applies what the pack says follows; the applied consequences are
    on the alliance's record (``AppliedConsequence``) with the article."""
    attachments = [a for a in attachments if a is not None]
    _check(inspected_on, inspectors, findings, outcome, evidence=bool(attachments))
    pack = pack_for(alliance, inspected_on)
    terms = inspection_terms(pack)
    if terms is None:
        raise ValidationError(_("%(doc)s provides for no inspection of the use of funds."), code="no_inspection",
                              params={"doc": pack.doc})
    with transaction.atomic():
        locked = lock(alliance)
        documents = [attach(actor=actor, alliance=locked, kind=DocumentKind.INSPECTION_REPORT, attachment=a,
                            reason=_("Inspection of the use of funds")) for a in attachments]
        finding = None
        if outcome == InspectionOutcome.MISUSED:
            finding = Finding.objects.filter(alliance=locked, kind=MISUSE_FLAG).first() or finding_record(
                actor=actor, alliance=locked, kind=MISUSE_FLAG, description=findings, on=inspected_on,
                evidence=next((d for d in documents if d is not None), None))
        row = FundInspection.objects.create(
            alliance=locked, pack_id=pack.id, article=terms.duty["article"], inspected_on=inspected_on,
            inspectors=inspectors.strip(), findings=findings.strip(), outcome=outcome, finding=finding,
            recorded_by=user_or_none(actor))
        row.documents.set([d for d in documents if d is not None])
        audit_record(actor=actor, action="supervision.inspection", target=row,
                     after={**snapshot(row), "documents": [d.pk for d in documents if d is not None]}, reason=reason)
        if finding is not None and locked.status in SUPERVISED:
            consequences_apply(actor=actor, alliance=locked, on=inspected_on)
    return row
