"""The shared behaviour of every list page: search, typed filters, sorting, pagination and export.

A view passes a permission-scoped queryset (from a selector), the fields to search and the export
columns; ``ListPage`` answers the page, an HTMX fragment, or an xlsx/csv download. Exports go through
the same queryset as the page, so nothing the user may not see can leak through them.

Exports read plain tuples (``values_list(...).iterator()``), never model objects, and look labels up in
tables built once per export (ADR 0019): CSV streams; a workbook of more than
``ITISA_EXCEL_INLINE_MAX_ROWS`` rows is built in the background by whoever registered
:func:`set_background_export` (``itisa.exports``), and the page says where to fetch it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from itisa.core.exports import csv_response, xlsx_response
from itisa.core.list_filters import filterset_class, run_filters, sort_table
from itisa.core.params import parse_id, query_text

PAGE_SIZE = 25
EXPORT_LIMIT = 50_000


def _out_of_range(value: str) -> bool:
    digits = value[1:] if value[:1] in "+-" else value
    return digits.isascii() and digits.isdigit() and len(digits) > 18 and parse_id(digits) is None


@dataclass
class Column:
    """One export column: the database path(s) read with ``values_list`` (*field*), optionally a label table
    built once per export (*words*: a mapping, or a function that is then asked once per distinct value) and a
    *shape* that makes one cell of several fields. *value* (a function of the row object) is the slow path for
    a column no path can say; one such column makes the whole export read objects."""

    label: Any
    value: Callable[[Any], Any] | None = None
    field: str | tuple[str, ...] = ""
    words: Callable[[], Mapping[Any, Any] | Callable[[Any], Any]] | None = None
    shape: Callable[..., Any] | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.field,) if isinstance(self.field, str) else self.field


def _lookup(words: Callable[[], Mapping[Any, Any] | Callable[[Any], Any]] | None) -> Callable[[Any], Any] | None:
    """The label table of a column, built once: a mapping answers directly; a function once per value."""
    if words is None:
        return None
    table = words()
    if isinstance(table, Mapping):
        return lambda v: table.get(v, v)
    seen: dict[Any, Any] = {}

    def ask(v: Any) -> Any:
        if v not in seen:
            seen[v] = table(v)
        return seen[v]

    return ask


def export_rows(queryset: QuerySet[Any], columns: Sequence[Column], limit: int = EXPORT_LIMIT) -> Iterator[list[Any]]:
    """The rows of an export, read in chunks from the database without a result cache."""
    if any(not c.field for c in columns):  # the slow path: a column only a row object can answer
        for obj in queryset[:limit].iterator(chunk_size=2000):
            yield [c.value(obj) if c.value else "" for c in columns]
        return
    paths: list[str] = []
    for c in columns:
        paths += [f for f in c.fields if f not in paths]
    plan = [([paths.index(f) for f in c.fields], _lookup(c.words), c.shape) for c in columns]
    for row in queryset.values_list(*paths)[:limit].iterator(chunk_size=2000):
        cells = []
        for where, look, shape in plan:
            raw = [row[i] for i in where]
            if look is not None:
                raw[0] = look(raw[0])
            cells.append(shape(*raw) if shape is not None else raw[0])
        yield cells


def page_rows(queryset: QuerySet[Any], start: int, size: int) -> list[Any]:
    """One page of rows in two narrow steps (a "deferred join"): the page's ids, sorted and cut on the list's
    own table (the joins of ``select_related`` left out), then those rows with their joins. Sorting thousands
    of fully joined rows to keep 25 was most of a list page's time on PostgreSQL (docs/benchmarks.md)."""
    if queryset.query.distinct or queryset.query.combinator:
        return list(queryset[start:start + size])
    ids = list(queryset.values_list("pk", flat=True)[start:start + size])
    if not ids:
        return []
    if queryset.query.annotations:  # an annotation may lean on the list's filters: keep them
        rows = queryset.order_by().filter(pk__in=ids)
    else:  # the ids were chosen under the list's (permission) filters: the rows need only their joins
        rows = queryset.model._default_manager.filter(pk__in=ids)
        rows.query.select_related = queryset.query.select_related
        rows.query.deferred_loading = queryset.query.deferred_loading
        rows = rows.prefetch_related(*queryset._prefetch_related_lookups)  # type: ignore[attr-defined]
    found = {obj.pk: obj for obj in rows}
    return [found[pk] for pk in ids if pk in found]


# The background-export hook: (request, list page, queryset, number of rows) → the answer to the request.
# ``None`` means: build it in the request after all (an anonymous visitor has no page to come back to).
Background = Callable[[HttpRequest, "ListPage", QuerySet[Any], int], HttpResponseBase | None]
_background: list[Background] = []


def set_background_export(start: Background) -> None:
    """Registered by the app that keeps export jobs (core imports no app)."""
    _background[:] = [start]


def inline_max_rows() -> int:
    return int(getattr(settings, "ITISA_EXCEL_INLINE_MAX_ROWS", 5000))


