"""Writes of the expert review: the pool, assignments, score sheets and site visits.

Each service runs in one transaction; those about a case lock the case row first (so a sheet and a
decision on the case never cross), check the actor's role for that case, and write an audit event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.access import requires
from itisa.access.workflow import case_roles
from itisa.audit.services import audit_record, snapshot
from itisa.core.dates import check_date
from itisa.core.params import is_blank
from itisa.documents.models import Document
from itisa.register.models import IndustryField, Organisation
from itisa.reviews.aggregation import q
from itisa.reviews.conflicts import conflict_years, conflicts_of, expert_organisation_ids, years_before
from itisa.reviews.models import (
    DimensionScore,
    ExpertAssignment,
    ExpertProfile,
    Opinion,
    QuestionAnswer,
    ReviewRound,
    ScoreSheet,
    ScoreSheetMode,
    SiteVisit,
)
from itisa.reviews.selectors import latest_submission
from itisa.reviews.sheets import sheet_template
from itisa.workflow.models import Case

# The states in which each round's sheets are taken. Jiangning's experts may order a site visit
# before their sheets are in, and 第九条 wants both, so "site_visit" takes review sheets too.
ROUND_STATES: dict[str, set[str]] = {ReviewRound.REVIEW: {"expert_review", "site_visit"},
                                     ReviewRound.ACCEPTANCE: {"assessment"}}
VISIT_STATES = {"expert_review", "site_visit", "assessment"}
PROFILE_FIELDS = {"organisation", "fields", "tags", "title", "active"}


def _lock(case: Case) -> Case:
    # of=("self",): lock the case only, not its alliance, lead and jurisdiction rows (and PostgreSQL
    # refuses FOR UPDATE on the nullable side of an outer join).
    return Case.objects.select_for_update(of=("self",)).select_related("alliance__lead", "jurisdiction").get(
        pk=case.pk)


def _check_round(round: str) -> None:
    if round not in ReviewRound.values:
        raise ValidationError({"round": ValidationError(_("“%(value)s” is not a review round."), code="bad_round",
                                                        params={"value": round})})


def _conflict_error(profile: ExpertProfile, case: Case, found: list[Any]) -> ValidationError:
    return ValidationError(
        _("%(expert)s may not review “%(alliance)s” (conflict of interest, %(years)s years): %(memberships)s."),
        code="conflict_of_interest",
        params={"expert": str(profile.user), "alliance": case.alliance.name, "years": conflict_years(),
                "memberships": "；".join(c.describe() for c in found)})


# ---------------------------------------------------------------- the pool


@requires("reviews.manage_experts")
def expert_profile_create(*, actor: Any, user: Any, organisation: Organisation,
                          fields: Iterable[IndustryField] = (), tags: Iterable[str] = (), title: str = "") -> ExpertProfile:
    """Put *user* in the expert pool. Bureau staff only."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                profile = ExpertProfile.objects.create(user=user, organisation=organisation, title=title,
                                                       tags=sorted({str(t).strip() for t in tags if str(t).strip()}))
        except IntegrityError:
            raise ValidationError(_("%(user)s is already in the expert pool."), code="already_in_pool",
                                  params={"user": str(user)}) from None
        profile.fields.set(list(fields))
        audit_record(actor=actor, action="expert.create", target=profile,
                     after={**snapshot(profile), "fields": sorted(f.pk for f in profile.fields.all())})
    return profile


@requires("reviews.manage_experts")
def expert_profile_update(*, actor: Any, profile: ExpertProfile, reason: str = "", **changes: Any) -> ExpertProfile:
    """Change organisation, fields, tags, title or ``active``. Bureau staff only."""
    unknown = set(changes) - PROFILE_FIELDS
    if unknown:
        raise ValidationError(_("These cannot be changed here: %(fields)s"), code="unknown_field",
                              params={"fields": ", ".join(sorted(unknown))})
    with transaction.atomic():
        locked = ExpertProfile.objects.select_for_update().get(pk=profile.pk)
        before = {**snapshot(locked), "fields": sorted(f.pk for f in locked.fields.all())}
        for name, value in changes.items():
            if name == "fields":
                continue
            if name == "tags":
                value = sorted({str(t).strip() for t in value if str(t).strip()})
            setattr(locked, name, value)
        locked.save()
        if "fields" in changes:
            locked.fields.set(list(changes["fields"]))
        audit_record(actor=actor, action="expert.update", target=locked, before=before,
                     after={**snapshot(locked), "fields": sorted(f.pk for f in locked.fields.all())}, reason=reason)
    return locked


