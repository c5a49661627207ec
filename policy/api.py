"""Public API of the policy engine. Pure functions of (pack, facts, date[, overrides]); nothing reads the clock.

Every function accepts a pack as a :class:`~policy.loader.Pack`, its id ("320115-jiangning/2019"), its
key ("jiangning"), its folder ("320115-jiangning") or its region code ("320115"), and facts as
:class:`~policy.types.Facts` or a plain dict (see docs/policy/facts.md). Results have ``to_dict()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import batch
from .articles import article_words
from .dates import (
    CIVIL_CODE,
    HolidayDataMissing,
    add_months,
    add_years,
    is_working_day,
    parse_date,
    period_last_day,
    region_path,
)
from .engine import CompiledPack, compiled, text_status
from .errors import DateError, FactsError, InputError, OverrideError, Problem, UnknownPackError
from .facts import event_from_dict, facts_from_dict
from .inputs import date_arg, overrides_arg, pack_arg, year_arg
from .loader import Pack, PackError, all_packs, get_pack, pack_errors
from .params import ParameterError, ParamSet, value_at
from .params import parameter as _parameter
from .readings import annotate
from .readings import readings as _readings
from .rules.procedure import allowed, guards_of, intake, materials, procedure, states, step, transitions
from .sections import Naming, ReportSection, TargetItem, Targets, naming, report_sections, review_by, targets
from .types import (
    ConsequencesResult,
    DeadlinesResult,
    EligibilityResult,
    EntitlementsResult,
    Event,
    Facts,
    GoverningText,
    ParameterValue,
    Reading,
    TextStatus,
    _Dict,
)

# Besides its own functions, the API re-exports what the apps need from the loader, the procedures and the
# dates: the apps import policy.api and policy.types only (import-linter contract in pyproject.toml).
__all__ = [
    "CIVIL_CODE",
    "Comparison",
    "DateError",
    "FactsError",
    "GoverningPack",
    "HolidayDataMissing",
    "InputError",
    "Naming",
    "OverrideError",
    "Pack",
    "PackError",
    "ParamSet",
    "ParameterError",
    "Problem",
    "ReportSection",
    "Rows",
    "Simulation",
    "TargetItem",
    "Targets",
    "UnknownPackError",
    "add_months",
    "add_years",
    "all_packs",
    "allowed",
    "article_words",
    "batch",
    "check_eligibility",
    "columns_from_records",
    "compare",
    "consequences",
    "deadlines",
    "entitlements",
    "facts_from_dict",
    "get_pack",
    "governing_pack",
    "governing_text",
    "guards_of",
    "intake",
    "is_working_day",
    "materials",
    "naming",
    "pack_errors",
    "packs",
    "packs_of",
    "parameter",
    "parse_date",
    "period_last_day",
    "procedure",
    "readings",
    "report_sections",
    "review_by",
    "simulate",
    "states",
    "step",
    "targets",
    "text_status",
    "transitions",
    "value_at",
]

# Bad input never reaches the rules: facts, packs, dates and overrides are checked here, at the door, and
# refused with one of the typed errors above (all InputError, a ValueError), every problem with its path.


def _facts(f: Any, path: str = "") -> Facts:
    if isinstance(f, Facts):
        return f
    if not isinstance(f, Mapping):
        raise FactsError([Problem(path or "facts", f"应为一个联盟的事实（映射），实际是 {type(f).__name__}",
                                  f"expected one alliance's facts (a mapping), got {type(f).__name__}")])
    return facts_from_dict(f, path=path)


def _date(on: Any) -> dt.date:
    return date_arg(on, "on")


def _event(e: Any) -> Event | None:
    if e is None or isinstance(e, Event):
        return e
    return event_from_dict(e, path="event")


def _compiled(pack: Any, overrides: Any = None) -> CompiledPack:
    p = pack_arg(pack)
    checked = overrides_arg(overrides)
    try:
        return compiled(p, checked)
    except ParameterError as e:  # a parameter of another text under the same key
        raise OverrideError([Problem("overrides", f"{p.id} 没有这个参数：{e}", f"not a parameter of {p.id}: {e}")]) \
            from None


def parameter(pack: Pack | str, name: str, on: dt.date | str,
              overrides: Mapping[str, Any] | None = None) -> ParameterValue:
    """Value of a parameter (local or full name) on a date (or ISO string), with its citation."""
    p, d, checked = pack_arg(pack), _date(on), overrides_arg(overrides)
    try:
        return _parameter(p, name, d, checked)
    except ParameterError:
        names = ", ".join(sorted(p.parameters))
        raise OverrideError([Problem("name", f"{p.id} 没有参数 {name!r:.60}；可用：{names}",
                                     f"{p.id} has no parameter {name!r:.60}; known: {names}")]) from None


def packs(on: dt.date | str | None = None) -> list[dict[str, Any]]:
    """Every pack with its identity, digest and (when ``on`` is given) its validity on that date."""
    out = []
    day = None if on is None else _date(on)
    for p in sorted(all_packs().values(), key=lambda p: p.id):
        ident = p.identity
        row = {"pack": p.id, "key": p.key, "doc": p.doc, "title": ident["title"], "region": ident["region"],
               "level": ident["level"], "in_force": p.in_force, "lapses": p.lapses, "digest": p.digest,
               "supersedes": [s["doc_no"] for s in ident.get("supersedes") or ()]}
        if day is not None:
            ts = text_status(p, day)
            row.update(status=ts.status, zh=ts.zh, en=ts.en)
        out.append(row)
    return out


def governing_text(region_or_pack: str | Pack, on: dt.date | str) -> GoverningText:
    """Which texts govern a region (its own and its ancestors', by GB/T 2260 code) or what one pack's status
    is on ``on``: in force, lapsed (citing the lapsing article) or not yet in force (naming what it superseded)."""
    on = _date(on)
    if isinstance(region_or_pack, Pack) or not (isinstance(region_or_pack, str) and region_or_pack.isdigit()
                                                and len(region_or_pack) == 6):
        chosen = [pack_arg(region_or_pack)]
        query = chosen[0].id
    else:
        path = region_path(region_or_pack)
        chosen = [p for p in all_packs().values() if p.identity["region"] in path]
        chosen.sort(key=lambda p: (len(p.identity["region"].rstrip("0")), p.in_force or dt.date.min))
        query = region_or_pack
    texts = tuple(annotate(p, text_status(p, on)) for p in chosen)
    return GoverningText(query, on, tuple(t.pack for t in texts if t.status == "in_force"), texts)


def readings(pack: str | Pack) -> tuple[Reading, ...]:
    """The pack's readings (interpretive choices): the words, how they are read, who confirmed them."""
    return _readings(get_pack(pack))


def packs_of(family: str) -> list[Pack]:
    """Every text of one jurisdiction's family (its pack folder, e.g. "530100-kunming", its key or region code),
    oldest first."""
    hits = [p for p in all_packs().values()
            if family in (p.path.parent.name, p.key, p.identity["region"], p.id)]
    return sorted(hits, key=lambda p: (p.in_force or dt.date.min, p.id))


@dataclass(frozen=True)
class GoverningPack(_Dict):
    """The text that governs a case of ``family`` on ``on`` (``pack`` None when none does), and why."""

    family: str
    on: dt.date
    pack: Pack | None
    status: str  # in_force | lapsed | not_yet_in_force | no_pack
    text: TextStatus | None  # the governing text, or the one whose status explains why none governs
    texts: tuple[TextStatus, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"family": self.family, "on": self.on.isoformat(), "pack": self.pack.id if self.pack else None,
                "status": self.status, "text": self.text.to_dict() if self.text else None,
                "texts": [t.to_dict() for t in self.texts]}


def governing_pack(family: str, on: dt.date | str) -> GoverningPack:
    """Which text governs a case of this jurisdiction family on ``on``: the one in force then (the newest if
    several), else none, with the newest text's status (lapsed, citing its article, or not yet in force)."""
    d = _date(on)
    candidates = packs_of(family)
    if not candidates:
        return GoverningPack(family, d, None, "no_pack", None, ())
    statuses = tuple(annotate(p, text_status(p, d)) for p in candidates)
    live = [(p, t) for p, t in zip(candidates, statuses, strict=True) if t.status == "in_force"]
    if live:
        pack, ts = live[-1]
        return GoverningPack(family, d, pack, "in_force", ts, statuses)
    return GoverningPack(family, d, None, statuses[-1].status, statuses[-1], statuses)


Rows = batch.Rows


def columns_from_records(records: Mapping[str, Mapping[str, Any] | Rows]) -> batch.Register:
    """Many alliances' facts as the vectorised path's columns, straight from plain tables (one mapping of
    column → values per table: ``alliances``, ``members``, ``levels``, ``achievements``, ``reports``,
    ``grades``, ``events``, ``payments``, ``rectifications``, ``objections``; child rows name their
    alliance's ``id`` in an ``alliance`` column), without a :class:`Facts` per alliance. Checked as the facts
    door checks, per distinct value: :class:`FactsError` lists the problems with their rows
    (``members[1203].kind``). Pack- and date-free: prepare it per pack and date with
    ``batch.prepare(pack, register, on)``, then ``batch.evaluate(prepared, overrides)``.
    A table may be given as rows instead: ``Rows(fields, values_list_rows, columns={...})``."""
    return batch.columns_from_records(records)


def check_eligibility(pack: str | Pack, facts: Facts | Mapping[str, Any], on: dt.date | str,
                      overrides: Mapping[str, Any] | None = None) -> EligibilityResult:
    """Recognition conditions: eligible | not_eligible | review (expert questions pending) | not_in_force."""
    cp = _compiled(pack, overrides)
    return annotate(cp.pack, cp.eligibility(_facts(facts), _date(on)))


def entitlements(pack: str | Pack, facts: Facts | Mapping[str, Any], on: dt.date | str,
                 event: Event | Mapping[str, Any] | None = None, year: int | None = None,
                 overrides: Mapping[str, Any] | None = None) -> EntitlementsResult:
    """Money due or to be decided under every money rule of the pack, as of ``on``.

    ``event`` restricts event-triggered rules to that one claim; ``year`` restricts to claims of that year
    (and sets the year of yearly rules, default ``on.year``)."""
    cp = _compiled(pack, overrides)
    return annotate(cp.pack, cp.entitlements(_facts(facts), _date(on), _event(event), year_arg(year)))


def deadlines(pack: str | Pack, facts: Facts | Mapping[str, Any], on: dt.date | str,
              overrides: Mapping[str, Any] | None = None) -> DeadlinesResult:
    """Duties with their due dates and status on ``on`` (upcoming, due_today, overdue, done, late, unscheduled)."""
    cp = _compiled(pack, overrides)
    return annotate(cp.pack, cp.deadlines(_facts(facts), _date(on)))


def consequences(pack: str | Pack, facts: Facts | Mapping[str, Any], on: dt.date | str,
                 overrides: Mapping[str, Any] | None = None) -> ConsequencesResult:
    """Consequences triggered by grades, rectifications, flags and missed duties (or pending expert review)."""
    cp = _compiled(pack, overrides)
    return annotate(cp.pack, cp.consequences(_facts(facts), _date(on)))


@dataclass(frozen=True)
class Comparison(_Dict):
    alliance: str
    on: dt.date
    rows: tuple[dict[str, Any], ...]


def compare(facts: Facts | Mapping[str, Any], on: dt.date | str, packs: Iterable[str | Pack] | None = None,
            overrides: Mapping[str, Any] | None = None) -> Comparison:
    """The same alliance under every pack (or the given ones), side by side."""
    f, d = _facts(facts), _date(on)
    chosen = ([pack_arg(p, f"packs[{i}]") for i, p in enumerate(packs)] if packs is not None
              else sorted(all_packs().values(), key=lambda p: p.id))
    rows = []
    for p in chosen:
        cp = _compiled(p, overrides)
        el, en = annotate(p, cp.eligibility(f, d)), annotate(p, cp.entitlements(f, d))
        de, co = annotate(p, cp.deadlines(f, d)), annotate(p, cp.consequences(f, d))
        rows.append({"pack": p.id, "doc": p.doc, "text": text_status(p, d).status, "eligibility": el.status,
                     "failed": [c.id for c in el.conditions if c.status == "fail"],
                     "review": [q["condition"] for q in el.review_questions],
                     "money_status": en.status, "total": en.total,
                     "decisions": [{"rule": e.rule, "range": e.range} for e in en.entitlements
                                   if e.status == "decision"],
                     "deadlines_open": [{"duty": x.duty, "due": x.due, "status": x.status} for x in de.deadlines
                                        if x.status in ("upcoming", "due_today", "overdue")],
                     "consequences": [{"id": c.id, "effects": c.effects, "status": c.status}
                                      for c in co.consequences],
                     "results": {"eligibility": el, "entitlements": en, "deadlines": de, "consequences": co}})
    return Comparison(f.id, d, tuple(rows))


@dataclass(frozen=True)
class Simulation(_Dict):
    pack: str
    on: dt.date
    overrides: dict[str, Any]
    baseline_total: Decimal
    scenario_total: Decimal
    delta: Decimal
    rows: tuple[dict[str, Any], ...]


def simulate(pack: str | Pack, facts: Iterable[Facts | Mapping[str, Any]] | Facts | Mapping[str, Any],
             on: dt.date | str, overrides: Mapping[str, Any], year: int | None = None) -> Simulation:
    """What-if: eligibility and money for each alliance under the text as written and with ``overrides``."""
    d, year = _date(on), year_arg(year)
    if isinstance(facts, (Facts, Mapping)) or not isinstance(facts, Iterable) or isinstance(facts, (str, bytes)):
        items = [_facts(facts)]
    else:
        found: list[Problem] = []
        items = []
        for i, raw in enumerate(facts):
            try:
                items.append(_facts(raw, f"[{i}]"))
            except FactsError as e:
                found += e.problems
        if found:
            raise FactsError(found)
    base, scen = _compiled(pack), _compiled(pack, overrides)
    rows = []
    bt = st = Decimal("0")
    for f in items:
        e0, e1 = base.entitlements(f, d, year=year), scen.entitlements(f, d, year=year)
        l0, l1 = base.eligibility(f, d, lean=True), scen.eligibility(f, d, lean=True)
        bt += e0.total
        st += e1.total
        rows.append({"alliance": f.id, "eligibility": l0.status, "eligibility_scenario": l1.status,
                     "total": e0.total, "total_scenario": e1.total, "delta": e1.total - e0.total})
    return Simulation(base.pack.id, d, dict(overrides), bt, st, st - bt, tuple(rows))
