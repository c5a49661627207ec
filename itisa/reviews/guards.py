"""The guards of the packs' tables that rest on the experts' work (registered on app start)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from itisa.reviews.models import Opinion, ReviewRound, SiteVisit
from itisa.reviews.selectors import review_result
from itisa.workflow.guards import guard
from itisa.workflow.models import Case


@guard("expert_review_passed")
def expert_review_passed(case: Case, on: date, context: dict[str, Any]) -> tuple[bool, str]:
    """Enough sheets (by field where the pack's review is by field), the aggregated (trimmed) score
    at the pass mark or above, every expert question answered yes by a majority (and, on an
    overall-opinion sheet, a majority of pass opinions)."""
    result = review_result(case, ReviewRound.REVIEW)
    return result.passed, result.explanation()


@guard("acceptance_passed")
def acceptance_passed(case: Case, on: date, context: dict[str, Any]) -> tuple[bool, str]:
    """Henan 第十条: the acceptance assessment is an expert scoring too, on sheets of round "acceptance"."""
    result = review_result(case, ReviewRound.ACCEPTANCE)
    return result.passed, result.explanation()


@guard("site_visit_passed")
def site_visit_passed(case: Case, on: date, context: dict[str, Any]) -> tuple[bool, str]:
    """Jiangning 第九条 “通过专家评审和现场考察的”: the latest site visit passed, and so did the expert review."""
    visit = SiteVisit.objects.filter(case=case).order_by("-visited_on", "-id").first()
    reasons = []
    if visit is None:
        reasons.append(_("No site visit is recorded."))
    elif visit.result != Opinion.PASS:
        reasons.append(_("The site visit of %(day)s did not pass: %(findings)s") % {
            "day": visit.visited_on.isoformat(), "findings": visit.findings})
    review = review_result(case, ReviewRound.REVIEW)
    if not review.passed:
        reasons.append(review.explanation())
    if reasons or visit is None:
        return False, "；".join(reasons)
    return True, _("The site visit of %(day)s passed and the expert review passed.") % {
        "day": visit.visited_on.isoformat()}
