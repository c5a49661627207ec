"""Every write to the register. Each service runs in one transaction, locks what it changes,
validates with clear translated errors, and records its audit event; nothing is half-saved."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from itisa.access import requires
from itisa.audit.services import audit_record, snapshot
from itisa.core.dates import check_date
from itisa.core.params import is_blank
from itisa.register.countries import is_country
from itisa.register.models import (
    Achievement,
    AchievementKind,
    Alliance,
    AllianceLevel,
    AllianceStatus,
    Jurisdiction,
    LevelRecord,
    MemberRole,
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationName,
    Region,
)
from itisa.register.validators import clean_credit_code

LEVEL_RANK = {
    AllianceLevel.DISTRICT: 1,
    AllianceLevel.MUNICIPAL: 2,
    AllianceLevel.PROVINCIAL: 3,
    AllianceLevel.NATIONAL: 4,
}


# ---------------------------------------------------------------- regions


def region_get(code: str, *, field: str = "region") -> Region:
    """A region by its code, or by its exact name when that names one division in force (海淀区)."""
    try:
        if not code.isdigit():
            return Region.objects.get(name=code.strip(), valid_to="")
        return Region.objects.get(code=code)
    except (Region.DoesNotExist, Region.MultipleObjectsReturned):
        raise ValidationError(
            {field: ValidationError(_("Unknown region code %(code)s (GB/T 2260)."), code="unknown_region",
                                    params={"code": code})}
        ) from None


# ---------------------------------------------------------------- organisations

ORGANISATION_EDITABLE = {"name", "kind", "region", "legal_person", "chain_position"}


def _check_choice(field: str, value: str, choices: Any) -> None:
    if value not in choices.values:
        raise ValidationError({field: ValidationError(_("“%(value)s” is not a valid choice."), code="invalid_choice",
                                                      params={"value": value})})


def _clean_other_identity(other_id: str, id_country: str, errors: dict[str, list[ValidationError]]) -> str:
    country = (id_country or "").strip().upper()
    if not other_id.strip():
        errors["other_id"] = [ValidationError(
            _("Give the unified social credit code, or another identifier and its issuing country."),
            code="no_identifier")]
    if not is_country(country):
        errors["id_country"] = [ValidationError(
            _("“%(value)s” is not an ISO 3166 country code."), code="invalid_country", params={"value": id_country})]
    return country


@requires("register.manage_organisations")
def organisation_create(
    *,
    actor: Any,
    name: str,
    credit_code: str = "",
    kind: str,
    region_code: str | None = None,
    legal_person: bool = True,
    chain_position: str = "",
    other_id: str = "",
    other_id_scheme: str = "",
    id_country: str = "",
    reason: str = "",
) -> Organisation:
    """Register an organisation. With a credit code the region defaults to the one embedded in it;
    without one, another identifier and its issuing country are required, and an organisation
    registered abroad has no region (it is never local)."""
    errors: dict[str, list[ValidationError]] = {}
    uscc = None
    country = ""
    if credit_code.strip():
        try:
            uscc = clean_credit_code(credit_code)
        except ValidationError as exc:
            errors["credit_code"] = exc.error_list
    else:
        country = _clean_other_identity(other_id, id_country, errors)
    if is_blank(name):
        errors["name"] = [ValidationError(_("A name is required."), code="required")]
    if kind not in OrganisationKind.values:
        errors["kind"] = [ValidationError(_("“%(value)s” is not a valid choice."), code="invalid_choice",
                                          params={"value": kind})]
    if errors:
        raise ValidationError(errors)
    region: Region | None = None  # registered abroad
    if uscc is not None:
        region = region_get(region_code or uscc.region_code, field="region")
    elif country == "CN":
        if not region_code:
            raise ValidationError({"region": ValidationError(
                _("An organisation registered in China needs its region."), code="required")})
        region = region_get(region_code, field="region")
    with transaction.atomic():
        if uscc is not None:
            existing = Organisation.objects.filter(credit_code=uscc.code).first()
        else:
            existing = Organisation.objects.filter(id_country=country, other_id=other_id.strip()).first()
        if existing is not None:
            raise ValidationError({"credit_code" if uscc else "other_id": ValidationError(
                _("Credit code %(code)s is already registered to %(name)s."), code="duplicate_credit_code",
                params={"code": uscc.code if uscc else other_id.strip(), "name": existing.name})})
        org = Organisation(name=name.strip(), credit_code=uscc.code if uscc else "", kind=kind, region=region,
                           legal_person=legal_person, chain_position=chain_position,
                           other_id="" if uscc else other_id.strip(),
                           other_id_scheme="" if uscc else other_id_scheme.strip(), id_country=country)
        org.full_clean()
        try:
            with transaction.atomic():
                org.save()
        except IntegrityError:  # a concurrent insert of the same code won the race
            raise ValidationError({"credit_code": ValidationError(
                _("Credit code %(code)s is already registered."), code="duplicate_credit_code",
                params={"code": org.credit_code or org.other_id})}) from None
        audit_record(actor=actor, action="organisation.create", target=org, after=snapshot(org), reason=reason)
    return org


@requires("register.edit_organisation", "organisation")
def organisation_rename(
    *, actor: Any, organisation: Organisation, name: str, on: date, document_number: str = "", reason: str = ""
) -> Organisation:
    """更名: the present name becomes a former name borne until the day before *on*; documents dated
    earlier keep it (``Organisation.name_on``) and search still finds the organisation by it."""
    new_name = name.strip()
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if not new_name or new_name == org.name:
            raise ValidationError({"name": ValidationError(
                _("Give the new name; it must differ from the present one."), code="same_name")})
        last = org.former_names.order_by("-used_until").first()
        if last is not None and on <= last.used_until:
            raise ValidationError({"on": ValidationError(
                _("The organisation was last renamed on %(day)s; a later rename must come after it."),
                code="rename_order", params={"day": last.used_until.isoformat()})})
        before = {"name": org.name}
        OrganisationName.objects.create(organisation=org, name=org.name, used_until=on,
                                        document_number=document_number.strip())
        org.name = new_name
        org.save(update_fields=["name", "updated_at"])
        audit_record(actor=actor, action="organisation.rename", target=org, before=before,
                     after={"name": new_name, "on": on.isoformat(), "document_number": document_number}, reason=reason)
    return org


@requires("register.edit_organisation", "organisation")
def organisation_update(*, actor: Any, organisation: Organisation, reason: str, **changes: Any) -> Organisation:
    unknown = set(changes) - ORGANISATION_EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = snapshot(org)
        for key, value in changes.items():
            if key == "region":
                value = region_get(value if isinstance(value, str) else value.code)
            setattr(org, key, value)
        org.full_clean()
        org.save()
        audit_record(actor=actor, action="organisation.update", target=org, before=before, after=snapshot(org),
                     reason=reason)
    return org


# ---------------------------------------------------------------- alliances

ALLIANCE_EDITABLE = {
    "name", "industry_field", "kind", "founded_on", "has_office", "office_address", "full_time_staff",
    "part_time_staff", "has_benefit_sharing_rules",
    "has_council", "has_expert_committee", "has_executive_body", "has_rules_of_procedure",
    "outward_responsible_party", "agreement_signed_on", "agreement_signed_by_all", "has_charter",
    "has_short_term_plan", "has_mid_term_plan", "has_long_term_plan", "has_innovation_system_plan",
    "has_ip_rules", "has_fund_rules", "has_funding_mechanism", "has_open_membership", "has_rd_team",
    "legal_entity_registered", "legal_entity_credit_code",
}


def _clean_alliance_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - ALLIANCE_EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    check_date("agreement_signed_on", fields.get("agreement_signed_on"))
    if fields.get("legal_entity_credit_code"):
        try:
            fields["legal_entity_credit_code"] = clean_credit_code(fields["legal_entity_credit_code"]).code
        except ValidationError as exc:
            raise ValidationError({"legal_entity_credit_code": exc.error_list}) from None


@requires("register.create_alliance", "jurisdiction")
def alliance_create(
    *,
    actor: Any,
    name: str,
    jurisdiction: Jurisdiction,
    lead: Organisation,
    founded_on: date,
    reason: str = "",
    **fields: Any,
) -> Alliance:
    """Create an alliance together with its lead's membership, so it never exists without a lead."""
    check_date("founded_on", founded_on)
    _clean_alliance_fields(fields)
    _check_field_of(jurisdiction.pk, fields.get("industry_field"))
    if is_blank(name):
        raise ValidationError({"name": ValidationError(_("A name is required."), code="required")})
    if lead.region_id is None:
        raise ValidationError({"lead": ValidationError(
            _("The lead unit must be registered in China: an alliance is registered where its lead is."),
            code="lead_abroad")})
    with transaction.atomic():
        alliance = Alliance(name=name.strip(), jurisdiction=jurisdiction, lead=lead, region=lead.region,
                            founded_on=founded_on, **fields)
        alliance.full_clean()
        alliance.save()
        Membership.objects.create(alliance=alliance, organisation=lead, role=MemberRole.LEAD, joined_on=founded_on)
        audit_record(actor=actor, action="alliance.create", target=alliance, after=snapshot(alliance), reason=reason)
    return alliance


