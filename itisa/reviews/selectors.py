"""Reads of the expert review, scoped by who is asking, and the review's result for the guards."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.register.models import Membership
from itisa.reviews import conf
from itisa.reviews.aggregation import QuestionSummary, ScoreSummary, majority, summarise_answers, summarise_scores
from itisa.reviews.conflicts import Conflict, conflict_years, conflicts_of, expert_organisation_ids, years_before
from itisa.reviews.models import ExpertAssignment, ExpertProfile, ReviewRound, ScoreSheet, ScoreSheetMode
from itisa.reviews.sheets import sheet_template
from itisa.workflow.models import Case, Submission


def profile_of(user: Any) -> ExpertProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return ExpertProfile.objects.select_related("user", "organisation").filter(user=user).first()


def active_assignment(user: Any, case: Case, round: str | None = None) -> ExpertAssignment | None:
    if not getattr(user, "is_authenticated", False):
        return None
    qs = ExpertAssignment.objects.select_related("expert__user", "expert__organisation").filter(
        case=case, expert__user=user, active=True)
    if round is not None:
        qs = qs.filter(round=round)
    return qs.first()


def is_assigned_expert(user: Any, case: Case) -> bool:
    """The pack role ``expert`` for this case: an active assignment, and no conflict today."""
    assignment = active_assignment(user, case)
    return assignment is not None and not conflicts_of(assignment.expert, case.alliance, timezone.localdate())


def cases_assigned_to(user: Any, on: date | None = None) -> QuerySet[Case]:
    """The cases the user is actively assigned to, never one of an alliance their organisation
    belongs to (or belonged to within the conflict window)."""
    profile = profile_of(user)
    if profile is None:
        return Case.objects.none()
    on = on or timezone.localdate()
    orgs = expert_organisation_ids(profile)
    start = years_before(on, conflict_years())
    conflicted = (Membership.objects.filter(organisation_id__in=orgs, joined_on__lte=on)
                  .filter(Q(left_on__isnull=True) | Q(left_on__gt=start)).values("alliance_id"))
    assigned = ExpertAssignment.objects.filter(expert=profile, active=True).values("case_id")
    return (Case.objects.filter(pk__in=assigned).exclude(alliance_id__in=conflicted)
            .exclude(alliance__lead_id__in=orgs).select_related("alliance", "jurisdiction"))


@dataclass(frozen=True)
class Candidate:
    expert: ExpertProfile
    field_match: bool
    conflict: bool
    reasons: tuple[str, ...]
    conflicts: tuple[Conflict, ...]
    assigned: bool


def _field_match(profile: ExpertProfile, industry_field: Any) -> bool:
    if industry_field is None:
        return False
    if any(f.pk == industry_field.pk for f in profile.fields.all()):
        return True
    tags = {str(t).strip().lower() for t in profile.tags or ()}
    return industry_field.code.lower() in tags or industry_field.name.lower() in tags


def expert_candidates(*, user: Any, case: Case, round: str = ReviewRound.REVIEW, on: date | None = None,
                      only_field: bool = False) -> list[Candidate]:
    """Active experts of the pool for the case, those of the alliance's field first, each with a
    conflict flag and the memberships behind it. For the staff of the case's bureau only."""
    from itisa.access import AccessDenied, can

    if not can(user, "reviews.assign", case):
        raise AccessDenied(_("Only the staff of the case's bureau may see or assign its experts."))
    on = on or timezone.localdate()
    industry_field = case.alliance.industry_field
    assigned = set(ExpertAssignment.objects.filter(case=case, round=round, active=True)
                   .values_list("expert_id", flat=True))
    out = []
    for profile in (ExpertProfile.objects.filter(active=True).select_related("user", "organisation")
                    .prefetch_related("fields")):
        match = _field_match(profile, industry_field)
        if only_field and not match:
            continue
        found = tuple(conflicts_of(profile, case.alliance, on))
        out.append(Candidate(profile, match, bool(found), tuple(c.describe() for c in found), found,
                             profile.pk in assigned))
    out.sort(key=lambda c: (c.conflict, not c.field_match, c.expert.user.username))
    return out


def latest_submission(case: Case) -> Submission | None:
    return case.submissions.order_by("-number").first()


def case_sheet_template(case: Case, round: str = ReviewRound.REVIEW) -> dict[str, Any]:
    return sheet_template(case.pack_id, case.procedure_id, round)


