"""Grades, the consequences the engine draws from them, rectification orders, findings, revocation."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from itisa.access import requires
from itisa.audit.services import audit_record, snapshot
from itisa.core.dates import check_date
from itisa.core.params import is_blank
from itisa.funding.services import member_bans_record
from itisa.recognition.services import recognitions_revoke_with_alliance
from itisa.register.models import Alliance, AllianceStatus
from itisa.register.selectors import members_on
from itisa.register.services import alliance_set_status, levels_end_with_alliance
from itisa.supervision import mail
from itisa.supervision.facts import supervision_facts
from itisa.supervision.governing import governing, pack_for
from itisa.supervision.models import (
    AppliedConsequence,
    Finding,
    FindingKind,
    Grade,
    GradeKind,
    Rectification,
    RectificationResult,
    Revocation,
)
from itisa.supervision.selectors import finding_rules
from itisa.supervision.services.common import (
    attach,
    digest,
    lock,
    require_supervised,
    today,
    user_or_none,
)
from policy.api import Pack, ParameterError, ParamSet, add_months, consequences
from policy.types import Consequence

#: How grave a status is: a consequence never moves an alliance to a milder one.
SEVERITY = {AllianceStatus.RECOGNISED: 0, AllianceStatus.WARNED: 1, AllianceStatus.SUPPORT_SUSPENDED: 2,
            AllianceStatus.REVOKED: 3, AllianceStatus.DISSOLVED: 4}
#: The engine's effects → the alliance status they lead to (policy/SCHEMA.md, consequences).
EFFECT_STATUS = {
    "warning": AllianceStatus.WARNED,
    "rectification": AllianceStatus.WARNED,
    "loses_support": AllianceStatus.SUPPORT_SUSPENDED,  # keeps the title (Luoyang 第九条, Jiangning 第十二条)
    "no_further_applications": AllianceStatus.SUPPORT_SUSPENDED,
    "loses_title": AllianceStatus.REVOKED,  # Henan 第十二条 取消资格
    "revoked": AllianceStatus.REVOKED,
}
DEFAULT_RECTIFICATION_MONTHS = 6
#: Effects that, where the consequence reaches the members too (scope ``alliance_and_members``), stop each
#: member organisation's support: a funding ban per member (Jiangning 第十二条, 第十三条).
MEMBER_EFFECTS = {"loses_support", "no_further_applications"}


def rectification_months(pack: Pack, on: date, months: int | None = None) -> int:
    """The rectification period: the caller's (the bureau decides it case by case), else the pack's
    parameter when the text fixes one, else ``settings.SUPERVISION_RECTIFICATION_MONTHS`` (default 6).
    Every pack here leaves it to the bureau ("限期整改", kind bureau_set)."""
    if months is not None:
        if months < 1:
            raise ValidationError({"rectification_months": ValidationError(
                _("The rectification period must be at least one month."), code="months")})
        return months
    try:
        value = ParamSet(pack).value("rectification_months", on)
    except ParameterError:  # the pack has no such parameter
        value = None
    return int(value) if value else int(getattr(settings, "SUPERVISION_RECTIFICATION_MONTHS",
                                                DEFAULT_RECTIFICATION_MONTHS))


def _trigger(c: Consequence) -> str:
    """What triggered it, stable across runs: a missed duty keeps its period whether overdue or late."""
    reason: dict[str, Any] = dict(c.reason)
    if "missed" in reason:
        reason = {"missed": sorted(m["period"] for m in reason["missed"])}
    return digest(reason)


def _set_status(actor: Any, alliance: Alliance, status: str, reason: str) -> None:
    if alliance.status != status:
        alliance_set_status(actor=actor, alliance=alliance, status=status, reason=reason)
        alliance.status = status


def _revoke(*, actor: Any, alliance: Alliance, pack: Pack, article: str, reason: str, on: date,
            plaque: bool, publish: bool, consequence: AppliedConsequence | None = None) -> Revocation:
    existing = Revocation.objects.filter(alliance=alliance).first()
    if existing is not None:
        return existing
    revocation = Revocation.objects.create(
        alliance=alliance, pack_id=pack.id, article=article, reason=reason, decided_on=on,
        decided_by=user_or_none(actor), consequence=consequence, plaque_recall_ordered=plaque,
        publication_required=publish, published_on=on)
    _set_status(actor, alliance, AllianceStatus.REVOKED, f"{pack.doc} {article}")
    # The level the revoking bureau granted ends that day; a higher bureau's level is that bureau's to end.
    levels_end_with_alliance(actor=actor, alliance=alliance, on=on, reason=f"{pack.doc} {article}",
                             jurisdiction=alliance.jurisdiction)
    recognitions_revoke_with_alliance(actor=actor, alliance=alliance, reason=reason, article=f"{pack.doc} {article}",
                                      on=on)
    audit_record(actor=actor, action="supervision.revoke", target=revocation, after={
        **snapshot(revocation), "pack_digest": pack.digest}, reason=reason)
    return revocation


def _latest_grade(alliance: Alliance, c: Consequence, pack: Pack) -> Grade | None:
    year = c.reason.get("year")
    if year is None:
        return None
    rule = next(r for r in pack.data.get("consequences") or () if r["id"] == c.id)
    return Grade.objects.filter(alliance=alliance, year=year, kind=rule["when"].get("kind", "yearly")).first()


def _apply(*, actor: Any, alliance: Alliance, pack: Pack, on: date, months: int | None) -> list[AppliedConsequence]:
    """Apply what the engine says is triggered and not yet applied. ``alliance`` is locked by the caller."""
    result = consequences(pack, supervision_facts(alliance, on=on), on)
    engine_digest = digest(result.to_dict())
    applied = []
    for c in result.consequences:
        if c.status != "triggered":
            continue  # "review": an expert question (Kunming 第十七条(四)) — the bureau decides with alliance_revoke
        trigger = _trigger(c)
        if AppliedConsequence.objects.filter(alliance=alliance, pack_id=pack.id, consequence=c.id,
                                             trigger=trigger).exists():
            continue
        before = alliance.status
        after = max([before, *(EFFECT_STATUS[e] for e in c.effects if e in EFFECT_STATUS)],
                    key=lambda s: SEVERITY.get(AllianceStatus(s), 0))
        ac = AppliedConsequence.objects.create(
            alliance=alliance, pack_id=pack.id, pack_digest=pack.digest, engine_digest=engine_digest,
            consequence=c.id, trigger=trigger, article=c.citation.article, effects=list(c.effects), scope=c.scope,
            reason=c.to_dict()["reason"], status_before=before, status_after=after, applied_on=on,
            applied_by=user_or_none(actor))
        rectification = None
        if "rectification" in c.effects:
            grade = _latest_grade(alliance, c, pack)
            if grade is None or not Rectification.objects.filter(grade=grade).exists():
                n = rectification_months(pack, on, months)
                rectification = Rectification.objects.create(
                    alliance=alliance, grade=grade, pack_id=pack.id, article=c.citation.article, ordered_on=on,
                    due_on=add_months(on, n), months=n)
        if after in (AllianceStatus.REVOKED,):
            _revoke(actor=actor, alliance=alliance, pack=pack, article=c.citation.article, reason=c.zh, on=on,
                    plaque="plaque_withdrawn" in c.effects, publish="published" in c.effects, consequence=ac)
        else:
            _set_status(actor, alliance, after, f"{pack.doc} {c.citation.article}")
        if c.scope == "alliance_and_members" and MEMBER_EFFECTS & set(c.effects):
            member_bans_record(actor=actor, alliance=alliance, pack=pack, article=c.citation.article, on=on,
                               organisations=[m.organisation for m in members_on(alliance, on)], reason=c.zh)
        audit_record(actor=actor, action="supervision.consequence", target=ac, before={"status": before}, after={
            "status": alliance.status, "consequence": c.id, "article": c.citation.article, "effects": list(c.effects),
            "scope": c.scope, "pack": pack.id, "pack_digest": pack.digest, "engine_digest": engine_digest,
            "rectification": rectification.pk if rectification else None}, reason=c.zh)
        context = {"alliance": alliance, "doc": pack.doc, "applied": ac, "consequence": c,
                   "rectification": rectification, "status_label": AllianceStatus(alliance.status).label}
        transaction.on_commit(partial(mail.send, "consequence", context, mail.people(alliance, "lead_unit")))
        applied.append(ac)
    return applied


@requires("supervision.decide", "alliance")
def consequences_apply(*, actor: Any, alliance: Alliance, on: date | None = None,
                       rectification_months: int | None = None) -> list[AppliedConsequence]:
    """Ask the engine which consequences the alliance's record triggers under the text in force and apply
    the new ones: status through the register, rectification order, revocation. Idempotent."""
    on = on or today()
    pack = pack_for(alliance, on)
    with transaction.atomic():
        locked = lock(alliance)
        require_supervised(locked)
        return _apply(actor=actor, alliance=locked, pack=pack, on=on, months=rectification_months)


def _scale(pack: Pack) -> list[dict[str, Any]]:
    return list((pack.data.get("evaluation") or {}).get("scale") or ())


@requires("supervision.decide", "alliance")
def grade_record(*, actor: Any, alliance: Alliance, year: int, grade: str, kind: str = GradeKind.YEARLY,
                 on: date | None = None, note: str = "", attachment: Any = None,
                 rectification_months: int | None = None) -> Grade:
    """Record a grade of the pack's scale (its id or its Chinese label) and apply what follows from it."""
    on = on or today()
    pack = pack_for(alliance, on)
    if kind not in GradeKind.values:
        raise ValidationError({"kind": ValidationError(_("“%(value)s” is not a valid choice."),
                                                       code="invalid_choice", params={"value": kind})})
    entry = next((s for s in _scale(pack) if grade in (s["id"], s["zh"])), None)
    if entry is None:
        raise ValidationError({"grade": ValidationError(
            _("%(doc)s grades as: %(scale)s."), code="not_in_scale",
            params={"doc": pack.doc, "scale": "、".join(s["zh"] for s in _scale(pack)) or "—"})})
    if year > on.year:
        raise ValidationError({"year": ValidationError(_("A year not yet begun cannot be graded."), code="year")})
    with transaction.atomic():
        locked = lock(alliance)
        require_supervised(locked)
        obj = Grade(alliance=locked, kind=kind, year=year, grade=entry["id"], grade_label=entry["zh"],
                    pack_id=pack.id, article=(pack.data.get("evaluation") or {}).get("article", ""), graded_on=on,
                    graded_by=user_or_none(actor), note=note.strip())
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError:
            raise ValidationError(_("%(alliance)s already has a %(kind)s grade for %(year)s."), code="duplicate_grade",
                                  params={"alliance": locked.name, "kind": GradeKind(kind).label,
                                          "year": year}) from None
        obj.document = attach(actor=actor, alliance=locked, kind="other", attachment=attachment,
                              reason=f"grade {obj.pk}")
        if obj.document is not None:
            obj.save(update_fields=["document"])
        audit_record(actor=actor, action="supervision.grade", target=obj, after={
            **snapshot(obj), "pack_digest": pack.digest}, reason=obj.article)
        _apply(actor=actor, alliance=locked, pack=pack, on=on, months=rectification_months)
    return obj