def _check_field_of(jurisdiction_id: int, field: Any) -> None:
    """The industry field comes from the catalogue of the alliance's own bureau."""
    if field is not None and (field.jurisdiction_id != jurisdiction_id or not field.active):
        raise ValidationError({"industry_field": ValidationError(
            _("Choose a field of the bureau's industry catalogue."), code="foreign_field")})


def _set_signatories(alliance: Alliance, signatories: Any) -> dict[str, list[int]]:
    """Record which current members' legal representatives signed the agreement (ids of membership periods)."""
    wanted = {int(pk) for pk in signatories}
    periods = Membership.objects.select_for_update().filter(alliance=alliance)
    known = set(periods.values_list("pk", flat=True))
    if wanted - known:
        raise ValidationError({"signatories": ValidationError(
            _("Choose among the alliance's own members."), code="foreign_member")})
    before = sorted(periods.filter(signed_agreement=True).values_list("pk", flat=True))
    periods.filter(pk__in=wanted).update(signed_agreement=True)
    periods.exclude(pk__in=wanted).filter(left_on__isnull=True).update(signed_agreement=False)
    return {"before": before, "after": sorted(periods.filter(signed_agreement=True).values_list("pk", flat=True))}


@requires("register.edit_alliance", "alliance")
def alliance_update(*, actor: Any, alliance: Alliance, reason: str, signatories: Any = None,
                    **changes: Any) -> Alliance:
    """Change the alliance's facts; *signatories* (membership ids), when given, are the current members
    whose legal representative signed the agreement (past members keep what was recorded)."""
    _clean_alliance_fields(changes)
    with transaction.atomic():
        obj = Alliance.objects.select_for_update().get(pk=alliance.pk)
        if "industry_field" in changes:
            _check_field_of(obj.jurisdiction_id, changes["industry_field"])
        before = snapshot(obj)
        for key, value in changes.items():
            setattr(obj, key, value)
        obj.full_clean()
        obj.save()
        after = snapshot(obj)
        if signatories is not None:
            signed = _set_signatories(obj, signatories)
            before["signatories"], after["signatories"] = signed["before"], signed["after"]
        audit_record(actor=actor, action="alliance.update", target=obj, before=before, after=after,
                     reason=reason)
    return obj


