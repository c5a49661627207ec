"""Dissolution on the lead's application with every member's consent (Jiangning 第十二条), and upgrades."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from itisa.access import requires
from itisa.audit.services import audit_record, snapshot
from itisa.core.dates import check_date
from itisa.core.params import is_blank
from itisa.recognition.models import Recognition
from itisa.recognition.services import recognitions_revoke_with_alliance
from itisa.register.models import Alliance, AllianceLevel, AllianceStatus, Jurisdiction, LevelRecord, Organisation
from itisa.register.selectors import members_on
from itisa.register.services import LEVEL_RANK, alliance_level_record, alliance_set_status, levels_end_with_alliance
from itisa.supervision.governing import pack_for
from itisa.supervision.models import Dissolution, DissolutionConsent, DissolutionStatus
from itisa.supervision.services.common import (
    attach,
    lock,
    require_supervised,
    today,
    user_or_none,
)
from policy.api import Pack


def _dissolution_article(pack: Pack) -> str:
    for proc in pack.data.get("procedures") or ():
        if proc["id"] == "dissolution":
            return str(proc["article"])
    raise ValidationError(_("%(doc)s provides no dissolution of an alliance."), code="no_dissolution",
                          params={"doc": pack.doc})


@requires("supervision.file", "alliance")
def dissolution_apply(*, actor: Any, alliance: Alliance, reason: str, on: date | None = None) -> Dissolution:
    """The lead unit applies to dissolve; its application counts as the lead's own consent."""
    on = on or today()
    pack = pack_for(alliance, on)
    article = _dissolution_article(pack)
    if is_blank(reason):
        raise ValidationError({"reason": ValidationError(_("Give the reason for dissolving."), code="required")})
    with transaction.atomic():
        locked = lock(alliance)
        require_supervised(locked)
        try:
            with transaction.atomic():
                obj = Dissolution.objects.create(alliance=locked, pack_id=pack.id, article=article,
                                                 reason=reason.strip(), applied_on=on, applied_by=user_or_none(actor))
        except IntegrityError:
            raise ValidationError(_("An application to dissolve %(alliance)s is already pending."),
                                  code="dissolution_pending", params={"alliance": locked.name}) from None
        DissolutionConsent.objects.create(dissolution=obj, organisation=locked.lead, consented_on=on,
                                          recorded_by=user_or_none(actor))
        audit_record(actor=actor, action="supervision.dissolution_apply", target=obj,
                     after={**snapshot(obj), "pack_digest": pack.digest}, reason=article)
    return obj


@requires("supervision.file", lambda kw: kw["dissolution"].alliance)
def dissolution_consent_record(*, actor: Any, dissolution: Dissolution, organisation: Organisation,
                               attachment: Any = None, on: date | None = None) -> DissolutionConsent:
    """The lead unit records one member's consent, with the member's signed statement."""
    on = on or today()
    alliance = dissolution.alliance
    with transaction.atomic():
        locked = lock(alliance)
        obj = Dissolution.objects.select_for_update().get(pk=dissolution.pk)
        if obj.status != DissolutionStatus.APPLIED:
            raise ValidationError(_("This application has already been decided."), code="decided")
        if not members_on(locked, on).filter(organisation=organisation).exists():
            raise ValidationError({"organisation": ValidationError(
                _("%(org)s is not a member of %(alliance)s on %(day)s."), code="not_a_member",
                params={"org": organisation.name, "alliance": locked.name, "day": on.isoformat()})})
        if obj.consents.filter(organisation=organisation).exists():
            raise ValidationError(_("%(org)s's consent is already recorded."), code="duplicate_consent",
                                  params={"org": organisation.name})
        document = attach(actor=actor, alliance=locked, kind="other", attachment=attachment,
                          reason=f"dissolution {obj.pk}")
        consent = DissolutionConsent.objects.create(dissolution=obj, organisation=organisation, consented_on=on,
                                                    document=document, recorded_by=user_or_none(actor))
        audit_record(actor=actor, action="supervision.dissolution_consent", target=obj,
                     after={"organisation": organisation.pk, "consented_on": on, "document": consent.document_id},
                     reason=obj.article)
    return consent


def dissolution_missing_consents(dissolution: Dissolution, on: date) -> list[Organisation]:
    """Members active on *on* whose consent is not recorded."""
    consented = set(dissolution.consents.values_list("organisation_id", flat=True))
    return [m.organisation for m in members_on(dissolution.alliance, on) if m.organisation_id not in consented]


