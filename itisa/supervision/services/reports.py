"""Reports filed by the lead-unit office, and the recommender's endorsement where the text asks for it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from itisa.access import AccessDenied, requires
from itisa.accounts.models import Role
from itisa.accounts.selectors import role_assignments_of
from itisa.audit.services import audit_record, snapshot
from itisa.core.dates import check_date
from itisa.core.params import is_blank
from itisa.register.models import Alliance, Membership
from itisa.supervision.facts import supervision_facts
from itisa.supervision.governing import pack_for
from itisa.supervision.models import MajorEventKind, Report, ReportKind
from itisa.supervision.services.common import attach, lock, today, user_or_none
from policy.api import Pack, deadlines, report_sections

SECTIONS = ("summary", "plan_execution", "fund_use", "results", "next_year_plan", "changes_members",
            "changes_rules", "changes_direction", "changes_route")

YEARLY_KINDS = {ReportKind.ANNUAL_REPORT, ReportKind.SELF_EVALUATION, ReportKind.WORK_PLAN}


def _duty(pack: Pack, kind: str) -> dict[str, Any]:
    for d in pack.data.get("duties") or ():
        if d.get("actor", "lead_unit") == "lead_unit" and d.get("report_kind", d["id"]) == kind:
            return d
    raise ValidationError({"kind": ValidationError(
        _("%(doc)s asks for no %(kind)s."), code="no_such_duty",
        params={"doc": pack.doc, "kind": ReportKind(kind).label if kind in ReportKind.values else kind})})


def _due(alliance: Alliance, pack: Pack, duty: dict[str, Any], year: int | None, on: date) -> date | None:
    """The due date the engine gives this duty for *year* (None: the text sets no date)."""
    if year is None:
        return None
    result = deadlines(pack, supervision_facts(alliance, on=on), on)
    for d in result.deadlines:
        if d.duty == duty["id"] and d.period == str(year):
            return d.due
    return None


def _member_changes_in(alliance: Alliance, year: int) -> bool:
    start, end = date(year, 1, 1), date(year, 12, 31)
    return Membership.objects.filter(alliance=alliance).filter(
        joined_on__range=(start, end)).exclude(joined_on=alliance.founded_on).exists() or Membership.objects.filter(
        alliance=alliance, left_on__range=(start, end)).exists()


def required_sections(pack: Pack, kind: str) -> tuple[str, ...]:
    """Sections the text always asks of this report (the form marks them required)."""
    return tuple(s.id for s in report_sections(pack, kind) if s.when == "always")


def _check_contents(alliance: Alliance, pack: Pack, kind: str, year: int | None, sections: dict[str, str]) -> None:
    """What the text asks this report to contain: the pack's ``report_contents`` (Luoyang 第八条(二)(三), Henan
    第十一条(五), Weinan 14, Kunming 第十四条 and 第十五条 — changes of members explained when the register shows
    some in the year)."""
    errors: dict[str, list[ValidationError]] = {}
    for section in report_sections(pack, kind):
        if sections.get(section.id, "").strip():
            continue
        if section.when == "members_changed":
            if year is not None and _member_changes_in(alliance, year):
                errors[section.id] = [ValidationError(
                    _("The register shows changes of members in %(year)s; %(doc)s %(article)s asks the yearly "
                      "report to explain them."), code="changes_unexplained",
                    params={"year": year, "doc": pack.doc, "article": section.article})]
            continue
        label = getattr(Report._meta.get_field(section.id), "verbose_name", section.id)
        errors[section.id] = [ValidationError(_("%(doc)s asks this report to cover: %(section)s."), code="required",
                                              params={"doc": pack.doc, "section": label})]
    if errors:
        raise ValidationError(errors)


@requires("supervision.file", "alliance")
def report_file(
    *,
    actor: Any,
    alliance: Alliance,
    kind: str,
    year: int | None = None,
    event_kind: str = "",
    event_date: date | None = None,
    attachment: Any = None,
    on: date | None = None,
    **sections: str,
) -> Report:
    """File a report for the alliance under the text in force on the filing day (today in Asia/Shanghai).

    Yearly kinds need ``year`` and are unique per alliance, kind and year; ``major_event_report`` needs
    ``event_kind`` and ``event_date``. The due date and the late flag come from the engine. Where the
    duty needs the recommender's endorsement, the report counts only once endorsed (``report_endorse``)."""
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise TypeError(f"unknown report sections: {sorted(unknown)}")
    on = on or today()
    check_date("event_date", event_date)
    if kind not in ReportKind.values:
        raise ValidationError({"kind": ValidationError(_("“%(value)s” is not a valid choice."),
                                                       code="invalid_choice", params={"value": kind})})
    pack = pack_for(alliance, on)
    duty = _duty(pack, kind)
    if kind in YEARLY_KINDS:
        if year is None or year > on.year or year < 1990:
            raise ValidationError({"year": ValidationError(
                _("A yearly report needs its year (at most the current year)."), code="year")})
        event_kind, event_date = "", None
    else:
        year = None
        if event_kind not in MajorEventKind.values:
            raise ValidationError({"event_kind": ValidationError(_("Say what kind of major event this is."),
                                                                 code="event_kind")})
        if event_date is None or event_date > on:
            raise ValidationError({"event_date": ValidationError(
                _("A major-event report needs the date of the event, not later than today."), code="event_date")})
    _check_contents(alliance, pack, kind, year, sections)
    with transaction.atomic():
        locked = lock(alliance)
        if year is not None:
            earlier = Report.objects.filter(alliance=locked, kind=kind, year=year).first()
            if earlier is not None:
                raise _duplicate(kind, year, earlier.filed_on)
        due = _due(locked, pack, duty, year, on)
        endorse = bool(duty.get("endorsed_by"))
        report = Report(alliance=locked, kind=kind, year=year, pack_id=pack.id, duty=duty["id"],
                        article=duty["article"], event_kind=event_kind, event_date=event_date, filed_on=on,
                        filed_by=user_or_none(actor), endorsement_required=endorse, due_on=due,
                        late=due is not None and on > due, **{k: v.strip() for k, v in sections.items()})
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:  # two clicks raced past the check: the constraint keeps one
            raise _duplicate(kind, year, on) from None
        report.document = attach(actor=actor, alliance=locked, kind="major_event" if year is None else "annual_report",
                                 attachment=attachment, reason=f"report {report.pk}")
        if report.document is not None:
            report.save(update_fields=["document"])
        audit_record(actor=actor, action="supervision.report_file", target=report, after={
            **snapshot(report), "pack": pack.id, "pack_digest": pack.digest}, reason=duty["article"])
    return report