@requires("register.set_status", "alliance")
def alliance_set_status(*, actor: Any, alliance: Alliance, status: str, reason: str) -> Alliance:
    _check_choice("status", status, AllianceStatus)
    with transaction.atomic():
        obj = Alliance.objects.select_for_update().get(pk=alliance.pk)
        before = {"status": obj.status}
        obj.status = status
        obj.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="alliance.status", target=obj, before=before, after={"status": status},
                     reason=reason)
    return obj


#: Statuses a recognition turns into "recognised": not yet recognised; a revoked alliance is recognised again by
#: a record beginning on or after its last level ended (ADR 0022). A dissolved alliance ended itself: a record
#: does not revive it.
NOT_YET_RECOGNISED = (AllianceStatus.PREPARING, AllianceStatus.APPLYING, AllianceStatus.CONSTRUCTING)


def _recognised_again(alliance: Alliance, record: LevelRecord) -> bool:
    if alliance.status != AllianceStatus.REVOKED:
        return False
    last_end = alliance.level_history.exclude(pk=record.pk).aggregate(last=Max("until"))["last"]
    return last_end is None or record.from_date >= last_end


@requires("register.record_level", "jurisdiction")
def alliance_level_record(
    *,
    actor: Any,
    alliance: Alliance,
    level: str,
    from_date: date,
    jurisdiction: Jurisdiction,
    document_number: str = "",
    reason: str = "",
) -> LevelRecord:
    """Add a step to the level history; the current level is the highest level reached. A level is held once at
    a time: it may be recognised again only from the day its earlier record ended (a revocation, a dissolution).
    A recognition at one level leaves the records of the other levels as they are (a provincial recognition does
    not end the municipal one). Recognised again after a revocation, the alliance is recognised again (ADR 0022);
    its ``Revocation`` row stays as the record of what happened."""
    _check_choice("level", level, AllianceLevel)
    with transaction.atomic():
        obj = Alliance.objects.select_for_update().get(pk=alliance.pk)
        held = obj.level_history.filter(level=level).filter(Q(until__isnull=True) | Q(until__gt=from_date))
        if held.exists():
            raise ValidationError({"level": ValidationError(
                _("The alliance already holds the %(level)s level."), code="duplicate_level",
                params={"level": AllianceLevel(level).label})})
        record = LevelRecord.objects.create(alliance=obj, level=level, from_date=from_date,
                                            jurisdiction=jurisdiction, document_number=document_number)
        before = {"level": obj.level, "status": obj.status}
        if not obj.level or LEVEL_RANK[AllianceLevel(level)] > LEVEL_RANK[AllianceLevel(obj.level)]:
            obj.level = level
        if obj.status in NOT_YET_RECOGNISED or _recognised_again(obj, record):
            obj.status = AllianceStatus.RECOGNISED
        obj.save(update_fields=["level", "status", "updated_at"])
        audit_record(actor=actor, action="alliance.level", target=obj, before=before,
                     after={"level": obj.level, "status": obj.status, "record": snapshot(record)}, reason=reason)
    return record