# ---------------------------------------------------------------- assignment


@requires("reviews.assign", "case")
def expert_assign(*, actor: Any, case: Case, expert: ExpertProfile, round: str = ReviewRound.REVIEW,
                  on: date | None = None) -> ExpertAssignment:
    """Assign *expert* to *case* for *round*. Staff of the case's bureau only; refused, naming the
    membership, when the expert's organisation is or was (within the conflict window) in the alliance."""
    _check_round(round)
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = _lock(case)
        if "bureau" not in case_roles(actor, locked):
            raise PermissionDenied(_("Only the staff of the case's bureau may assign its experts."))
        if locked.closed:
            raise ValidationError(_("This case is closed."), code="closed")
        profile = ExpertProfile.objects.select_for_update().select_related("user", "organisation").get(pk=expert.pk)
        if not profile.active:
            raise ValidationError(_("%(expert)s is not an active member of the expert pool."), code="expert_inactive",
                                  params={"expert": str(profile.user)})
        found = conflicts_of(profile, locked.alliance, on)
        if found:
            raise _conflict_error(profile, locked, found)
        if ExpertAssignment.objects.filter(case=locked, expert=profile, round=round, active=True).exists():
            raise ValidationError(_("%(expert)s is already assigned to this case."), code="already_assigned",
                                  params={"expert": str(profile.user)})
        check = {"on": on.isoformat(), "window_from": years_before(on, conflict_years()).isoformat(),
                 "organisations": sorted(expert_organisation_ids(profile)), "conflicts": []}
        assignment = ExpertAssignment.objects.create(case=locked, expert=profile, round=round, assigned_on=on,
                                                     assigned_by=actor if getattr(actor, "is_authenticated", False)
                                                     else None, conflict_check=check)
        audit_record(actor=actor, action="review.assign", target=locked,
                     after={"assignment": assignment.pk, "expert": profile.pk, "round": round, "conflict_check": check})
    return assignment


@requires("reviews.assign", lambda kw: kw["assignment"].case)
def expert_unassign(*, actor: Any, assignment: ExpertAssignment, reason: str) -> ExpertAssignment:
    """Withdraw an assignment (kept on record). Its sheets stop counting."""
    if is_blank(reason):
        raise ValidationError({"reason": ValidationError(_("Say why the expert is withdrawn."), code="reason_required")})
    with transaction.atomic():
        locked = _lock(assignment.case)
        if "bureau" not in case_roles(actor, locked):
            raise PermissionDenied(_("Only the staff of the case's bureau may assign its experts."))
        obj = ExpertAssignment.objects.select_for_update().get(pk=assignment.pk)
        if not obj.active:
            return obj
        obj.active = False
        obj.withdrawn_at = timezone.now()
        obj.withdrawn_reason = reason
        obj.save(update_fields=["active", "withdrawn_at", "withdrawn_reason"])
        audit_record(actor=actor, action="review.unassign", target=locked,
                     after={"assignment": obj.pk, "expert": obj.expert_id, "round": obj.round}, reason=reason)
    return obj


# ---------------------------------------------------------------- score sheets