@requires("supervision.file", lambda kw: kw["rectification"].alliance)
def rectification_respond(*, actor: Any, rectification: Rectification, response: str, attachment: Any = None,
                          on: date | None = None) -> Rectification:
    """The lead unit answers the order (text and a document); it may revise the answer until judged."""
    on = on or today()
    alliance = rectification.alliance
    if is_blank(response):
        raise ValidationError({"response": ValidationError(_("Describe what was rectified."), code="required")})
    with transaction.atomic():
        lock(alliance)
        obj = Rectification.objects.select_for_update().get(pk=rectification.pk)
        if obj.result != RectificationResult.PENDING:
            raise ValidationError(_("This rectification has already been judged."), code="already_judged")
        before = {"response": obj.response, "responded_on": obj.responded_on}
        obj.response, obj.responded_on = response.strip(), on
        document = attach(actor=actor, alliance=alliance, kind="other", attachment=attachment,
                          reason=f"rectification {obj.pk}")
        if document is not None:
            obj.response_document = document
        obj.save(update_fields=["response", "responded_on", "response_document"])
        audit_record(actor=actor, action="supervision.rectification_respond", target=obj, before=before,
                     after={"response": obj.response, "responded_on": on, "document": obj.response_document_id},
                     reason=obj.article)
    return obj