def levels_end_with_alliance(*, actor: Any, alliance: Alliance, on: date, reason: str,
                             jurisdiction: Jurisdiction | None = None) -> int:
    """The open level records of the alliance end on ``on`` (``until``): a revocation ends the level the revoking
    bureau granted (``jurisdiction``), a dissolution every level. Called inside the revoking or dissolving
    service's transaction (checked there). Returns how many records ended."""
    records = LevelRecord.objects.select_for_update().filter(alliance=alliance, until__isnull=True, from_date__lt=on)
    if jurisdiction is not None:
        records = records.filter(jurisdiction=jurisdiction)
    count = 0
    for record in records:
        record.until = on
        record.save(update_fields=["until"])
        audit_record(actor=actor, action="alliance.level_end", target=alliance, before={"record": record.pk},
                     after={"until": on, "level": record.level}, reason=reason)
        count += 1
    return count


# ---------------------------------------------------------------- memberships


def _overlaps(a_from: date, a_to: date | None, b_from: date, b_to: date | None) -> bool:
    """Half-open periods [from, to) with None meaning open-ended."""
    return (b_to is None or a_from < b_to) and (a_to is None or b_from < a_to)


def _check_period(joined_on: date, left_on: date | None) -> None:
    if left_on is not None and left_on <= joined_on:
        raise ValidationError({"left_on": ValidationError(
            _("The left date (%(left)s) must be after the joined date (%(joined)s)."), code="left_before_joined",
            params={"left": left_on.isoformat(), "joined": joined_on.isoformat()})})


