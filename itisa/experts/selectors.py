"""Read-only helpers of the expert pages: the assignment list and the frozen submission, for display.

Permission comes from ``itisa.reviews.selectors.cases_assigned_to``: a case not assigned to the expert, or of
an alliance the expert's organisation belongs to (or belonged to within the conflict window), is never found.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from itisa.access import visible_to
from itisa.reviews.models import ExpertAssignment, ScoreSheet, SiteVisit
from itisa.reviews.selectors import profile_of
from itisa.workflow.models import Case, Submission
from itisa.workflow.selectors import required_materials


def is_expert(user: Any) -> bool:
    return profile_of(user) is not None


def my_cases(user: Any) -> QuerySet[Case]:
    """The cases assigned to the user, each with whether the user already submitted a sheet on it."""
    mine = ScoreSheet.objects.filter(case=OuterRef("pk"), expert__user=user)
    return (visible_to(user, "reviews.expert_case").select_related("alliance__industry_field", "jurisdiction")
            .annotate(sheet_in=Exists(mine)).order_by("-opened_on", "pk"))


def my_case(user: Any, pk: int) -> Case:
    """The case if it is assigned to the user (Case.DoesNotExist → 404 otherwise)."""
    return visible_to(user, "reviews.expert_case").select_related("alliance__lead", "alliance__industry_field",
                                                  "alliance__region").get(pk=pk)


def my_rounds(user: Any, case: Case) -> list[str]:
    return list(ExpertAssignment.objects.filter(case=case, expert__user=user, active=True)
                .order_by("round").values_list("round", flat=True).distinct())


def my_sheet(user: Any, case: Case, round: str, submission: Submission | None) -> ScoreSheet | None:
    return (ScoreSheet.objects.filter(case=case, expert__user=user, round=round, submission=submission)
            .prefetch_related("answers", "dimension_scores").first())


def site_visits(case: Case) -> QuerySet[SiteVisit]:
    return SiteVisit.objects.filter(case=case).select_related("recorded_by", "document")


def frozen_submission(submission: Submission | None, case: Case) -> dict[str, Any] | None:
    """What the expert judges, as frozen: facts, materials (with the pack's labels) and eligibility."""
    if submission is None:
        return None
    facts = submission.facts or {}
    labels = {m["id"]: m for m in required_materials(case)}
    materials = []
    for mid, docs in sorted((submission.materials or {}).items()):
        spec = labels.get(mid, {})
        materials.append({"id": mid, "zh": spec.get("zh", mid), "en": spec.get("en", ""),
                          "article": spec.get("article", ""), "documents": docs})
    missing = [m for mid, m in labels.items() if mid not in (submission.materials or {})]
    eligibility = submission.eligibility or {}
    return {
        "number": submission.number, "submitted_at": submission.submitted_at, "digest": submission.digest,
        "facts": facts,
        "members": [m for m in facts.get("members", []) if not m.get("left")],
        "former_members": [m for m in facts.get("members", []) if m.get("left")],
        "materials": materials, "missing_materials": missing,
        "eligibility": eligibility,
        "conditions": eligibility.get("conditions", []),
    }
