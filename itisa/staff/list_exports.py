"""Exports of the staff lists that render their own tables: the reports awaiting or bearing a recommender's
endorsement, and a case's expert list. Through the shared helpers (itisa.core.listing, itisa.core.exports),
over exactly what the page shows (its access-scoped queryset or list)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itisa.core.exports import csv_response, xlsx_response
from itisa.core.listing import Column, ListPage
from itisa.workflow.labels import citation_text


def wants_export(request: HttpRequest) -> bool:
    return request.GET.get("export") in ("xlsx", "csv")


REPORTS = ListPage(
    template="staff/reports.html",
    fragment="staff/reports.html",
    export_stem="report-endorsements",
    columns=[
        Column(gettext_lazy("Alliance"), lambda r: r.alliance.name),
        Column(gettext_lazy("Kind"), lambda r: r.get_kind_display()),
        Column(gettext_lazy("Year"), lambda r: r.year or ""),
        Column(gettext_lazy("Article"), lambda r: citation_text(r.pack_id, r.article)),
        Column(gettext_lazy("Filed on"), lambda r: r.filed_on),
        Column(gettext_lazy("Endorsed on"), lambda r: r.endorsed_on or ""),
        Column(gettext_lazy("Endorsed by"), lambda r: str(r.endorsed_by or "")),
        Column(gettext_lazy("Recommender's opinion"), lambda r: r.endorsement_opinion),
    ],
)


def experts_export(request: HttpRequest, candidates: list[Any], round_label: str) -> HttpResponseBase:
    """A case's expert list for one round: every candidate the page shows, its field, conflicts, assignment."""
    headers = [_("Expert"), _("Professional title"), _("Own organisation"), _("Round"), _("Field matches"),
               _("Conflict of interest"), _("Assigned")]
    rows = ([str(c.expert.user), c.expert.title, c.expert.organisation.name, round_label,
             _("yes") if c.field_match else _("no"), "；".join(c.reasons) if c.conflict else "",
             _("yes") if c.assigned else _("no")] for c in candidates)
    if request.GET.get("export") == "xlsx":
        return xlsx_response("experts", headers, rows)
    return csv_response("experts", headers, rows)


DISSOLUTIONS = ListPage(
    template="staff/dissolutions.html",
    fragment="staff/dissolutions.html",
    export_stem="dissolutions",
    columns=[
        Column(gettext_lazy("Alliance"), lambda d: d.alliance.name),
        Column(gettext_lazy("Bureau"), lambda d: d.alliance.jurisdiction.name),
        Column(gettext_lazy("Applied on"), lambda d: d.applied_on),
        Column(gettext_lazy("Article"), lambda d: citation_text(d.pack_id, d.article)),
        Column(gettext_lazy("Reason"), lambda d: d.reason),
        Column(gettext_lazy("Status"), lambda d: d.get_status_display()),
        Column(gettext_lazy("Decided on"), lambda d: d.decided_on or ""),
        Column(gettext_lazy("Plaque returned on"), lambda d: d.plaque_returned_on or ""),
    ],
)
