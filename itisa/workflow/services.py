"""Every move of a case: one transaction, the case row locked, the move checked against the pack's
transition table (role, guard, article), the timeline and audit trail written, a frozen version
made on submission. Two people acting on one case at once: one wins, the other gets a conflict."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.access import requires, who
from itisa.access.workflow import case_roles
from itisa.audit.services import audit_record
from itisa.core.dates import check_date
from itisa.documents.models import Document
from itisa.register.facts import alliance_facts, alliances_for_facts
from itisa.register.models import Alliance, Jurisdiction
from itisa.workflow import guards
from itisa.workflow.facts import merge_procedure_facts
from itisa.workflow.labels import action_label, article_text, code_label
from itisa.workflow.models import Call, Case, CaseMaterial, CaseTransition, Submission
from itisa.workflow.packs import pack_in_force
from policy.api import check_eligibility, get_pack, guards_of, intake, materials, procedure, step
from policy.types import Refusal

SUBMIT_ACTIONS = {"submit", "resubmit", "apply", "apply_for_acceptance"}


class CaseConflict(ValidationError):
    """The case changed since the actor loaded it (another decision won)."""


class TransitionRefused(ValidationError):
    """The pack's table does not allow this move now; the message cites the article."""


def _today() -> date:
    return timezone.localdate()


def _digest(data: Any) -> str:
    body = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- calls


@requires("workflow.create_call", "jurisdiction")
def call_create(*, actor: Any, jurisdiction: Jurisdiction, year: int, title: str, opens_on: date,
                closes_on: date | None, procedure_id: str = "recognition") -> Call:
    """Open a call under the jurisdiction's text in force on the opening day."""
    check_date("opens_on", opens_on, "planned")
    check_date("closes_on", closes_on, "planned")
    pack = pack_in_force(jurisdiction, opens_on)
    mode = (intake(pack, procedure_id) or {}).get("mode")
    if closes_on is not None and closes_on < opens_on:
        raise ValidationError({"closes_on": ValidationError(_("A call cannot close before it opens."),
                                                            code="call_dates")})
    with transaction.atomic():
        call = Call.objects.create(jurisdiction=jurisdiction, pack_id=pack.id, procedure_id=procedure_id,
                                   year=year, title=title,
                                   opens_on=opens_on, closes_on=None if mode == "year_round" else closes_on)
        audit_record(actor=actor, action="call.create", target=call,
                     after={"pack": pack.id, "opens_on": opens_on, "closes_on": call.closes_on, "intake": mode})
    return call


# ---------------------------------------------------------------- cases


@requires("workflow.open_case", "alliance")
def case_open(*, actor: Any, alliance: Alliance, procedure_id: str = "recognition", call: Call | None = None,
              on: date | None = None) -> Case:
    """Open a case for the alliance under its jurisdiction's text in force today. A yearly call is
    required where the pack's intake says so; an application outside its window is refused with the article."""
    on = on or _today()
    pack = pack_in_force(alliance.jurisdiction, on)
    try:
        proc = procedure(pack, procedure_id)
    except KeyError:
        raise ValidationError({"procedure": ValidationError(
            _("%(doc)s has no such procedure."), code="unknown_procedure", params={"doc": pack.doc})}) from None
    mode = (proc.get("intake") or {}).get("mode")
    article = (proc.get("intake") or {}).get("article", proc.get("article", ""))
    _may_take_part(actor, alliance, pack, proc, article)
    if mode in ("yearly_call", "public_call"):
        if call is None:
            raise TransitionRefused(_("%(doc)s %(article)s: applications are made under the bureau's call."),
                                    code="call_required", params={"doc": pack.doc, "article": article})
        if call.jurisdiction_id != alliance.jurisdiction_id or call.procedure_id != procedure_id:
            raise ValidationError({"call": ValidationError(_("This call is not for this alliance's procedure."),
                                                           code="wrong_call")})
        if not call.is_open_on(on):
            raise TransitionRefused(
                _("%(doc)s %(article)s: the call “%(call)s” is open from %(opens)s to %(closes)s; today is %(day)s."),
                code="outside_window",
                params={"doc": pack.doc, "article": article, "call": call.title, "opens": call.opens_on.isoformat(),
                        "closes": call.closes_on.isoformat() if call.closes_on else "—", "day": on.isoformat()})
    with transaction.atomic():
        Alliance.objects.select_for_update().get(pk=alliance.pk)
        try:
            with transaction.atomic():
                case = Case.objects.create(alliance=alliance, jurisdiction=alliance.jurisdiction, call=call,
                                           pack_id=pack.id, pack_digest=pack.digest, procedure_id=procedure_id,
                                           state=proc["initial"], opened_on=on)
        except IntegrityError:
            raise CaseConflict(_("This alliance already has an open %(procedure)s case."), code="case_open",
                               params={"procedure": proc["zh"]}) from None
        audit_record(actor=actor, action="case.open", target=case,
                     after={"pack": pack.id, "procedure": procedure_id, "state": case.state})
    return case