def _check_no_overlap(alliance: Alliance, organisation: Organisation, joined_on: date, left_on: date | None,
                      exclude_id: int | None = None) -> None:
    periods = Membership.objects.filter(alliance=alliance, organisation=organisation)
    if exclude_id is not None:
        periods = periods.exclude(pk=exclude_id)
    for other in periods:
        if _overlaps(joined_on, left_on, other.joined_on, other.left_on):
            raise ValidationError({"joined_on": ValidationError(
                _("%(org)s is already a member of this alliance from %(start)s to %(end)s."),
                code="overlapping_membership",
                params={"org": organisation.name, "start": other.joined_on.isoformat(),
                        "end": other.left_on.isoformat() if other.left_on else _("now")})})


def _check_single_lead(alliance: Alliance, joined_on: date, left_on: date | None, exclude_id: int | None = None) -> None:
    leads = Membership.objects.filter(alliance=alliance, role=MemberRole.LEAD)
    if exclude_id is not None:
        leads = leads.exclude(pk=exclude_id)
    for other in leads.select_related("organisation"):
        if _overlaps(joined_on, left_on, other.joined_on, other.left_on):
            raise ValidationError({"role": ValidationError(
                _("The alliance already has a lead unit (%(org)s) in that period; change the lead instead."),
                code="two_leads", params={"org": other.organisation.name})})


def _lock(alliance: Alliance) -> Alliance:
    return Alliance.objects.select_for_update().get(pk=alliance.pk)


@requires("register.edit_alliance", "alliance")
def membership_add(
    *,
    actor: Any,
    alliance: Alliance,
    organisation: Organisation,
    role: str = MemberRole.MEMBER,
    joined_on: date,
    left_on: date | None = None,
    signed_agreement: bool = False,
    reason: str = "",
) -> Membership:
    _check_choice("role", role, MemberRole)
    # No one joins before the alliance exists (its lead joins on the founding day).
    check_date("joined_on", joined_on, earliest=alliance.founded_on)
    check_date("left_on", left_on)
    _check_period(joined_on, left_on)
    with transaction.atomic():
        locked = _lock(alliance)
        _check_no_overlap(locked, organisation, joined_on, left_on)
        if role == MemberRole.LEAD:
            _check_single_lead(locked, joined_on, left_on)
        membership = Membership.objects.create(alliance=locked, organisation=organisation, role=role,
                                               joined_on=joined_on, left_on=left_on,
                                               signed_agreement=signed_agreement)
        audit_record(actor=actor, action="membership.add", target=membership, after=snapshot(membership),
                     reason=reason)
    return membership


@requires("register.edit_alliance", lambda kw: kw["membership"].alliance)
def membership_end(*, actor: Any, membership: Membership, left_on: date, reason: str = "") -> Membership:
    """Close a membership period. The lead's period is closed only by ``alliance_change_lead``."""
    check_date("left_on", left_on)
    with transaction.atomic():
        _lock(membership.alliance)
        obj = Membership.objects.select_for_update().get(pk=membership.pk)
        if obj.role == MemberRole.LEAD:
            raise ValidationError({"role": ValidationError(
                _("The lead unit cannot leave without a new lead; change the lead first."), code="lead_must_remain")})
        if obj.left_on is not None:
            raise ValidationError({"left_on": ValidationError(
                _("This membership already ended on %(day)s."), code="already_ended",
                params={"day": obj.left_on.isoformat()})})
        _check_period(obj.joined_on, left_on)
        before = snapshot(obj)
        obj.left_on = left_on
        obj.save(update_fields=["left_on"])
        audit_record(actor=actor, action="membership.end", target=obj, before=before, after=snapshot(obj),
                     reason=reason)
    return obj


