"""The shared behaviour of every list page: search, filters, pagination and export.

A view passes a permission-scoped queryset (from a selector), the fields to search and the export
columns; ``ListPage`` answers the page, an HTMX fragment, or an xlsx/csv download. Exports go through
the same queryset as the page, so nothing the user may not see can leak through them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from itisa.core.exports import csv_response, xlsx_response
from itisa.core.params import parse_id, query_text

PAGE_SIZE = 25
EXPORT_LIMIT = 50_000


def _out_of_range(value: str) -> bool:
    digits = value[1:] if value[:1] in "+-" else value
    return digits.isascii() and digits.isdigit() and len(digits) > 18 and parse_id(digits) is None


@dataclass
class Column:
    label: Any
    value: Callable[[Any], Any]


@dataclass
class ListPage:
    template: str
    fragment: str
    export_stem: str
    columns: Sequence[Column]
    search_fields: Sequence[str] = ()
    filters: dict[str, str | Callable[[str], Q]] = field(default_factory=dict)  # GET parameter → lookup or Q
    search_q: Callable[[str], Q] | None = None  # a search the field list cannot say (e.g. through a sub-query)

    def apply(self, request: HttpRequest, queryset: QuerySet[Any]) -> tuple[QuerySet[Any], dict[str, str]]:
        active: dict[str, str] = {}
        q = query_text(request, "q")
        if q and (self.search_fields or self.search_q):
            query = self.search_q(q) if self.search_q else Q()
            for f in self.search_fields:
                query |= Q(**{f"{f}__icontains": q})
            queryset = queryset.filter(query)
            active["q"] = q
        for param, lookup in self.filters.items():
            value = query_text(request, param)
            if not value or _out_of_range(value):
                continue  # nothing, or a number no column holds (SQLite cannot even bind it)
            try:  # a value the column cannot hold ("abc" for an id) is dropped, as if not given; a malformed
                # date (ValidationError) is the view's to explain
                queryset = queryset.filter(lookup(value) if callable(lookup) else Q(**{lookup: value}))
            except (ValueError, TypeError):
                continue
            active[param] = value
        return queryset, active

    def respond(self, request: HttpRequest, queryset: QuerySet[Any], context: dict[str, Any] | None = None) -> HttpResponseBase:
        queryset, active = self.apply(request, queryset)
        export = request.GET.get("export")
        headers = [str(c.label) for c in self.columns]
        if export in ("xlsx", "csv"):
            # Row by row from the database (no result cache), so a large export does not sit in memory.
            rows = ([c.value(obj) for c in self.columns] for obj in queryset[:EXPORT_LIMIT].iterator(chunk_size=2000))
            if export == "xlsx":
                return xlsx_response(self.export_stem, headers, rows)
            return csv_response(self.export_stem, headers, rows)
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
        ctx = {"page": page, "rows": page.object_list, "active": active, "columns": self.columns,
               "querystring": urlencode(active)}
        ctx.update(context or {})
        template = self.fragment if request.headers.get("HX-Request") else self.template
        return render(request, template, ctx)