def _may_take_part(actor: Any, alliance: Alliance, pack: Any, proc: dict[str, Any], article: str) -> None:
    """The opener must be a party of the procedure: a lead unit opens no procedure in which it has no move (a
    revocation, a performance evaluation); the alliance's bureau has a move in every one."""
    parties = set()
    if who.is_lead_of(actor, alliance):
        parties.add("lead_unit")
    if who.superuser(actor) or alliance.jurisdiction_id in who.jurisdiction_ids(actor):
        parties.add("bureau")
    if not parties & {t["role"] for t in proc["transitions"]}:
        raise PermissionDenied(_("%(procedure)s is not for you to open (%(doc)s %(article)s).") % {
            "procedure": proc["zh"], "doc": pack.doc, "article": article_text(article)})


@requires("workflow.attach_material", "case")
def case_attach_material(*, actor: Any, case: Case, material_id: str, document: Document) -> CaseMaterial:
    known = {m["id"] for m in materials(case.pack_id, case.procedure_id)}
    if material_id not in known:
        raise ValidationError({"material_id": ValidationError(_("“%(value)s” is not a material of this procedure."),
                                                              code="unknown_material", params={"value": material_id})})
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.closed:
            raise TransitionRefused(_("This case is closed."), code="closed")
        attached = CaseMaterial.objects.create(case=locked, material_id=material_id, document=document)
        audit_record(actor=actor, action="case.material", target=locked,
                     after={"material": material_id, "document": document.pk, "sha256": document.sha256})
    return attached


@dataclass(frozen=True)
class Outcome:
    case: Case
    transition: CaseTransition
    submission: Submission | None


def _eligibility(case: Case, on: date) -> tuple[dict[str, Any], Any]:
    alliance = alliances_for_facts(Alliance.objects.filter(pk=case.alliance_id)).get()
    facts = merge_procedure_facts(alliance_facts(alliance, on=on), alliance, on)
    # The case's attached materials are documents present (e.g. Luoyang 第七条(二) feasibility_report).
    attached = set(case.materials.values_list("material_id", flat=True))
    facts["flags"] = sorted(set(facts.get("flags", [])) | attached)
    return facts, check_eligibility(case.pack_id, facts, on)


