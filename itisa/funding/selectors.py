"""Reads about support money, scoped by the access module to the fund's jurisdiction (docs/access.md):
the budget view per fund and year, proposals, and the what-if simulation over the register."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from itisa.access import AccessDenied, can, visible_to
from itisa.access.scope import bureau_q
from itisa.funding import engine_io
from itisa.funding.models import Budget, EntryKind, LedgerEntry
from itisa.register.columns_bulk import cached_prepared
from itisa.register.models import Alliance, Jurisdiction
from policy.api import Pack, batch

ZERO = Decimal("0")


@dataclass(frozen=True)
class BudgetLine:
    """One fund's year: ``left = budget − committed + recovered``; negative only when ``overcommitted`` is
    allowed on the budget (``flagged``)."""

    budget_id: int
    fund: str
    year: int
    budget: Decimal
    committed: Decimal
    paid: Decimal
    recovered: Decimal
    offset: Decimal
    left: Decimal
    flagged: bool

    @property
    def receivable(self) -> Decimal:
        """Recovered but not yet settled by offsets (what payees still owe)."""
        return self.recovered - self.offset


def budget_line(budget: Budget) -> BudgetLine:
    sums = dict(LedgerEntry.objects.filter(budget=budget).order_by().values_list("kind").annotate(s=Sum("amount")))
    committed = sums.get(EntryKind.COMMITMENT, ZERO)
    recovered = sums.get(EntryKind.RECOVERY, ZERO)
    return BudgetLine(budget.pk, budget.fund.name, budget.year, budget.amount, committed,
                      sums.get(EntryKind.PAYMENT, ZERO), recovered, sums.get(EntryKind.OFFSET, ZERO),
                      budget.amount - committed + recovered, budget.allow_overcommit)


def budget_overview(*, user: Any, year: int | None = None, jurisdiction: Jurisdiction | None = None
                    ) -> list[BudgetLine]:
    """Per fund and year: budget, committed, paid, recovered, left (one query for the sums)."""
    qs = visible_to(user, "funding.view_budget")
    if year is not None:
        qs = qs.filter(year=year)
    if jurisdiction is not None:
        qs = qs.filter(fund__jurisdiction=jurisdiction)
    budgets = list(qs.order_by("fund__name", "year"))
    sums: dict[tuple[int, str], Decimal] = {}
    for bid, kind, s in (LedgerEntry.objects.filter(budget__in=budgets).order_by().values_list("budget_id", "kind")
                         .annotate(s=Sum("amount")).values_list("budget_id", "kind", "s")):
        sums[(bid, kind)] = s
    out = []
    for b in budgets:
        def g(kind: str, b: Budget = b) -> Decimal:
            return sums.get((b.pk, kind), ZERO)
        committed, recovered = g(EntryKind.COMMITMENT), g(EntryKind.RECOVERY)
        out.append(BudgetLine(b.pk, b.fund.name, b.year, b.amount, committed, g(EntryKind.PAYMENT), recovered,
                              g(EntryKind.OFFSET), b.amount - committed + recovered, b.allow_overcommit))
    return out


# ---------------------------------------------------------------- what-if


@dataclass(frozen=True)
class BudgetSimulation:
    pack: str
    on: dt.date
    overrides: dict[str, Any]
    alliances: int
    baseline_total: Decimal
    scenario_total: Decimal
    delta: Decimal
    by_article: tuple[dict[str, Any], ...]
    by_alliance: tuple[dict[str, Any], ...]
    undecided: int  # entitlements whose amount a decision picks (ranges): not in the totals


def budget_simulate(*, user: Any, jurisdiction: Jurisdiction, pack: str | Pack, on: dt.date,
                    overrides: Mapping[str, Any], year: int | None = None) -> BudgetSimulation:
    """What a change of parameters would cost: every alliance in the bureau's scope (docs/access.md),
    under the text as written and with ``overrides`` (full names, e.g. ``jiangning.recognition_award.district``),
    totals and per article. The ledger is not fed in: this is what the texts give over the register's
    history, not what is still due. Ranges to be decided are counted apart (``undecided``)."""
    if not can(user, "funding.view_fund", jurisdiction):
        raise AccessDenied(_("Only finance or staff of %(bureau)s may run its budget simulations.")
                               % {"bureau": jurisdiction.name})
    p = engine_io.pack_of(pack)
    # The columnar path (ADR 0017): the register read straight into columns (one values_list pass per table, no
    # model objects, no facts per alliance), kept per register version; the parameter-free part prepared
    # once, then the text as written and the scenario evaluated as array operations.
    prepared = cached_prepared(f"bureau:{jurisdiction.pk}", _simulation_scope(jurisdiction), p, on=on, year=year)
    return simulate_prepared(p, prepared, on, overrides)


def simulate_prepared(p: Pack, prepared: Any, on: dt.date, overrides: Mapping[str, Any]) -> BudgetSimulation:
    """The text as written and the scenario over a prepared register, totals per article and per alliance."""
    base, scen = batch.evaluate(prepared).rows(), batch.evaluate(prepared, overrides).rows()
    article = {r["id"]: r["article"] for r in (p.data.get("money") or {}).get("rules") or ()}
    per: dict[str, dict[str, Any]] = defaultdict(lambda: {"baseline": ZERO, "scenario": ZERO})
    rows = []
    for b, sc in zip(base, scen, strict=True):
        for key, row in (("baseline", b), ("scenario", sc)):
            for rule, _matter, amount in row.due_rules:
                per[article[rule]][key] += amount
        rows.append({"alliance": b.alliance, "eligibility": b.eligibility, "eligibility_scenario": sc.eligibility,
                     "total": b.total, "total_scenario": sc.total, "delta": sc.total - b.total})
    by_article = tuple({"article": art, "baseline": v["baseline"], "scenario": v["scenario"],
                        "delta": v["scenario"] - v["baseline"]} for art, v in sorted(per.items()))
    baseline_total = sum((b.total for b in base), ZERO)
    scenario_total = sum((sc.total for sc in scen), ZERO)
    return BudgetSimulation(p.id, on, dict(overrides), prepared.n, baseline_total, scenario_total,
                            scenario_total - baseline_total, by_article, tuple(rows), sum(b.decisions for b in base))


def _simulation_scope(jurisdiction: Jurisdiction) -> QuerySet[Alliance]:
    """The bureau's scope (docs/access.md), not everything registered in its region: another bureau's
    alliances in preparation are not this bureau's to count."""
    return Alliance.objects.filter(bureau_q([jurisdiction])).distinct()
