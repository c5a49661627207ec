"""Claims for support money, from filing to proposal, and money a matter received outside the system.

The lead unit files a claim with its evidence; the bureau of the paying fund asks for more, rejects with a
reason, or accepts: acceptance runs ``grant_propose`` with the claim as the engine's event (or, for lead
matching, as evidence) and the bureau's own decisions (``key_supported``), so the proposal carries the claim,
its documents and those decisions. Nothing is stored when the engine refuses: the refusal is the answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.access import requires
from itisa.audit.services import audit_record, snapshot
from itisa.core.dates import check_date
from itisa.documents.models import Document, DocumentKind
from itisa.documents.services import document_upload
from itisa.funding import engine_io
from itisa.funding.claim_forms import ClaimKind, claim_kind
from itisa.funding.models import OPEN_CLAIM, Claim, ClaimStatus, OutsideFunding
from itisa.funding.services import ProposalRun, _money, grant_propose
from itisa.register.models import Alliance, Jurisdiction
from policy.api import Pack, entitlements

Upload = tuple[str, IO[bytes], int]  # (file name, stream, size)


def _today() -> dt.date:
    return timezone.localdate()


def as_of(event: Mapping[str, Any]) -> dt.date:
    """The day a claim is judged on: the day of its happening (the text then in force, the payments then
    made), else the end of its year, never after today."""
    today = _today()
    if event.get("date"):
        day = dt.date.fromisoformat(str(event["date"]))
    elif event.get("year"):
        day = dt.date(int(event["year"]), 12, 31)
    else:
        day = today
    return min(day, today)


def claim_jurisdiction(alliance: Alliance, pack: Pack, spec: ClaimKind) -> Jurisdiction:
    """The bureau whose fund pays the article reviews the claim (docs/access.md: money is the fund's)."""
    fund = engine_io.fund_for(pack, spec.rule_ids[0])
    if fund is not None:
        return fund.jurisdiction
    return engine_io.pack_jurisdiction(pack) or alliance.jurisdiction


def engine_args(
    claim: Claim | None, pack: Pack, spec: ClaimKind, event: Mapping[str, Any], flags: Iterable[str] = ()
) -> dict[str, Any]:
    """How a claim reaches the engine: as the event, or (lead matching) as evidence for its rule."""
    if spec.as_evidence:
        return {"claim": None, "evidence": [dict(event)], "rules": list(spec.rule_ids), "flags": sorted(flags)}
    return {"claim": dict(event), "evidence": [], "rules": list(spec.rule_ids), "flags": sorted(flags)}


def claim_preview(
    alliance: Alliance,
    pack: Pack,
    spec: ClaimKind,
    event: Mapping[str, Any],
    *,
    on: dt.date | None = None,
    flags: Iterable[str] = (),
) -> dict[str, Any]:
    """The engine's live answer for a claim not yet filed (read only): entitlements of its rules and refusals."""
    on = on or as_of(event)
    args = engine_args(None, pack, spec, event, flags)
    facts = engine_io.build_facts(alliance, pack, on, evidence=args["evidence"], flags=args["flags"])
    res = entitlements(pack, facts, on, event=args["claim"])
    wanted = set(spec.rule_ids)
    return {
        "entitlements": [e for e in res.entitlements if e.rule in wanted],
        "refusals": [r for r in res.refusals if r.rule in wanted or r.rule is None],
    }


def _attach(actor: Any, claim: Claim, files: Iterable[Upload], reason: str) -> list[Document]:
    docs = []
    for name, stream, size in files:
        docs.append(
            document_upload(
                actor=actor,
                kind=DocumentKind.FUNDING_PROOF,
                name=name,
                stream=stream,
                size=size,
                alliance=claim.alliance,
                reason=reason or claim.ref,
            )
        )
    claim.documents.add(*docs)
    _record_documents(claim)
    return docs


def _record_documents(claim: Claim) -> None:
    """The evidence travels with the claim's event (kept as data by the facts format) into the proposal."""
    claim.event = {
        **claim.event,
        "claim": claim.ref,
        "documents": [
            {"id": d.pk, "name": d.original_name, "sha256": d.sha256} for d in claim.documents.order_by("pk")
        ],
    }
    claim.save(update_fields=["event", "updated_at"])


@requires("funding.claim", "alliance")
def claim_file(
    *,
    actor: Any,
    alliance: Alliance,
    pack: Pack | str,
    kind: str,
    event: Mapping[str, Any],
    files: Iterable[Upload] = (),
    note: str = "",
    on: dt.date | None = None,
) -> Claim:
    """File a claim of ``kind`` under ``pack`` with its evidence documents."""
    pack = engine_io.pack_of(pack)
    spec = claim_kind(pack, kind)
    if spec is None:
        raise ValidationError(
            _("%(pack)s pays nothing on a claim of this kind."), code="not_claimable", params={"pack": pack.doc}
        )
    if event.get("kind") != kind:
        raise ValidationError(_("The claim does not match its kind."), code="kind_mismatch")
    if event.get("date"):  # the day of the happening: no year 1, nothing far ahead (itisa.core.dates)
        check_date("date", dt.date.fromisoformat(str(event["date"])))
    with transaction.atomic():
        rule = spec.rules[0]
        claim = Claim(
            alliance=alliance,
            jurisdiction=claim_jurisdiction(alliance, pack, spec),
            pack_id=pack.id,
            kind=kind,
            article=rule["article"],
            citation=f"{pack.doc} {rule['article']}",
            event=dict(event),
            lead_note=note,
            filed_by=actor if actor.is_authenticated else None,
            filed_on=on or _today(),
        )
        claim.save()
        claim.event = {**claim.event, "id": claim.ref}
        claim.save(update_fields=["event"])
        _attach(actor, claim, files, note)
        audit_record(actor=actor, action="claim.file", target=claim, after=snapshot(claim), reason=note)
    return claim


@requires("funding.claim", lambda kw: kw["claim"].alliance)
def claim_add_evidence(*, actor: Any, claim: Claim, files: Iterable[Upload] = (), note: str = "") -> Claim:
    """Add documents to an open claim; a claim the bureau sent back is resubmitted with them."""
    files = list(files)
    with transaction.atomic():
        locked = Claim.objects.select_for_update().select_related("alliance").get(pk=claim.pk)
        if locked.status not in OPEN_CLAIM:
            raise ValidationError(
                _("%(claim)s is already %(status)s."),
                code="closed",
                params={"claim": locked.ref, "status": locked.get_status_display()},
            )
        if not files and not note.strip():
            raise ValidationError(_("Add a document or a note."), code="nothing_added")
        before = snapshot(locked)
        _attach(actor, locked, files, note)
        if note.strip():
            locked.lead_note = note.strip()
        locked.status = ClaimStatus.SUBMITTED
        locked.save()
        audit_record(
            actor=actor, action="claim.resubmit", target=locked, before=before, after=snapshot(locked), reason=note
        )
    return locked


def _open_locked(claim: Claim) -> Claim:
    locked = Claim.objects.select_for_update().select_related("alliance").get(pk=claim.pk)
    if locked.status not in OPEN_CLAIM:
        raise ValidationError(
            _("%(claim)s is already %(status)s."),
            code="closed",
            params={"claim": locked.ref, "status": locked.get_status_display()},
        )
    return locked


def _decided(actor: Any, locked: Claim, status: str, reason: str, on: dt.date) -> None:
    locked.status = status
    locked.decision_reason = reason
    locked.decided_by = actor if actor.is_authenticated else None
    locked.decided_on = on


@requires("funding.review_claim", lambda kw: kw["claim"].jurisdiction)
def claim_ask_evidence(*, actor: Any, claim: Claim, reason: str) -> Claim:
    """Send the claim back to the lead unit, saying what is missing."""
    if not reason.strip():
        raise ValidationError({"reason": ValidationError(_("Say what evidence is missing."), code="required")})
    with transaction.atomic():
        locked = _open_locked(claim)
        before = snapshot(locked)
        locked.status = ClaimStatus.MORE_EVIDENCE
        locked.staff_note = reason.strip()
        locked.save()
        audit_record(
            actor=actor,
            action="claim.ask_evidence",
            target=locked,
            before=before,
            after=snapshot(locked),
            reason=reason,
        )
    return locked


@requires("funding.review_claim", lambda kw: kw["claim"].jurisdiction)
def claim_reject(*, actor: Any, claim: Claim, reason: str, on: dt.date | None = None) -> Claim:
    if not reason.strip():
        raise ValidationError({"reason": ValidationError(_("A rejection needs a reason."), code="reason_required")})
    with transaction.atomic():
        locked = _open_locked(claim)
        before = snapshot(locked)
        _decided(actor, locked, ClaimStatus.REJECTED, reason.strip(), on or _today())
        locked.save()
        audit_record(
            actor=actor, action="claim.reject", target=locked, before=before, after=snapshot(locked), reason=reason
        )
    return locked


@requires("funding.review_claim", lambda kw: kw["claim"].jurisdiction)
def claim_accept(
    *, actor: Any, claim: Claim, flags: Iterable[str] = (), reason: str = "", on: dt.date | None = None
) -> ProposalRun:
    """Accept the claim into grant proposals: the engine runs on the claim with the bureau's decisions
    (``flags``: facts only the bureau asserts, e.g. ``key_supported``). When the engine proposes nothing the
    claim stays open and the refusals are the error (nothing is stored)."""
    on = on or as_of(claim.event)
    pack = engine_io.pack_of(claim.pack_id)
    spec = claim_kind(pack, claim.kind)
    if spec is None:
        raise ValidationError(
            _("%(pack)s pays nothing on a claim of this kind."), code="not_claimable", params={"pack": pack.doc}
        )
    allowed = {f for f, _zh, _en in spec.staff_flags}
    flags = sorted(set(flags))
    if set(flags) - allowed:
        raise ValidationError(
            {
                "flags": ValidationError(
                    _("“%(value)s” is not a valid choice."), code="invalid_choice", params={"value": ", ".join(flags)}
                )
            }
        )
    with transaction.atomic():
        locked = _open_locked(claim)
        before = snapshot(locked)
        args = engine_args(locked, pack, spec, locked.event, flags)
        run = grant_propose(
            actor=actor,
            alliance=locked.alliance,
            pack=pack,
            on=on,
            claim=args["claim"],
            evidence=args["evidence"],
            flags=args["flags"],
            rules=args["rules"],
            reason=reason or locked.ref,
        )
        if not run.proposals:
            words = "; ".join(r.get("zh") or r["message"] for r in run.refusals) or _("the engine gives nothing")
            raise ValidationError(
                _("%(claim)s cannot be proposed: %(why)s"), code="refused", params={"claim": locked.ref, "why": words}
            )
        for p in run.proposals:
            if spec.as_evidence:  # the proposal carries the claim it came from, its matching proof included
                p.claim = dict(locked.event)
                p.save(update_fields=["claim"])
        locked.proposals.add(*run.proposals)
        locked.asserted_flags = flags
        _decided(actor, locked, ClaimStatus.ACCEPTED, reason, on)
        locked.save()
        audit_record(
            actor=actor,
            action="claim.accept",
            target=locked,
            before=before,
            after={**snapshot(locked), "proposals": [p.ref for p in run.proposals]},
            reason=reason,
        )
    return run


@requires("funding.decide", lambda kw: kw["claim"].alliance.jurisdiction)
def claim_propose(*, actor: Any, claim: Claim, on: dt.date, year: int | None = None, reason: str = "") -> ProposalRun:
    """Propose again on an accepted claim from the money page (its first proposal was rejected, say for want of
    budget): the engine runs on the claim's own event — its matter is what "no double funding" compares (Luoyang
    第二十一条) — with the bureau's findings at acceptance. New proposals join the claim; refusals are the answer."""
    with transaction.atomic():
        locked = Claim.objects.select_for_update().select_related("alliance").get(pk=claim.pk)
        if locked.status != ClaimStatus.ACCEPTED:
            raise ValidationError({"claim": ValidationError(
                _("%(claim)s is %(status)s: only an accepted claim is proposed from here."), code="not_accepted",
                params={"claim": locked.ref, "status": locked.get_status_display()})})
        pack = engine_io.pack_of(locked.pack_id)
        spec = claim_kind(pack, locked.kind)
        if spec is None:
            raise ValidationError(
                _("%(pack)s pays nothing on a claim of this kind."), code="not_claimable", params={"pack": pack.doc}
            )
        args = engine_args(locked, pack, spec, locked.event, locked.asserted_flags)
        run = grant_propose(actor=actor, alliance=locked.alliance, pack=pack, on=on, claim=args["claim"], year=year,
                            evidence=args["evidence"], flags=args["flags"], rules=args["rules"],
                            reason=reason or locked.ref)
        for p in run.proposals:
            if spec.as_evidence:  # as on acceptance: the proposal carries the claim with its matching proof
                p.claim = dict(locked.event)
                p.save(update_fields=["claim"])
        locked.proposals.add(*run.proposals)
    return run


@requires("funding.decide", lambda kw: kw["alliance"].jurisdiction)
def outside_funding_record(
    *, actor: Any, alliance: Alliance, matter: str, source: str, amount: Decimal, received_on: dt.date, note: str = ""
) -> OutsideFunding:
    """Record money the matter received under another policy, so the engine refuses to fund it again."""
    check_date("received_on", received_on)
    errors = {}
    if not matter.strip():
        errors["matter"] = ValidationError(_("A matter key is required."), code="required")
    if not source.strip():
        errors["source"] = ValidationError(_("Name the policy that paid it."), code="required")
    amount = _money(amount)
    if amount <= 0:
        errors["amount"] = ValidationError(_("An amount must be more than zero."), code="not_positive")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = OutsideFunding.objects.create(
            alliance=alliance,
            matter=matter.strip(),
            source=source.strip(),
            amount=amount,
            received_on=received_on,
            note=note,
            recorded_by=actor if actor.is_authenticated else None,
        )
        audit_record(actor=actor, action="funding.outside_record", target=row, after=snapshot(row), reason=note)
    return row