@requires("supervision.decide", lambda kw: kw["rectification"].alliance)
def rectification_judge(*, actor: Any, rectification: Rectification, result: str, judgement: str = "",
                        on: date | None = None, rectification_months: int | None = None) -> Rectification:
    """Staff judge the rectification: passed lifts the warning; failed lets the engine draw the consequence
    (Luoyang 第九条: support withdrawn; Henan 第十二条: title withdrawn) — when a text is in force that day."""
    on = on or today()
    alliance = rectification.alliance
    if result not in (RectificationResult.PASS, RectificationResult.FAIL):
        raise ValidationError({"result": ValidationError(_("The result is either rectified or not rectified."),
                                                         code="invalid_choice")})
    with transaction.atomic():
        locked = lock(alliance)
        obj = Rectification.objects.select_for_update().get(pk=rectification.pk)
        if obj.result != RectificationResult.PENDING:
            raise ValidationError(_("This rectification has already been judged."), code="already_judged")
        if on < obj.ordered_on:
            raise ValidationError(_("A rectification cannot be judged before it was ordered (%(day)s)."),
                                  code="judged_before_ordered", params={"day": obj.ordered_on.isoformat()})
        obj.result, obj.judged_on, obj.judged_by, obj.judgement = result, on, user_or_none(actor), judgement.strip()
        obj.save(update_fields=["result", "judged_on", "judged_by", "judgement"])
        g = governing(locked, on)
        audit_record(actor=actor, action="supervision.rectification_judge", target=obj, after={
            "result": result, "judged_on": on, "governing": g.status, "article": obj.article}, reason=obj.judgement)
        if result == RectificationResult.PASS and locked.status == AllianceStatus.WARNED and not \
                Rectification.objects.filter(alliance=locked, result=RectificationResult.PENDING).exists():
            _set_status(actor, locked, AllianceStatus.RECOGNISED, f"{obj.article}: rectified")
        if g.pack is not None:
            _apply(actor=actor, alliance=locked, pack=g.pack, on=on, months=rectification_months)
    return obj