@requires("workflow.act_case", "case")
def case_act(*, actor: Any, case: Case, action: str, reason: str = "", expected_version: int | None = None,
             on: date | None = None, context: dict[str, Any] | None = None) -> Outcome:
    """Take *action* on the case as *actor*. Refused (with the article) when the pack's table does
    not allow it in this state, for this actor's role, or when its guard fails."""
    on = on or _today()
    context = dict(context or {})
    with transaction.atomic():
        locked = Case.objects.select_for_update(of=("self",)).select_related("alliance__region", "call", "jurisdiction").get(
            pk=case.pk)
        if expected_version is not None and locked.lock_version != expected_version:
            raise CaseConflict(
                _("The case was changed by someone else (now at step %(now)s, you saw %(seen)s); reload it."),
                code="stale", params={"now": locked.lock_version, "seen": expected_version})
        if locked.closed:
            raise TransitionRefused(_("This case is closed."), code="closed")
        roles = case_roles(actor, locked)
        pack = get_pack(locked.pack_id)
        candidates = [t for t in procedure(pack, locked.procedure_id)["transitions"]
                      if t["from"] == locked.state and t["action"] == action]
        role = next((t["role"] for t in candidates if t["role"] in roles), None)
        if candidates and role is None:
            raise PermissionDenied(_("%(action)s is for %(roles)s (%(doc)s %(article)s).") % {
                "action": action_label(action), "roles": "、".join(sorted({code_label(t["role"]) for t in candidates})),
                "doc": pack.doc, "article": article_text(candidates[0]["article"])})
        facts = eligibility = None
        if action in SUBMIT_ACTIONS or any("eligible" in guards_of(t) for t in candidates):
            facts, eligibility = _eligibility(locked, on)
            context["eligibility"] = eligibility
        guard_results: dict[str, bool] = {}
        explanations: dict[str, str] = {}
        for t in candidates:
            for name in guards_of(t) if t["role"] == role else ():
                if name not in guard_results:
                    ok, why = guards.evaluate(name, locked, on, context)
                    guard_results[name] = ok
                    explanations[name] = why
        moved = step(pack, locked.state, action, role or "public", guard_results, locked.procedure_id)
        if isinstance(moved, Refusal):
            detail = "；".join(why for name, why in explanations.items() if not guard_results[name]) or moved.zh
            article = moved.citation.article if moved.citation else ""
            raise TransitionRefused(_("%(why)s (%(doc)s %(article)s)"), code=moved.code,
                                    params={"why": detail, "doc": pack.doc, "article": article_text(article)})
        submission = None
        if action in SUBMIT_ACTIONS:
            submission = _freeze(locked, actor, facts or {}, eligibility)
        engine_digest = _digest(eligibility.to_dict()) if eligibility is not None else ""
        seq = locked.transitions.count() + 1
        transition = CaseTransition.objects.create(
            case=locked, seq=seq, from_state=locked.state, to_state=moved.target, action=action, role=moved.role,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_repr=str(actor) if actor is not None else "public", on=on, reason=reason,
            article=moved.citation.article, pack_digest=locked.pack_digest, engine_digest=engine_digest)
        before = {"state": locked.state, "version": locked.lock_version}
        locked.state = moved.target
        locked.lock_version += 1
        terminal = {s["id"] for s in procedure(pack, locked.procedure_id)["states"] if s.get("terminal")}
        locked.closed = moved.target in terminal
        locked.save(update_fields=["state", "lock_version", "closed", "updated_at"])
        audit_record(actor=actor, action=f"case.{action}", target=locked, before=before,
                     after={"state": locked.state, "version": locked.lock_version, "article": moved.citation.article,
                            "engine_digest": engine_digest, "pack_digest": locked.pack_digest}, reason=reason)
        for hook in AFTER_TRANSITION:
            hook(locked, transition, actor)
    return Outcome(locked, transition, submission)


# Apps add what follows a move (recognition writes the level history, notices open, …); each hook
# runs inside the same transaction and must schedule external side effects with on_commit.
AFTER_TRANSITION: list[Any] = []


def _freeze(case: Case, actor: Any, facts: dict[str, Any], eligibility: Any) -> Submission:
    mats: dict[str, list[dict[str, Any]]] = {}
    for m in case.materials.select_related("document"):
        mats.setdefault(m.material_id, []).append({"document": m.document_id, "sha256": m.document.sha256,
                                                   "name": m.document.original_name})
    result = eligibility.to_dict() if eligibility is not None else {}
    number = case.submissions.count() + 1
    digest = _digest({"facts": facts, "eligibility": result, "materials": mats})
    return Submission.objects.create(case=case, number=number, facts=facts, eligibility=result, materials=mats,
                                     digest=digest,
                                     submitted_by=actor if getattr(actor, "is_authenticated", False) else None)
