"""Dashboards for bureau staff and finance: the register, money, evaluations and deadlines of the user's
region, and the progress against targets a text sets. Each figure is a chart with its data table and an
export of the same rows (``?export=csv|xlsx&table=<key>``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from itisa.access.views import area
from itisa.core.exports import csv_response, xlsx_response
from itisa.core.page_cache import per_version
from itisa.dashboards import selectors
from itisa.funding.models import EntryKind
from itisa.notices.holidays import missing_calendar_year
from itisa.register.models import AllianceLevel, AllianceStatus
from itisa.supervision.models import GradeKind
from itisa.workflow.labels import article_text

ZERO = Decimal("0")


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]]
    chart: dict[str, Any] | None = None
    note: str = ""
    numeric_from: int = 1  # columns from this index are right-aligned numbers
    extra: dict[str, Any] = field(default_factory=dict)


def _status_label(value: str) -> str:
    return str(AllianceStatus(value).label) if value in AllianceStatus.values else value


def _level_label(value: str) -> str:
    return str(AllianceLevel(value).label) if value in AllianceLevel.values else _("Not recognised")


def _simple(key: str, title: str, head: str, rows: list[tuple[str, int]], horizontal: bool = False,
            top: int | None = None) -> Table:
    shown = rows[:top] if top else rows
    chart = {"type": "bar", "horizontal": horizontal, "labels": [r[0] for r in shown],
             "datasets": [{"label": _("Alliances"), "data": [r[1] for r in shown]}]}
    return Table(key, title, [head, _("Alliances")], [[a, b] for a, b in rows], chart)


def _pivot(key: str, title: str, records: list[dict[str, Any]], row_key: str, col_key: str, value_key: str,
           col_label: Any, row_head: str, stacked: bool = True) -> Table:
    cols: list[Any] = []
    grid: dict[Any, dict[Any, Any]] = {}
    for r in records:
        if r[col_key] not in cols:
            cols.append(r[col_key])
        grid.setdefault(r[row_key], {})[r[col_key]] = r[value_key]
    row_keys = sorted(grid)
    headers = [row_head, *[col_label(c) for c in cols]]
    rows = [[rk, *[grid[rk].get(c, 0) for c in cols]] for rk in row_keys]
    chart = {"type": "bar", "stacked": stacked, "labels": [str(rk) for rk in row_keys],
             "datasets": [{"label": col_label(c), "data": [_num(grid[rk].get(c, 0)) for rk in row_keys]}
                          for c in cols]}
    return Table(key, title, headers, rows, chart)


def _num(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _money_tables(records: list[dict[str, Any]]) -> list[Table]:
    kinds = [EntryKind.COMMITMENT, EntryKind.PAYMENT, EntryKind.RECOVERY, EntryKind.OFFSET]
    kind_label = {k: str(EntryKind(k).label) for k in kinds}
    detail: dict[tuple[Any, str, str], dict[str, Decimal]] = {}
    yearly: dict[Any, dict[str, Decimal]] = {}
    for r in records:
        detail.setdefault((r["year"], r["fund__name"], r["article"]), {})[r["kind"]] = r["total"]
        bucket = yearly.setdefault(r["year"], {})
        bucket[r["kind"]] = bucket.get(r["kind"], ZERO) + r["total"]
    years = sorted(yearly)
    chart = {"type": "bar", "labels": [str(y) for y in years],
             "datasets": [{"label": kind_label[k], "data": [str(yearly[y].get(k, ZERO)) for y in years]}
                          for k in kinds[:3]]}
    by_year = Table("money_by_year", _("Money by year (万元)"), [_("Year"), *[kind_label[k] for k in kinds]],
                    [[y, *[yearly[y].get(k, ZERO) for k in kinds]] for y in years], chart)
    by_article = Table("money_by_article", _("Money by year, fund and article (万元)"),
                       [_("Year"), _("Fund"), _("Article"), *[kind_label[k] for k in kinds]],
                       [[y, f, article_text(a), *[v.get(k, ZERO) for k in kinds]] for (y, f, a), v in sorted(detail.items())],
                       numeric_from=3)
    return [by_year, by_article]


def _region_label(name: str | None) -> str:
    return name or _("No region")


def _tables(scope: selectors.Scope) -> list[Table]:
    figures = selectors.register_figures(scope)
    tables = [
        _simple("by_status", _("Alliances by status"), _("Status"),
                [(_status_label(r["status"]), r["n"]) for r in figures["status"]]),
        _simple("by_level", _("Alliances by level"), _("Level"),
                [(_level_label(r["level"]), r["n"]) for r in figures["level"]]),
        _simple("by_field", _("Alliances by industry field"), _("Industry field"),
                [(f"{r['industry_field__jurisdiction__name']} · {r['industry_field__name']}"
                  if r["industry_field__name"] else _("No field"), r["n"]) for r in figures["field"]],
                horizontal=True, top=15),
        _simple("by_region", _("Alliances by region (of the lead unit's registration)"), _("Region"),
                [(_region_label(r["region__name"]), r["n"]) for r in figures["region"]],
                horizontal=True, top=15),
    ]
    founded = _pivot("founded_by_year", _("Alliances by founding year and present status"),
                     figures["founded"], "year", "status", "n", _status_label, _("Year"))
    recognised = _pivot("recognised_by_year", _("Recognitions and upgrades by year and level"),
                        selectors.recognised_by_year_and_level(scope), "year", "level", "n", _level_label, _("Year"))
    grades = selectors.grades_by_year(scope)
    for g in grades:
        g["column"] = f"{GradeKind(g['kind']).label if g['kind'] in GradeKind.values else g['kind']} · {g['grade_label']}"
    evaluation = _pivot("grades_by_year", _("Evaluation results by year"), grades, "year", "column", "n", str, _("Year"))
    return [*tables, founded, recognised, *_money_tables(selectors.money_by_year_fund_article(scope.user)), evaluation]


@area("pages.dashboards")
@require_safe
@per_version
def home(request: HttpRequest) -> HttpResponseBase:
    today = timezone.localdate()
    scope = selectors.scope_of(request.user)  # once per request: every figure reuses it
    tables = _tables(scope)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        table = next((t for t in tables if t.key == request.GET.get("table")), None)
        if table is None:
            raise Http404
        respond = xlsx_response if export == "xlsx" else csv_response
        return respond(f"dashboard-{table.key}", table.headers, table.rows)
    by_key = {t.key: t for t in tables}
    counts = selectors.deadline_counts(scope, today)
    context = {
        "today": today,
        "register": [by_key[k] for k in ("by_status", "by_level", "by_field", "by_region")],
        "over_time": [by_key["founded_by_year"], by_key["recognised_by_year"]],
        "money": [by_key["money_by_year"], by_key["money_by_article"]],
        "evaluation": by_key["grades_by_year"],
        "deadlines": counts,
        # A list whose count is nought is not asked for (two queries fewer for a bureau with nothing due).
        "overdue": selectors.deadlines_overdue(scope, today) if counts["overdue"] else [],
        "coming": selectors.deadlines_coming(scope, today) if counts["coming"] else [],
        "targets": selectors.targets_for(request.user, today),
        "calendar_missing": missing_calendar_year(today),  # from 1 November (issue 11)
    }
    return render(request, "dashboards/home.html", context)
