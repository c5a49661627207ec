"""What the staff alliance page shows about an alliance's filings and endings: every report it filed with its
documents (next to the grading form that depends on them), the findings with their evidence and the
consequences each finding kind triggers under the text in force, the member organisations' funding bans and
the dissolutions. Reads only."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from itisa.funding.models import FundingBan
from itisa.register.models import Alliance
from itisa.supervision.governing import governing
from itisa.supervision.models import Dissolution, DissolutionConsent, Finding, Report
from itisa.supervision.selectors import finding_choices
from itisa.supervision.services.common import SUPERVISED

#: The text fields of a report, in the order a reader expects them (policy.api.report_sections names
#: which ones a text asks for; a page shows the ones filled in).
REPORT_TEXTS = ("summary", "plan_execution", "fund_use", "results", "next_year_plan", "changes_members",
                "changes_rules", "changes_direction", "changes_route")
LABELS = {f.name: f.verbose_name for f in Report._meta.concrete_fields if f.name in REPORT_TEXTS}


def report_rows(alliance: Alliance) -> list[dict[str, Any]]:
    rows = []
    for r in Report.objects.filter(alliance=alliance).select_related("document", "filed_by", "endorsed_by").order_by(
            "-filed_on", "-id"):
        sections = [(LABELS[f], getattr(r, f)) for f in REPORT_TEXTS if getattr(r, f)]
        rows.append({"report": r, "sections": sections})
    return rows


def alliance_documents(alliance: Alliance) -> set[int]:
    """Documents of the alliance's reports, findings and dissolution consents: those the staff page links."""
    ids = set(Report.objects.filter(alliance=alliance, document__isnull=False).values_list("document_id", flat=True))
    ids |= set(Finding.objects.filter(alliance=alliance, document__isnull=False).values_list("document_id", flat=True))
    ids |= set(DissolutionConsent.objects.filter(dissolution__alliance=alliance, document__isnull=False)
               .values_list("document_id", flat=True))
    return ids


def endings(alliance: Alliance, on: date) -> dict[str, Any]:
    g = governing(alliance, on)
    findings = list(Finding.objects.filter(alliance=alliance).select_related("document", "recorded_by"))
    recorded = {f.kind for f in findings}
    # Only what can still be recorded is offered: a ground once per alliance, while it is under supervision.
    choices = [c for c in finding_choices(g.pack) if c["kind"] not in recorded] if alliance.status in SUPERVISED \
        else []
    return {
        "reports_filed": report_rows(alliance),
        "findings": findings,
        "finding_choices": choices,
        "member_bans": list(FundingBan.objects.filter(alliance=alliance).filter(~Q(organisation=None))
                            .select_related("organisation").order_by("-since", "organisation__name")),
        "dissolutions": list(Dissolution.objects.filter(alliance=alliance).order_by("-applied_on", "-id")),
    }