@requires("supervision.decide", lambda kw: kw["dissolution"].alliance)
def dissolution_decide(*, actor: Any, dissolution: Dissolution, approve: bool, note: str = "",
                       on: date | None = None) -> Dissolution:
    """The bureau approves (only when every member active that day has consented) or refuses."""
    on = on or today()
    alliance = dissolution.alliance
    pack = pack_for(alliance, on)
    with transaction.atomic():
        locked = lock(alliance)
        obj = Dissolution.objects.select_for_update().get(pk=dissolution.pk)
        if obj.status != DissolutionStatus.APPLIED:
            raise ValidationError(_("This application has already been decided."), code="decided")
        if approve:
            missing = dissolution_missing_consents(obj, on)
            if missing:
                raise ValidationError(
                    _("%(doc)s %(article)s: dissolution needs the consent of every member; missing: %(names)s."),
                    code="consent_missing", params={"doc": pack.doc, "article": obj.article,
                                                    "names": "、".join(o.name for o in missing)})
        obj.status = DissolutionStatus.APPROVED if approve else DissolutionStatus.REFUSED
        obj.decided_on, obj.decided_by, obj.decision_note = on, user_or_none(actor), note.strip()
        obj.save(update_fields=["status", "decided_on", "decided_by", "decision_note"])
        if approve:
            alliance_set_status(actor=actor, alliance=locked, status=AllianceStatus.DISSOLVED,
                                reason=f"{pack.doc} {obj.article}")
            # A dissolved alliance holds no recognition: the public verification says so from that day.
            recognitions_revoke_with_alliance(actor=actor, alliance=locked, reason=obj.reason,
                                              article=f"{pack.doc} {obj.article}", on=on)
            levels_end_with_alliance(actor=actor, alliance=locked, on=on, reason=f"{pack.doc} {obj.article}")
        audit_record(actor=actor, action="supervision.dissolution_decide", target=obj,
                     after={"status": obj.status, "decided_on": on, "pack_digest": pack.digest}, reason=obj.article)
    return obj


def dissolution_plaque_issued(dissolution: Dissolution) -> bool:
    """Whether a plaque was issued to the alliance (a recognition carrying a plaque certificate)."""
    return Recognition.objects.filter(alliance_id=dissolution.alliance_id, plaque__isnull=False).exists()


@requires("supervision.decide", lambda kw: kw["dissolution"].alliance)
def dissolution_plaque_returned(*, actor: Any, dissolution: Dissolution, on: date | None = None) -> Dissolution:
    """Record the day the plaque came back after the approved dissolution."""
    on = on or today()
    check_date("on", on)
    with transaction.atomic():
        lock(dissolution.alliance)
        obj = Dissolution.objects.select_for_update().get(pk=dissolution.pk)
        if obj.status != DissolutionStatus.APPROVED:
            raise ValidationError(_("The plaque comes back only after the dissolution is approved."),
                                  code="not_dissolved")
        if not dissolution_plaque_issued(obj):
            raise ValidationError(_("No plaque was issued to this alliance."), code="no_plaque")
        if obj.plaque_returned_on is not None:
            raise ValidationError(_("The plaque was already recorded as returned on %(day)s."),
                                  code="already_returned", params={"day": obj.plaque_returned_on.isoformat()})
        if obj.decided_on is not None and on < obj.decided_on:
            raise ValidationError({"on": ValidationError(
                _("The plaque cannot come back before the dissolution (%(day)s)."), code="returned_before_dissolved",
                params={"day": obj.decided_on.isoformat()})})
        obj.plaque_returned_on = on
        obj.save(update_fields=["plaque_returned_on"])
        audit_record(actor=actor, action="supervision.dissolution_plaque_returned", target=obj,
                     after={"plaque_returned_on": on}, reason=obj.article)
    return obj


def _level_held(alliance: Alliance, on: date) -> str:
    """The highest level the alliance holds on ``on``: of its level records not ended by then (a level that lapsed
    may be recognised again); the register's level where it has no records."""
    records = list(alliance.level_history.all())
    if not records:
        return alliance.level
    held = [r.level for r in records if r.from_date <= on and (r.until is None or r.until > on)]
    return max(held, key=lambda lv: LEVEL_RANK[AllianceLevel(lv)], default="")


@requires("register.record_level", "jurisdiction")
def alliance_upgrade(*, actor: Any, alliance: Alliance, level: str, jurisdiction: Jurisdiction, from_date: date,
                     document_number: str = "", reason: str = "") -> LevelRecord:
    """Record that a higher bureau recognised the alliance at a higher level (provincial, national),
    through the register's level history. Only that bureau's staff record it."""
    if level not in AllianceLevel.values:
        raise ValidationError({"level": ValidationError(_("“%(value)s” is not a valid choice."),
                                                        code="invalid_choice", params={"value": level})})
    if jurisdiction.level != level:
        raise ValidationError({"jurisdiction": ValidationError(
            _("%(bureau)s does not recognise alliances at the %(level)s level."), code="wrong_bureau",
            params={"bureau": jurisdiction.name, "level": AllianceLevel(level).label})})
    with transaction.atomic():
        locked = lock(alliance)
        require_supervised(locked)
        current = _level_held(locked, from_date)
        if current and LEVEL_RANK[AllianceLevel(level)] <= LEVEL_RANK[AllianceLevel(current)]:
            raise ValidationError({"level": ValidationError(
                _("An upgrade must be above the current level (%(level)s)."), code="not_an_upgrade",
                params={"level": AllianceLevel(current).label})})
        before = {"level": locked.level}
        record = alliance_level_record(actor=actor, alliance=locked, level=level, from_date=from_date,
                                       jurisdiction=jurisdiction, document_number=document_number, reason=reason)
        audit_record(actor=actor, action="supervision.upgrade", target=locked, before=before,
                     after={"level": level, "from": from_date, "jurisdiction": jurisdiction.pk,
                            "document_number": document_number}, reason=reason)
    return record
