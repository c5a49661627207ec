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

from .dates import parse_date, region_path
from .engine import compiled, text_status
from .facts import facts_from_dict
from .loader import Pack, all_packs, get_pack
from .params import parameter
from .types import (
    ConsequencesResult,
    DeadlinesResult,
    EligibilityResult,
    EntitlementsResult,
    Event,
    Facts,
    GoverningText,
    _Dict,
)

__all__ = ["Comparison", "Simulation", "check_eligibility", "compare", "consequences", "deadlines", "entitlements",
           "governing_text", "packs", "parameter", "simulate"]


def _facts(f: Facts | Mapping[str, Any]) -> Facts:
    return f if isinstance(f, Facts) else facts_from_dict(dict(f))


def _date(on: dt.date | str) -> dt.date:
    d = parse_date(on)
    if d is None:
        raise ValueError("a date is required (nothing reads the clock)")
    return d


def _event(e: Event | Mapping[str, Any] | None) -> Event | None:
    if e is None or isinstance(e, Event):
        return e
    return facts_from_dict({"events": [dict(e)]}).events[0]


def packs(on: dt.date | str | None = None) -> list[dict[str, Any]]:
    """Every pack with its identity, digest and (when ``on`` is given) its validity on that date."""
    out = []
    for p in sorted(all_packs().values(), key=lambda p: p.id):
        ident = p.identity
        row = {"pack": p.id, "key": p.key, "doc": p.doc, "title": ident["title"], "region": ident["region"],
               "level": ident["level"], "in_force": p.in_force, "lapses": p.lapses, "digest": p.digest,
               "supersedes": [s["doc_no"] for s in ident.get("supersedes") or ()]}
        if on is not None:
            ts = text_status(p, _date(on))
            row.update(status=ts.status, zh=ts.zh, en=ts.en)
        out.append(row)
    return out


def governing_text(region_or_pack: str | Pack, on: dt.date | str) -> GoverningText:
    """Which texts govern a region (its own and its ancestors', by GB/T 2260 code) or what one pack's status
    is on ``on``: in force, lapsed (citing the lapsing article) or not yet in force (naming what it superseded)."""
    on = _date(on)
    if isinstance(region_or_pack, Pack) or not (isinstance(region_or_pack, str) and region_or_pack.isdigit()
                                                and len(region_or_pack) == 6):
        chosen = [get_pack(region_or_pack)]
        query = chosen[0].id
    else:
        path = region_path(region_or_pack)
        chosen = [p for p in all_packs().values() if p.identity["region"] in path]
        chosen.sort(key=lambda p: (len(p.identity["region"].rstrip("0")), p.in_force or dt.date.min))
        query = region_or_pack
    texts = tuple(text_status(p, on) for p in chosen)
    return GoverningText(query, on, tuple(t.pack for t in texts if t.status == "in_force"), texts)


def check_eligibility(pack: str | Pack, facts: Facts | Mapping[str, Any], on: dt.date | str,
                      overrides: Mapping[str, Any] | None = None) -> EligibilityResult:
    """Recognition conditions: eligible | not_eligible | review (expert questions pending) | not_in_force."""
    return compiled(pack, overrides).eligibility(_facts(facts), _date(on))


def entitlements(pack: str | Pack, facts: Facts | Mapping[str, Any], on: dt.date | str,
                 event: Event | Mapping[str, Any] | None = None, year: int | None = None,
                 overrides: Mapping[str, Any] | None = None) -> EntitlementsResult:
    """Money due or to be decided under every money rule of the pack, as of ``on``.

    ``event`` restricts event-triggered rules to that one claim; ``year`` restricts to claims of that year
    (and sets the year of yearly rules, default ``on.year``)."""
    return compiled(pack, overrides).entitlements(_facts(facts), _date(on), _event(event), year)


def deadlines(pack: str | Pack, facts: Facts | Mapping[str, Any], on: dt.date | str,
              overrides: Mapping[str, Any] | None = None) -> DeadlinesResult:
    """Duties with their due dates and status on ``on`` (upcoming, due_today, overdue, done, late, unscheduled)."""
    return compiled(pack, overrides).deadlines(_facts(facts), _date(on))


def consequences(pack: str | Pack, facts: Facts | Mapping[str, Any], on: dt.date | str,
                 overrides: Mapping[str, Any] | None = None) -> ConsequencesResult:
    """Consequences triggered by grades, rectifications, flags and missed duties (or pending expert review)."""
    return compiled(pack, overrides).consequences(_facts(facts), _date(on))


@dataclass(frozen=True)
class Comparison(_Dict):
    alliance: str
    on: dt.date
    rows: tuple[dict[str, Any], ...]


def compare(facts: Facts | Mapping[str, Any], on: dt.date | str, packs: Iterable[str | Pack] | None = None,
            overrides: Mapping[str, Any] | None = None) -> Comparison:
    """The same alliance under every pack (or the given ones), side by side."""
    f, d = _facts(facts), _date(on)
    chosen = [get_pack(p) for p in packs] if packs is not None else sorted(all_packs().values(), key=lambda p: p.id)
    rows = []
    for p in chosen:
        cp = compiled(p, overrides)
        el, en, de, co = cp.eligibility(f, d), cp.entitlements(f, d), cp.deadlines(f, d), cp.consequences(f, d)
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
    d = _date(on)
    items = [facts] if isinstance(facts, (Facts, Mapping)) else list(facts)
    base, scen = compiled(pack), compiled(pack, overrides)
    rows = []
    bt = st = Decimal("0")
    for raw in items:
        f = _facts(raw)
        e0, e1 = base.entitlements(f, d, year=year), scen.entitlements(f, d, year=year)
        l0, l1 = base.eligibility(f, d, lean=True), scen.eligibility(f, d, lean=True)
        bt += e0.total
        st += e1.total
        rows.append({"alliance": f.id, "eligibility": l0.status, "eligibility_scenario": l1.status,
                     "total": e0.total, "total_scenario": e1.total, "delta": e1.total - e0.total})
    return Simulation(base.pack.id, d, dict(overrides), bt, st, st - bt, tuple(rows))
