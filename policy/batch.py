"""Bulk what-if over many alliances: the same compiled packs and mechanisms as the single path, lean results.

Each pack is compiled once (:func:`policy.engine.compiled`); per alliance only the closures run, without
building traces or explanations. ``summary`` reduces a single-path result to the same row, so tests can
show both paths agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .engine import compiled
from .loader import Pack
from .types import DeadlinesResult, EligibilityResult, EntitlementsResult, Facts, _Dict


@dataclass(frozen=True)
class BatchRow(_Dict):
    alliance: str
    eligibility: str
    total: Decimal
    money_status: str
    due_rules: tuple[tuple[str, str, Decimal], ...]  # (rule, matter, amount), sorted
    decisions: int
    open_deadlines: int
    overdue: int
    next_due: dt.date | None


def summary(el: EligibilityResult, en: EntitlementsResult, de: DeadlinesResult) -> BatchRow:
    due = tuple(sorted((e.rule, e.matter, e.amount) for e in en.entitlements  # type: ignore[misc]
                       if e.status == "due" and e.amount is not None))
    open_ = [d for d in de.deadlines if d.status in ("upcoming", "due_today", "overdue")]
    nexts = [d.due for d in open_ if d.due is not None and d.status != "overdue"]
    return BatchRow(el.alliance, el.status, en.total, en.status, due,
                    sum(1 for e in en.entitlements if e.status == "decision"), len(open_),
                    sum(1 for d in open_ if d.status == "overdue"), min(nexts) if nexts else None)


def run_batch(pack: str | Pack, facts: Iterable[Facts], on: dt.date, overrides: Mapping[str, Any] | None = None,
              year: int | None = None) -> list[BatchRow]:
    """Eligibility + entitlements + deadlines for many alliances under one pack (and overrides)."""
    cp = compiled(pack, overrides)
    out = []
    for f in facts:
        el = cp.eligibility(f, on, lean=True)
        en = cp.entitlements(f, on, year=year, lean=True)
        de = cp.deadlines(f, on)
        out.append(summary(el, en, de))
    return out


def budget(pack: str | Pack, facts: Iterable[Facts], on: dt.date, overrides: Mapping[str, Any] | None = None,
           year: int | None = None) -> Decimal:
    """Total fixed amounts due over the alliances (ranges awaiting a decision are not counted)."""
    return sum((r.total for r in run_batch(pack, facts, on, overrides, year)), Decimal("0"))
