"""Issuing a recognition when a case reaches ``recognised``: the next document number of the
jurisdiction and year, the name from the jurisdiction's template, the level history, a random
verification code; then (on commit, as a task) the recognition document and the plaque
certificate as PDF. And recalling a plaque when a recognition is revoked.

Every service: keyword-only, an explicit actor, one transaction, rows locked, an audit event,
side effects on commit.
"""

from __future__ import annotations

import io
import secrets
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.access import requires
from itisa.audit.services import audit_record, snapshot
from itisa.documents.models import DocumentKind
from itisa.documents.services import document_upload
from itisa.recognition.conf import formats_for
from itisa.recognition.models import DocumentNumberCounter, Recognition, RecognitionStatus
from itisa.recognition.naming import recognised_name
from itisa.recognition.pdf import qr_svg_data_uri, render_pdf, verify_url
from itisa.register.models import AllianceLevel, Jurisdiction
from itisa.register.services import alliance_level_record
from itisa.workflow.models import Case, CaseTransition
from policy.api import get_pack

# Unambiguous when read off paper (no 0/O, 1/I/L, U): 30 symbols × 20 ≈ 98 bits, not guessable.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 20


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def document_number_next(*, jurisdiction: Jurisdiction, year: int) -> tuple[int, str]:
    """Advance and return (sequence, formatted number) for the jurisdiction and year. Must run in
    the caller's transaction: the counter row stays locked until it commits, so concurrent
    recognitions queue here, and a rollback returns the number."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("document_number_next must run inside the recognition's transaction")
    counter = DocumentNumberCounter.objects.select_for_update().filter(jurisdiction=jurisdiction, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                counter = DocumentNumberCounter.objects.create(jurisdiction=jurisdiction, year=year)
        except IntegrityError:  # another transaction created it first: wait for its lock
            counter = DocumentNumberCounter.objects.select_for_update().get(jurisdiction=jurisdiction, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    fmt = formats_for(jurisdiction.policy_pack)["number_format"]
    return counter.last_number, fmt.format(year=year, number=counter.last_number)


def recognition_after_transition(case: Case, transition: CaseTransition, actor: Any) -> None:
    """Workflow hook: a recognition procedure reaching ``recognised`` issues the recognition."""
    if transition.to_state == "recognised" and case.procedure_id == "recognition":
        recognition_issue(actor=actor, case=case, on=transition.on, article=transition.article)


@requires("recognition.issue", "case")
def recognition_issue(*, actor: Any, case: Case, on: date, article: str = "") -> Recognition:
    """Issue the recognition of a case that has reached ``recognised`` (called by the hook inside
    the move's transaction)."""
    with transaction.atomic():
        locked = Case.objects.select_for_update(of=("self",)).select_related("alliance__industry_field", "jurisdiction").get(
            pk=case.pk)
        if locked.state != "recognised":
            raise ValidationError(_("Only a case that has reached recognition can be issued a recognition."),
                                  code="not_recognised")
        if Recognition.objects.filter(case=locked).exists():
            raise ValidationError(_("This case's recognition has already been issued."), code="already_issued")
        pack = get_pack(locked.pack_id)
        level = pack.identity["recognises"][0]
        AllianceLevel(level)  # a pack naming an unknown level fails here, not in the register
        formats = formats_for(locked.jurisdiction.policy_pack, locked.pack_id)
        name = recognised_name(locked.alliance, formats["name_template"])
        sequence, number = document_number_next(jurisdiction=locked.jurisdiction, year=on.year)
        recognition = Recognition.objects.create(
            case=locked, alliance=locked.alliance, jurisdiction=locked.jurisdiction, pack_id=locked.pack_id,
            article=article, level=level, name=name, year=on.year, sequence=sequence, document_number=number,
            recognised_on=on, verification_code=new_verification_code())
        alliance_level_record(actor=actor, alliance=locked.alliance, level=level, from_date=on,
                              jurisdiction=locked.jurisdiction, document_number=number,
                              reason=_("Recognised by %(number)s (%(doc)s %(article)s)") % {
                                  "number": number, "doc": pack.doc, "article": article})
        audit_record(actor=actor, action="recognition.issue", target=recognition,
                     after={k: v for k, v in snapshot(recognition).items() if k != "verification_code"})
        actor_id = _user(actor).pk if _user(actor) is not None else None

        def render() -> None:
            from itisa.recognition.tasks import render_recognition_documents

            render_recognition_documents.enqueue(recognition.pk, actor_id)

        transaction.on_commit(render)
    return recognition


def _pdf_context(recognition: Recognition) -> dict[str, Any]:
    pack = get_pack(recognition.pack_id)
    url = verify_url(recognition.verification_code)
    lead = recognition.alliance.lead
    return {"r": recognition, "alliance": recognition.alliance, "lead": lead,
            "lead_name": lead.name_on(recognition.recognised_on),  # the name of the document's day (更名)
            "bureau": recognition.jurisdiction.name, "doc": pack.doc, "title": pack.identity.get("title", ""),
            "level": AllianceLevel(recognition.level).label, "verify_url": url, "qr": qr_svg_data_uri(url)}


@requires("recognition.render", "recognition")
def recognition_render_documents(*, actor: Any, recognition: Recognition, force: bool = False) -> Recognition:
    """Render and store the recognition document and the plaque certificate (PDF, SHA-256 by the
    document service). Idempotent: does nothing when both exist, unless *force*."""
    recognition = Recognition.objects.select_related("alliance__lead", "jurisdiction").get(pk=recognition.pk)
    if recognition.document_id and recognition.plaque_id and not force:
        return recognition
    context = _pdf_context(recognition)
    # Rendering is slow and touches no row: done before the transaction, stored inside it.
    files = {
        "document": (render_pdf("recognition/document.html", context), f"{recognition.document_number}-认定文件.pdf"),
        "plaque": (render_pdf("recognition/plaque.html", context), f"{recognition.document_number}-授牌证书.pdf"),
    }
    with transaction.atomic():
        locked = Recognition.objects.select_for_update().get(pk=recognition.pk)
        if locked.document_id and locked.plaque_id and not force:
            return locked
        stored = {}
        for field, (data, filename) in files.items():
            stored[field] = document_upload(actor=actor, kind=DocumentKind.RECOGNITION, name=filename,
                                            stream=io.BytesIO(data), size=len(data), alliance=locked.alliance,
                                            reason=locked.document_number)
        before = {"document": locked.document_id, "plaque": locked.plaque_id}
        locked.document, locked.plaque = stored["document"], stored["plaque"]
        locked.save(update_fields=["document", "plaque"])
        audit_record(actor=actor, action="recognition.render", target=locked, before=before,
                     after={"document": locked.document_id, "document_sha256": locked.document.sha256,
                            "plaque": locked.plaque_id, "plaque_sha256": locked.plaque.sha256})
    return locked


@requires("recognition.recall", "recognition")
def recognition_recall(*, actor: Any, recognition: Recognition, reason: str, article: str,
                       on: date | None = None) -> Recognition:
    """Mark the recognition revoked and its plaque recalled (e.g. Kunming 第十七条 “撤销其市级联盟资格、收回授牌”).
    The public verification page shows it as revoked from then on."""
    errors = {}
    if not reason.strip():
        errors["reason"] = ValidationError(_("Give the reason for the recall."), code="reason_required")
    if not article.strip():
        errors["article"] = ValidationError(_("Cite the article the recall rests on."), code="article_required")
    if errors:
        raise ValidationError(errors)
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = Recognition.objects.select_for_update().get(pk=recognition.pk)
        if locked.status == RecognitionStatus.RECALLED:
            raise ValidationError(_("This plaque was already recalled on %(day)s."), code="already_recalled",
                                  params={"day": locked.recalled_on.isoformat() if locked.recalled_on else "—"})
        if on < locked.recognised_on:
            raise ValidationError(_("A plaque cannot be recalled before it was awarded (%(day)s)."),
                                  code="recall_before_award", params={"day": locked.recognised_on.isoformat()})
        locked.status = RecognitionStatus.RECALLED
        locked.recalled_on = on
        locked.recall_reason = reason.strip()
        locked.recall_article = article.strip()
        locked.recalled_by = _user(actor)
        locked.save(update_fields=["status", "recalled_on", "recall_reason", "recall_article", "recalled_by"])
        audit_record(actor=actor, action="recognition.recall", target=locked, before={"status": "valid"},
                     after={"status": locked.status, "recalled_on": on, "article": locked.recall_article},
                     reason=locked.recall_reason)
    return locked


@requires("supervision.decide", "alliance")
def recognitions_revoke_with_alliance(*, actor: Any, alliance: Any, reason: str, article: str, on: date) -> int:
    """The alliance's title is revoked (supervision decided it, with its own permission check): every
    valid recognition of it is revoked with it, so the public verification shows it at once. Called
    inside the revoking service's transaction."""
    count = 0
    for recognition in Recognition.objects.select_for_update().filter(alliance=alliance,
                                                                     status=RecognitionStatus.VALID):
        recognition.status = RecognitionStatus.RECALLED
        recognition.recalled_on = on
        recognition.recall_reason = reason
        recognition.recall_article = article
        recognition.recalled_by = _user(actor)
        recognition.save(update_fields=["status", "recalled_on", "recall_reason", "recall_article", "recalled_by"])
        audit_record(actor=actor, action="recognition.revoke_with_alliance", target=recognition,
                     before={"status": "valid"}, after={"status": recognition.status, "recalled_on": on,
                                                        "article": article}, reason=reason)
        count += 1
    return count