@requires("register.edit_alliance", lambda kw: kw["membership"].alliance)
def membership_change_role(*, actor: Any, membership: Membership, role: str, on: date, reason: str = "") -> Membership:
    """Close the current period on *on* and open a new one with *role* from the same day."""
    _check_choice("role", role, MemberRole)
    check_date("on", on)
    if role == MemberRole.LEAD or membership.role == MemberRole.LEAD:
        raise ValidationError({"role": ValidationError(
            _("Use the change of lead to move the lead role."), code="use_change_lead")})
    with transaction.atomic():
        _lock(membership.alliance)
        obj = Membership.objects.select_for_update().get(pk=membership.pk)
        if obj.left_on is not None:
            raise ValidationError({"left_on": ValidationError(_("This membership has ended."), code="already_ended")})
        _check_period(obj.joined_on, on)
        before = snapshot(obj)
        obj.left_on = on
        obj.save(update_fields=["left_on"])
        new = Membership.objects.create(alliance=obj.alliance, organisation=obj.organisation, role=role, joined_on=on)
        audit_record(actor=actor, action="membership.role", target=new, before=before, after=snapshot(new),
                     reason=reason)
    return new


@requires("register.change_lead", "alliance")
def alliance_change_lead(
    *, actor: Any, alliance: Alliance, organisation: Organisation, on: date, reason: str
) -> Alliance:
    """Hand the lead role to *organisation* from *on*; the former lead stays on as a core member."""
    check_date("on", on, earliest=alliance.founded_on)
    with transaction.atomic():
        obj = _lock(alliance)
        current = Membership.objects.select_for_update().get(alliance=obj, role=MemberRole.LEAD, left_on__isnull=True)
        if current.organisation_id == organisation.pk:
            raise ValidationError({"organisation": ValidationError(
                _("%(org)s is already the lead unit."), code="already_lead", params={"org": organisation.name})})
        _check_period(current.joined_on, on)
        before = {"lead": obj.lead_id}
        current.left_on = on
        current.save(update_fields=["left_on"])
        Membership.objects.create(alliance=obj, organisation=current.organisation, role=MemberRole.CORE, joined_on=on)
        open_period = Membership.objects.filter(alliance=obj, organisation=organisation, left_on__isnull=True).first()
        if open_period is not None:
            _check_period(open_period.joined_on, on)
            open_period.left_on = on
            open_period.save(update_fields=["left_on"])
        _check_no_overlap(obj, organisation, on, None)
        Membership.objects.create(alliance=obj, organisation=organisation, role=MemberRole.LEAD, joined_on=on)
        obj.lead = organisation
        obj.save(update_fields=["lead", "updated_at"])
        audit_record(actor=actor, action="alliance.lead", target=obj, before=before, after={"lead": organisation.pk},
                     reason=reason)
    return obj


# ---------------------------------------------------------------- achievements


@requires("register.edit_alliance", "alliance")
def achievement_add(
    *,
    actor: Any,
    alliance: Alliance,
    kind: str,
    title: str,
    achieved_on: date,
    standard_level: str = "",
    organisation: Organisation | None = None,
    reference: str = "",
    reason: str = "",
) -> Achievement:
    _check_choice("kind", kind, AchievementKind)
    check_date("achieved_on", achieved_on)
    if kind == AchievementKind.STANDARD and not standard_level:
        raise ValidationError({"standard_level": ValidationError(
            _("A standard needs its level (international, national, industry …)."), code="standard_needs_level")})
    with transaction.atomic():
        achievement = Achievement(alliance=alliance, kind=kind, title=title, achieved_on=achieved_on,
                                  standard_level=standard_level, organisation=organisation, reference=reference)
        achievement.full_clean()
        achievement.save()
        audit_record(actor=actor, action="achievement.add", target=achievement, after=snapshot(achievement),
                     reason=reason)
    return achievement