@dataclass(frozen=True)
class ReviewResult:
    round: str
    required: int
    counted: int
    by_field: bool
    industry_field: str | None
    scores: ScoreSummary
    dimensions: dict[str, ScoreSummary]
    questions: list[QuestionSummary]
    opinion: bool | None
    pass_mark: Decimal
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.missing

    def explanation(self) -> str:
        if self.missing:
            return "；".join(self.missing + self.notes)
        head = _("%(count)s score sheets, aggregated score %(score)s (pass mark %(mark)s); every expert question "
                 "answered yes by a majority.") % {"count": self.scores.count, "score": self.scores.trimmed_mean,
                                                   "mark": self.pass_mark}
        return "；".join([head, *self.notes])


def sheets_counted(case: Case, round: str) -> QuerySet[ScoreSheet]:
    """The sheets that count: of this round, judging the latest submitted version, from experts
    still assigned."""
    latest = latest_submission(case)
    return (ScoreSheet.objects.filter(case=case, round=round, submission=latest, assignment__active=True)
            .select_related("expert__user").prefetch_related("answers", "dimension_scores", "expert__fields"))


def review_result(case: Case, round: str = ReviewRound.REVIEW) -> ReviewResult:
    """Aggregate the counted sheets and say what is missing for the review to pass."""
    template = case_sheet_template(case, round)
    sheets = list(sheets_counted(case, round))
    mark = conf.pass_mark()
    required = conf.min_sheets()
    by_field = conf.by_field(case.pack_id)
    industry_field = case.alliance.industry_field
    missing: list[str] = []
    notes: list[str] = []
    if by_field:
        counted = sum(1 for s in sheets if _field_match(s.expert, industry_field))
        if industry_field is None:
            missing.append(_("The alliance has no industry field, so the experts of its field cannot be counted "
                             "(%(doc)s 13).") % {"doc": template["doc"]})
        elif counted < required:
            missing.append(_("%(have)s of the %(need)s score sheets required from experts of the field "
                             "“%(field)s” are in.") % {"have": counted, "need": required, "field": industry_field.name})
    else:
        counted = len(sheets)
        if counted < required:
            missing.append(_("%(have)s of the %(need)s score sheets required are in.") % {
                "have": counted, "need": required})
    scores = summarise_scores([s.score for s in sheets], trim_from=conf.trim_from(),
                              max_range=conf.dispersion_range(), max_stdev=conf.dispersion_stdev())
    if scores.count and scores.trimmed_mean is not None and scores.trimmed_mean < mark:
        missing.append(_("The aggregated score %(score)s is below the pass mark %(mark)s.") % {
            "score": scores.trimmed_mean, "mark": mark})
    if scores.dispersed:
        notes.append(_("The scores are dispersed (range %(range)s, standard deviation %(stdev)s): discuss before "
                       "deciding.") % {"range": scores.range, "stdev": scores.stdev})
    dimensions = {}
    for d in template["dimensions"]:
        values = [ds.score for s in sheets for ds in s.dimension_scores.all() if ds.dimension_id == d["id"]]
        dimensions[d["id"]] = summarise_scores(values, trim_from=conf.trim_from())
    qids = [qn["id"] for qn in template["questions"]]
    questions = summarise_answers([{a.condition_id: a.answer for a in s.answers.all()} for s in sheets], qids,
                                  [{a.condition_id: a.comment for a in s.answers.all()} for s in sheets])
    if sheets:
        by_id = {qn["id"]: qn for qn in template["questions"]}
        for summary in questions:
            qn = by_id[summary.condition_id]
            if summary.tie:
                missing.append(_("The experts are split on “%(question)s” (%(article)s).") % {
                    "question": qn["zh"], "article": qn["article"]})
            elif summary.majority is False:
                missing.append(_("Most experts answered no to “%(question)s” (%(article)s).") % {
                    "question": qn["zh"], "article": qn["article"]})
    opinion = None
    if template["mode"] == ScoreSheetMode.OVERALL and sheets:
        opinion = majority([s.opinion == "pass" for s in sheets])
        if opinion is None:
            missing.append(_("The experts' opinions are split between pass and fail."))
        elif opinion is False:
            missing.append(_("Most experts' opinion is fail."))
    return ReviewResult(round, required, counted, by_field, industry_field.name if industry_field else None, scores,
                        dimensions, questions, opinion, mark, missing, notes)