@dataclass
class ListPage:
    template: str
    fragment: str
    export_stem: str
    columns: Sequence[Column]
    search_fields: Sequence[str] = ()
    filters: dict[str, str | Callable[[str], Q]] = field(default_factory=dict)  # GET parameter → lookup or Q
    search_q: Callable[[str], Q] | None = None  # a search the field list cannot say (e.g. through a sub-query)
    # Read a page as its ids first, then those rows (page_rows): a gain where the list's filters are heavy (the
    # access scope's sub-queries); a plain filter on one table is faster in one query.
    two_step: bool = True
    # Adds what a page's rows need for display in one bulk read (e.g. a deadline period's words), never per row.
    decorate: Callable[[list[Any]], Any] | None = None

    def apply(self, request: HttpRequest, queryset: QuerySet[Any]) -> tuple[QuerySet[Any], dict[str, str]]:
        queryset, active, _errors = self.narrow(request, queryset)
        return queryset, active

    def narrow(self, request: HttpRequest, queryset: QuerySet[Any]) -> tuple[QuerySet[Any], dict[str, str], list[str]]:
        """The list under the search, the typed filters and the sort of the request: the queryset, the values
        applied (carried by pagination, sort and export links) and the errors of filters that were not applied."""
        active: dict[str, str] = {}
        q = query_text(request, "q")
        if q and (self.search_fields or self.search_q):
            query = self.search_q(q) if self.search_q else Q()
            for f in self.search_fields:
                query |= Q(**{f"{f}__icontains": q})
            queryset = queryset.filter(query)
            active["q"] = q
        data = {p: v for p in self.filters if (v := query_text(request, p)) and not _out_of_range(v)}
        errors = [_("A filter was not applied: its value does not fit.")
                  for p in self.filters if _out_of_range(query_text(request, p) or "")]
        fs = filterset_class(queryset.model, self.filters)(data, queryset=queryset)
        queryset, applied, filter_errors = run_filters(fs, queryset)
        active.update(applied)
        order = self.sort_keys(request, queryset)
        if order:
            queryset = queryset.order_by(*order, *queryset.query.order_by, "pk")
            active["sort"] = order[0]
        return queryset, active, errors + filter_errors

    @property
    def sortable(self) -> list[str]:
        """The keys a list can be sorted by: the columns read from one database field."""
        return [c.field for c in self.columns if isinstance(c.field, str) and c.field]

    def sort_keys(self, request: HttpRequest, queryset: QuerySet[Any]) -> list[str]:
        wanted = request.GET.get("sort", "")
        if not wanted or "." in wanted or not self.sortable:  # a dotted key names no column (and tables2 warns)
            return []
        table = sort_table(request, queryset, self.sortable)
        return [str(o) for o in table.order_by][:1]

    def respond(self, request: HttpRequest, queryset: QuerySet[Any], context: dict[str, Any] | None = None,
                prepare: Callable[[list[Any]], None] | None = None) -> HttpResponseBase:
        """The page, its HTMX fragment or an export; *prepare* is given the rows of the page shown, once (to
        give each its own form, or read what they need in one query), never the exported rows."""
        queryset, active, errors = self.narrow(request, queryset)
        export = request.GET.get("export")
        headers = [str(c.label) for c in self.columns]
        sink = getattr(request, "export_sink", None)
        if sink is not None:  # a background job replaying this list as its requester (itisa.exports)
            return sink(self.export_stem, headers, export_rows(queryset, self.columns))
        if export in ("xlsx", "csv"):
            # Row by row from the database (no result cache), so a large export does not sit in memory.
            if export == "csv":
                return csv_response(self.export_stem, headers, export_rows(queryset, self.columns))
            if _background:
                total = min(queryset.count(), EXPORT_LIMIT)
                if total > inline_max_rows():
                    started = _background[0](request, self, queryset, total)
                    if started is not None:
                        return started
            return xlsx_response(self.export_stem, headers, export_rows(queryset, self.columns))
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
        if self.two_step:
            page.object_list = page_rows(queryset, (page.number - 1) * PAGE_SIZE, PAGE_SIZE)
        if self.decorate is not None or prepare is not None:
            page.object_list = list(page.object_list)
            if self.decorate is not None:  # the list's own words for the rows shown (e.g. periods)
                self.decorate(page.object_list)
            if prepare is not None:  # this page's work on the rows shown (e.g. a form per row)
                prepare(page.object_list)
        ctx = {"page": page, "rows": page.object_list, "active": active, "columns": self.columns,
               "querystring": urlencode(active), "filter_errors": errors, "sorting": self.sorting(active)}
        ctx.update(context or {})
        template = self.fragment if request.headers.get("HX-Request") else self.template
        return render(request, template, ctx)

    def sorting(self, active: dict[str, str]) -> dict[str, dict[str, str]]:
        """Per sortable key: the query of its header link (ascending first, then the other way) and its
        ``aria-sort``; read by ``{% sort_th %}`` (core/templatetags/list_sort.py)."""
        current = active.get("sort", "")
        rest = {k: v for k, v in active.items() if k != "sort"}
        out = {}
        for key in self.sortable:
            state = "ascending" if current == key else "descending" if current == f"-{key}" else ""
            out[key] = {"query": urlencode({**rest, "sort": f"-{key}" if state == "ascending" else key}), "aria": state}
        return out


def choice_words(model: Any, field: str) -> Callable[[], dict[Any, str]]:
    """The label table of a choices field (``get_FOO_display`` once per export, not once per row)."""
    return lambda: {k: str(v) for k, v in model._meta.get_field(field).flatchoices}
