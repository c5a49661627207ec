"""Reads about support money, scoped to the jurisdictions where the user is bureau staff or finance:
the budget view per fund and year, proposals, and the what-if simulation over the register."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from itisa.funding import engine_io
from itisa.funding.models import Budget, EntryKind, GrantProposal, LedgerEntry
from itisa.funding.permissions import PAYERS, holds_role, jurisdictions_of
from itisa.register.facts import alliance_facts, alliances_for_facts
from itisa.register.models import Alliance, Jurisdiction
from policy.api import Pack, entitlements, simulate

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


def budgets_visible_to(user: Any) -> QuerySet[Budget]:
    ids = jurisdictions_of(user, PAYERS)
    qs = Budget.objects.select_related("fund__jurisdiction")
    return qs if ids is None else qs.filter(fund__jurisdiction_id__in=ids)


def budget_overview(*, user: Any, year: int | None = None, jurisdiction: Jurisdiction | None = None
                    ) -> list[BudgetLine]:
    """Per fund and year: budget, committed, paid, recovered, left (one query for the sums)."""
    qs = budgets_visible_to(user)
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


def proposals_visible_to(user: Any) -> QuerySet[GrantProposal]:
    ids = jurisdictions_of(user, PAYERS)
    qs = GrantProposal.objects.select_related("alliance", "fund", "payee_organisation")
    return qs if ids is None else qs.filter(alliance__jurisdiction_id__in=ids)


def ledger_visible_to(user: Any) -> QuerySet[LedgerEntry]:
    ids = jurisdictions_of(user, PAYERS)
    qs = LedgerEntry.objects.select_related("fund", "alliance", "payee_organisation")
    return qs if ids is None else qs.filter(Q(alliance__jurisdiction_id__in=ids) | Q(fund__jurisdiction_id__in=ids))


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
    """What a change of parameters would cost: every alliance of the jurisdiction's register (its region),
    under the text as written and with ``overrides`` (full names, e.g. ``jiangning.recognition_award.district``),
    totals and per article. The ledger is not fed in: this is what the texts give over the register's
    history, not what is still due. Ranges to be decided are counted apart (``undecided``)."""
    if not holds_role(user, jurisdiction, PAYERS):
        raise PermissionDenied(_("Only finance or staff of %(bureau)s may run its budget simulations.")
                               % {"bureau": jurisdiction.name})
    p = engine_io.pack_of(pack)
    scope = Q(jurisdiction=jurisdiction)
    if jurisdiction.region is not None:
        scope |= Q(region__path__startswith=jurisdiction.region.path)
    alliances = alliances_for_facts(Alliance.objects.filter(scope).distinct().order_by("pk"))
    facts = [alliance_facts(a, on=on) for a in alliances]
    sim = simulate(p, facts, on, overrides, year=year)
    per: dict[str, dict[str, Any]] = defaultdict(lambda: {"baseline": ZERO, "scenario": ZERO})
    undecided = 0
    for f in facts:
        for key, ov in (("baseline", None), ("scenario", overrides)):
            res = entitlements(p, f, on, year=year, overrides=ov)
            for e in res.entitlements:
                if e.status == "due" and e.amount is not None:
                    per[e.citation.article][key] += e.amount
                elif e.status == "decision" and key == "baseline":
                    undecided += 1
    by_article = tuple({"article": art, "baseline": v["baseline"], "scenario": v["scenario"],
                        "delta": v["scenario"] - v["baseline"]} for art, v in sorted(per.items()))
    return BudgetSimulation(sim.pack, sim.on, dict(overrides), len(facts), sim.baseline_total, sim.scenario_total,
                            sim.delta, by_article, sim.rows, undecided)
