"""The staff lists of reports awaiting or bearing a recommender's endorsement and of dissolutions (sortable,
filtered, exported as shown), and the export of a case's expert list. Through the shared helpers
(itisa.core.listing, itisa.core.exports), over exactly what the page shows (its access-scoped queryset or list)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itisa.core.exports import csv_response, xlsx_response
from itisa.core.listing import Column, ListPage, choice_words
from itisa.supervision.models import Dissolution, Report
from itisa.workflow.labels import citation_text


def wants_export(request: HttpRequest) -> bool:
    return request.GET.get("export") in ("xlsx", "csv")


REPORTS = ListPage(
    template="staff/reports.html",
    fragment="staff/_reports_rows.html",
    export_stem="report-endorsements",
    search_fields=("alliance__name",),
    filters={"kind": "kind", "year": "year", "endorsed": lambda v: Q(endorsed_on__isnull=v not in ("1", "yes"))},
    columns=[
        Column(gettext_lazy("Alliance"), field="alliance__name"),
        Column(gettext_lazy("Kind"), field="kind", words=choice_words(Report, "kind")),
        Column(gettext_lazy("Year"), field="year", shape=lambda y: y or ""),
        Column(gettext_lazy("Article"), field=("pack_id", "article"), shape=citation_text),
        Column(gettext_lazy("Filed on"), field="filed_on"),
        Column(gettext_lazy("Endorsed on"), field="endorsed_on", shape=lambda d: d or ""),
        Column(gettext_lazy("Endorsed by"), field=("endorsed_by__full_name", "endorsed_by__username"),
               shape=lambda full, login: full or login or ""),
        Column(gettext_lazy("Recommender's opinion"), field=("endorsement_opinion",)),
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
    fragment="staff/_dissolutions_rows.html",
    export_stem="dissolutions",
    search_fields=("alliance__name",),
    filters={"status": "status"},
    columns=[
        Column(gettext_lazy("Alliance"), field="alliance__name"),
        Column(gettext_lazy("Bureau"), field="alliance__jurisdiction__name"),
        Column(gettext_lazy("Date of application"), field="applied_on"),
        Column(gettext_lazy("Article"), field=("pack_id", "article"), shape=citation_text),
        Column(gettext_lazy("Reason"), field=("reason",)),
        Column(gettext_lazy("Status"), field="status", words=choice_words(Dissolution, "status")),
        Column(gettext_lazy("Decided on"), field="decided_on", shape=lambda d: d or ""),
        Column(gettext_lazy("Plaque returned on"), field="plaque_returned_on", shape=lambda d: d or ""),
    ],
)