def _duplicate(kind: str, year: int | None, filed_on: date) -> ValidationError:
    return ValidationError(
        _("The %(kind)s for %(year)s was already filed on %(day)s."), code="duplicate_report",
        params={"kind": ReportKind(kind).label, "year": year, "day": filed_on.isoformat()})


def _endorsers(report: Report) -> list[str] | None:
    """The recommender kinds the text lets endorse this report (the duty's ``endorsers``), or None: any."""
    pack = pack_for(report.alliance, report.filed_on)
    duty = next((d for d in pack.data.get("duties") or () if d["id"] == report.duty), None)
    return list(duty["endorsers"]) if duty and duty.get("endorsers") else None


def _may_endorse(actor: Any, kinds: list[str] | None) -> bool:
    """Of the bodies the access module lets endorse, only the kinds the text names (Weinan 14: 县市区科技主管部门
    or 市级部门, not an association)."""
    if kinds is None or getattr(actor, "is_superuser", False):
        return True
    return any(a.recommender_kind in kinds for a in role_assignments_of(actor) if a.role == Role.RECOMMENDER)


@requires("supervision.endorse", lambda kw: kw["report"].alliance)
def report_endorse(*, actor: Any, report: Report, opinion: str, on: date | None = None) -> Report:
    """The recommending body signs its opinion (Weinan 14); from this day the report counts as received,
    and it is late when this day is after the due date."""
    on = on or today()
    alliance = report.alliance
    if not _may_endorse(actor, _endorsers(report)):
        raise AccessDenied(_("Only a recommending body of %(alliance)s may endorse its reports.")
                               % {"alliance": alliance.name})
    if is_blank(opinion):
        raise ValidationError({"opinion": ValidationError(_("The recommender's opinion is required."),
                                                          code="required")})
    with transaction.atomic():
        lock(alliance)
        obj = Report.objects.select_for_update().get(pk=report.pk)
        if not obj.endorsement_required:
            raise ValidationError(_("This report needs no endorsement."), code="no_endorsement")
        if obj.endorsed_on is not None:
            raise ValidationError(_("This report was already endorsed on %(day)s."), code="already_endorsed",
                                  params={"day": obj.endorsed_on.isoformat()})
        if on < obj.filed_on:
            raise ValidationError(_("A report cannot be endorsed before it was filed (%(day)s)."),
                                  code="endorsed_before_filed", params={"day": obj.filed_on.isoformat()})
        before = {"endorsed_on": None, "late": obj.late}
        obj.endorsed_on, obj.endorsed_by, obj.endorsement_opinion = on, user_or_none(actor), opinion.strip()
        obj.late = obj.due_on is not None and on > obj.due_on
        obj.save(update_fields=["endorsed_on", "endorsed_by", "endorsement_opinion", "late"])
        audit_record(actor=actor, action="supervision.report_endorse", target=obj, before=before,
                     after={"endorsed_on": on, "late": obj.late, "opinion": obj.endorsement_opinion},
                     reason=obj.article)
    return obj