def _score(value: Any, label: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if not number.is_finite() or number < 0 or number > 100 or number != q(number):
        raise ValidationError(_("%(label)s: a score is a number from 0 to 100 with at most two decimals, not "
                                "“%(value)s”."), code="bad_score", params={"label": label, "value": value})
    return number


def _answer(value: Any) -> tuple[bool, str]:
    if isinstance(value, Mapping):
        return value.get("answer"), str(value.get("comment") or "")  # type: ignore[return-value]
    if isinstance(value, tuple | list) and len(value) == 2:
        return value[0], str(value[1] or "")
    return value, ""


@requires("reviews.score", "case")
def sheet_submit(*, actor: Any, case: Case, answers: Mapping[str, Any], round: str = ReviewRound.REVIEW,
                 scores: Mapping[str, Any] | None = None, opinion: str = "", overall_score: Any = None,
                 comment: str = "", on: date | None = None) -> ScoreSheet:
    """Submit the actor's sheet for the case and round, judging the case's latest submitted version.

    ``scores``: dimension id → 0–100 (sheets with dimensions); ``opinion`` "pass"/"fail" and
    ``overall_score`` 0–100 (sheets without); ``answers``: condition id → yes/no, or
    ``{"answer": bool, "comment": str}``, for every expert question. Once submitted a sheet is frozen:
    a second one for the same version is refused."""
    _check_round(round)
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = _lock(case)
        assignment = (ExpertAssignment.objects.select_related("expert__user")
                      .filter(case=locked, expert__user=actor, round=round, active=True).first()
                      if getattr(actor, "is_authenticated", False) else None)
        if assignment is None:
            raise PermissionDenied(_("You are not assigned to review this case."))
        profile = assignment.expert
        # Checked on the sheet's date and on the real day alike: a membership begun since bars it too.
        found = conflicts_of(profile, locked.alliance, on) or conflicts_of(profile, locked.alliance,
                                                                           timezone.localdate())
        if found:
            raise _conflict_error(profile, locked, found)
        if locked.closed or locked.state not in ROUND_STATES[round]:
            raise ValidationError(_("This case is not under %(round)s now (it is at “%(state)s”)."),
                                  code="not_in_review", params={"round": ReviewRound(round).label,
                                                                "state": locked.state})
        version = latest_submission(locked)
        earlier = ScoreSheet.objects.filter(case=locked, expert=profile, round=round, submission=version).first()
        if earlier is not None:
            raise ValidationError(
                _("You already submitted your sheet for this case on %(at)s; a submitted sheet cannot be changed."),
                code="already_submitted", params={"at": timezone.localtime(earlier.submitted_at).strftime(
                    "%Y-%m-%d %H:%M")})
        template = sheet_template(locked.pack_id, locked.procedure_id, round)
        errors: list[ValidationError] = []
        dims: list[tuple[dict[str, Any], Decimal]] = []
        scores = dict(scores or {})
        if template["mode"] == ScoreSheetMode.DIMENSIONS:
            for d in template["dimensions"]:
                if d["id"] not in scores:
                    errors.append(ValidationError(_("Score missing for “%(dimension)s” (%(article)s)."),
                                                  code="score_missing",
                                                  params={"dimension": d["zh"], "article": d["article"]}))
                    continue
                try:
                    dims.append((d, _score(scores.pop(d["id"]), d["zh"])))
                except ValidationError as e:
                    errors.append(e)
            if scores:
                errors.append(ValidationError(_("Not on this sheet: %(names)s"), code="unknown_item",
                                              params={"names": ", ".join(sorted(scores))}))
            score = q(sum((v for _d, v in dims), Decimal(0)) / len(dims)) if dims and not errors else Decimal(0)
        else:
            if opinion not in Opinion.values:
                errors.append(ValidationError(_("Give an overall opinion: pass or fail."), code="opinion_missing"))
            if overall_score is None:
                errors.append(ValidationError(_("Give an overall score from 0 to 100."), code="score_missing"))
                score = Decimal(0)
            else:
                try:
                    score = _score(overall_score, _("overall score"))
                except ValidationError as e:
                    errors.append(e)
                    score = Decimal(0)
            if scores:
                errors.append(ValidationError(_("Not on this sheet: %(names)s"), code="unknown_item",
                                              params={"names": ", ".join(sorted(scores))}))
        given = dict(answers)
        replies: list[tuple[dict[str, Any], bool, str]] = []
        for qn in template["questions"]:
            yes, note = _answer(given.pop(qn["id"], None))
            if not isinstance(yes, bool):
                errors.append(ValidationError(_("Answer yes or no to “%(question)s” (%(article)s)."),
                                              code="answer_missing", params={"question": qn["zh"],
                                                                             "article": qn["article"]}))
                continue
            replies.append((qn, yes, note))
        if given:
            errors.append(ValidationError(_("Not on this sheet: %(names)s"), code="unknown_item",
                                          params={"names": ", ".join(sorted(given))}))
        if errors:
            raise ValidationError(errors)
        sheet = ScoreSheet.objects.create(
            case=locked, assignment=assignment, expert=profile, round=round, submission=version,
            mode=template["mode"], template=template, pack_id=template["pack"], pack_digest=template["pack_digest"],
            score=score, opinion=opinion if template["mode"] == ScoreSheetMode.OVERALL else "", comment=comment,
            submitted_on=on)
        DimensionScore.objects.bulk_create(
            [DimensionScore(sheet=sheet, dimension_id=d["id"], article=d["article"], score=v) for d, v in dims])
        QuestionAnswer.objects.bulk_create(
            [QuestionAnswer(sheet=sheet, condition_id=qn["id"], article=qn["article"], answer=yes, comment=note)
             for qn, yes, note in replies])
        audit_record(actor=actor, action="review.sheet_submit", target=locked,
                     after={"sheet": sheet.pk, "round": round, "version": version.number if version else None,
                            "score": score, "opinion": sheet.opinion,
                            "dimensions": {d["id"]: v for d, v in dims},
                            "answers": {qn["id"]: yes for qn, yes, _n in replies}})
    return sheet


# ---------------------------------------------------------------- site visits


@requires("reviews.site_visit", "case")
def site_visit_record(*, actor: Any, case: Case, visited_on: date, visitors: str, findings: str, result: str,
                      document: Document | None = None) -> SiteVisit:
    """Record a site visit (Jiangning 第九条 “根据需要开展实地走访”), by an assigned expert or the
    bureau's staff, while the case is under review, at its site visit or at assessment."""
    check_date("visited_on", visited_on)
    with transaction.atomic():
        locked = _lock(case)
        roles = case_roles(actor, locked)
        if not roles & {"bureau", "expert"}:
            raise PermissionDenied(_("Only the case's experts or its bureau's staff may record a site visit."))
        if locked.closed or locked.state not in VISIT_STATES:
            raise ValidationError(_("No site visit can be recorded while the case is at “%(state)s”."),
                                  code="not_in_review", params={"state": locked.state})
        errors = {}
        if result not in Opinion.values:
            errors["result"] = ValidationError(_("The result is pass or fail."), code="bad_result")
        if is_blank(visitors):
            errors["visitors"] = ValidationError(_("Name the visitors."), code="visitors_required")
        if is_blank(findings):
            errors["findings"] = ValidationError(_("Write down the findings."), code="findings_required")
        if visited_on > timezone.localdate():
            errors["visited_on"] = ValidationError(_("A visit cannot be recorded before it happens."),
                                                   code="future_visit")
        if errors:
            raise ValidationError(errors)
        visit = SiteVisit.objects.create(case=locked, visited_on=visited_on, visitors=visitors.strip(),
                                         findings=findings.strip(), result=result, document=document,
                                         recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
        audit_record(actor=actor, action="review.site_visit", target=locked,
                     after={**snapshot(visit), "sha256": document.sha256 if document else None})
    return visit


@requires("reviews.read_material", "case")
def material_read(*, actor: Any, case: Case, document_id: int) -> Document:
    """A material as it was submitted, opened by someone judging the case (an assigned expert, the bureau).

    Only a document frozen in one of the case's submitted versions opens, and only while its content is
    still the one frozen (same SHA-256); every opening is an audit event naming the version and material.
    Anything else is ``Document.DoesNotExist`` (a 404 for the page)."""
    for submission in case.submissions.order_by("-number"):
        for material_id, docs in sorted((submission.materials or {}).items()):
            frozen = next((d for d in docs if d.get("document") == document_id), None)
            if frozen is None:
                continue
            doc = Document.objects.get(pk=document_id, sha256=frozen.get("sha256"))
            audit_record(actor=actor, action="document.read", target=doc,
                         reason=f"case {case.pk} v{submission.number} {material_id}")
            return doc
    raise Document.DoesNotExist
