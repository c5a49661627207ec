"""Bulk what-if over many alliances: the same compiled packs and mechanisms as the single path, lean results.

Two paths, one result:

* vectorised (default): the facts are turned once into columns (:class:`policy.vector.Register`, cacheable)
  and every condition, consequence, money rule and duty of the pack runs as array operations over the
  whole register, through kernels registered under the same type names as the scalar mechanisms and
  reading the same parameters (overrides included). Two steps: :func:`prepare` (pack, register, date — what
  no parameter value changes: member aggregates, triggers, whole months elapsed…, once) and
  :func:`evaluate` (prepared, overrides — only what the parameters decide; the what-if loop).
  :func:`run_register` is both and returns the columns (:class:`policy.vector.VectorResult`);
  :func:`run_batch` returns one :class:`BatchRow` per alliance.
  The register may also be built straight from columns (:func:`columns`), with no :class:`Facts` per
  alliance — how the apps read the database.
* scalar (``vector=False``): each pack is compiled once (:func:`policy.engine.compiled`); per alliance only
  the closures run, without building traces or explanations.

``summary`` reduces a single-path result to the same row, so tests can show all paths agree.
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
from .vector import Prepared, Register, VectorResult
from .vector import evaluate as _evaluate
from .vector import prepare as _prepare
from .vector.columns import BIG, NONE
from .vector.direct import register_from_columns
from .vector.records import Rows as Rows
from .vector.records import register_from_records
from .vector.records import table_from_rows as table_from_rows
from .vector.tables import gc_paused as gc_paused  # for a caller that builds the tables in bulk too

# Ordinals for a missing date in :func:`columns`: before any date (no ``joined``), after any (no ``left``).
BEFORE_ANY_DATE, AFTER_ANY_DATE = NONE, BIG


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


def register(facts: Iterable[Facts]) -> Register:
    """The facts of many alliances as columns — the one-off conversion; keep it to run many what-ifs."""
    return Register(list(facts))


def columns_from_records(records: Mapping[str, Mapping[str, Any] | Rows]) -> Register:
    """The columns straight from plain tables (``{"alliances": {"id": [...], ...}, "members": {"alliance":
    [...], "org_id": [...], ...}, ...}``; a table may also be :class:`Rows` — ``values_list`` rows and their
    field names), without a :class:`Facts` per alliance; checked as the facts door
    checks (:class:`~policy.errors.FactsError`). The same :class:`Register` as :func:`register` gives for
    the same facts; see :mod:`policy.vector.records` for the tables."""
    return register_from_records(records)
def columns(alliances: Mapping[str, Any], members: Mapping[str, Any], levels: Mapping[str, Any],
            achievements: Mapping[str, Any]) -> Register:
    """The register straight from columns (one list or array per field, see :mod:`policy.vector.direct`):
    what :func:`register` gives for the same facts, without building a :class:`Facts` per alliance."""
    return register_from_columns(alliances, members, levels, achievements)


def prepare(pack: str | Pack, reg: Register, on: dt.date, year: int | None = None, *, warm: bool = True) -> Prepared:
    """The parameter-free part of the vectorised path, once per (pack, register, date, year); keep it to run
    many what-ifs with :func:`evaluate`."""
    return _prepare(pack, reg, on, year, warm=warm)


def evaluate(prepared: Prepared, overrides: Mapping[str, Any] | None = None) -> VectorResult:
    """A what-if over a prepared register: only what the parameter values decide is computed."""
    return _evaluate(prepared, overrides)


def run_register(pack: str | Pack, reg: Register, on: dt.date, overrides: Mapping[str, Any] | None = None,
                 year: int | None = None) -> VectorResult:
    """The vectorised path: eligibility + entitlements + deadlines of a whole register, as columns
    (:func:`prepare` + :func:`evaluate`)."""
    return _evaluate(pack, reg, on, overrides, year)


def run_batch(pack: str | Pack, facts: Iterable[Facts] | Register, on: dt.date,
              overrides: Mapping[str, Any] | None = None, year: int | None = None, *,
              vector: bool = True) -> list[BatchRow]:
    """Eligibility + entitlements + deadlines for many alliances under one pack (and overrides).

    ``facts`` may be a :class:`Register` already built; ``vector=False`` runs the scalar loop."""
    if vector:
        reg = facts if isinstance(facts, Register) else Register(list(facts))
        return _evaluate(pack, reg, on, overrides, year).rows()
    if isinstance(facts, Register):
        facts = facts.facts
    cp = compiled(pack, overrides)
    out = []
    for f in facts:
        el = cp.eligibility(f, on, lean=True)
        en = cp.entitlements(f, on, year=year, lean=True)
        de = cp.deadlines(f, on)
        out.append(summary(el, en, de))
    return out


def budget(pack: str | Pack, facts: Iterable[Facts] | Register, on: dt.date,
           overrides: Mapping[str, Any] | None = None, year: int | None = None) -> Decimal:
    """Total fixed amounts due over the alliances (ranges awaiting a decision are not counted)."""
    reg = facts if isinstance(facts, Register) else Register(list(facts))
    return _evaluate(pack, reg, on, overrides, year).total_decimal()