@requires("supervision.decide", "alliance")
def finding_record(*, actor: Any, alliance: Alliance, kind: str, description: str, attachment: Any = None,
                   on: date | None = None, evidence: Any = None) -> Finding:
    """Record a fact the text in force names as a ground (Kunming 第十七条(一)(三) refused supervision, fraud;
    Jiangning 第十三条 misused funds), with its evidence, citing the article the pack gives it. What follows
    is for the bureau to apply with ``consequences_apply`` (or, for a revocation, the revocation procedure).
    The evidence is an upload (*attachment*) or a document already on file (*evidence*, e.g. an inspection's)."""
    on = on or today()
    check_date("on", on)
    pack = pack_for(alliance, on)
    if kind not in FindingKind.values:
        raise ValidationError({"kind": ValidationError(_("“%(value)s” is not a valid choice."),
                                                       code="invalid_choice", params={"value": kind})})
    rule = next((r for r in finding_rules(pack) if r["when"]["flag"] == kind), None)
    if rule is None:
        raise ValidationError({"kind": ValidationError(
            _("%(doc)s names no consequence for this finding."), code="not_in_text", params={"doc": pack.doc})})
    errors = {}
    if is_blank(description):
        errors["description"] = [ValidationError(_("Describe the finding."), code="required")]
    if attachment is None and evidence is None:
        errors["attachment"] = [ValidationError(_("Attach the evidence of the finding."), code="evidence_required")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = lock(alliance)
        require_supervised(locked)
        if Finding.objects.filter(alliance=locked, kind=kind).exists():
            raise ValidationError(_("This finding is already recorded."), code="duplicate_finding")
        obj = Finding.objects.create(alliance=locked, kind=kind, found_on=on, description=description.strip(),
                                     pack_id=pack.id, article=str(rule["article"]), recorded_by=user_or_none(actor))
        obj.document = evidence or attach(actor=actor, alliance=locked, kind="other", attachment=attachment,
                                          reason=f"finding {obj.pk}")
        obj.save(update_fields=["document"])
        audit_record(actor=actor, action="supervision.finding", target=obj,
                     after={**snapshot(obj), "pack_digest": pack.digest}, reason=obj.article)
    return obj


@requires("supervision.decide", "alliance")
def alliance_revoke(*, actor: Any, alliance: Alliance, article: str, reason: str, on: date | None = None,
                    plaque_recall: bool = True, publish: bool = True) -> Revocation:
    """Revoke by the bureau's decision on grounds the engine leaves to it (e.g. Kunming 第十七条(四)),
    citing the article; the plaque is ordered back and the revocation enters the public register."""
    on = on or today()
    pack = pack_for(alliance, on)
    errors = {}
    if is_blank(article):
        errors["article"] = [ValidationError(_("Cite the article the revocation rests on."), code="required")]
    if is_blank(reason):
        errors["reason"] = [ValidationError(_("Give the reason for the revocation."), code="required")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = lock(alliance)
        require_supervised(locked)
        return _revoke(actor=actor, alliance=locked, pack=pack, article=article.strip(), reason=reason.strip(), on=on,
                       plaque=plaque_recall, publish=publish)


@requires("supervision.decide", lambda kw: kw["revocation"].alliance)
def revocation_plaque_recalled(*, actor: Any, revocation: Revocation, on: date | None = None) -> Revocation:
    """Record the day the plaque came back."""
    on = on or today()
    with transaction.atomic():
        lock(revocation.alliance)
        obj = Revocation.objects.select_for_update().get(pk=revocation.pk)
        if obj.plaque_recalled_on is not None:
            raise ValidationError(_("The plaque was already recorded as recalled on %(day)s."),
                                  code="already_recalled", params={"day": obj.plaque_recalled_on.isoformat()})
        if on < obj.decided_on:
            raise ValidationError(_("The plaque cannot come back before the revocation (%(day)s)."),
                                  code="recalled_before_revoked", params={"day": obj.decided_on.isoformat()})
        obj.plaque_recalled_on = on
        obj.save(update_fields=["plaque_recalled_on"])
        audit_record(actor=actor, action="supervision.plaque_recalled", target=obj, after={"plaque_recalled_on": on})
    return obj
