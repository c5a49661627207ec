"""The evaluation context shared by every mechanism: one pack, one alliance, one date."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any

from ..dates import add_years
from ..loader import Pack
from ..params import ParamSet
from ..types import LEVEL_RANK, Citation, Facts, Grade, LevelRecord, Member

YUAN = Decimal("0.0001")  # 1 yuan in 万元


def money(x: Decimal) -> Decimal:
    """Rounded to the yuan (4 places of 万元), without trailing zeros."""
    q = x.quantize(YUAN, rounding=ROUND_HALF_UP)
    return q.quantize(Decimal(1)) if q == q.to_integral_value() else q.normalize()


def times(base: Decimal, rate: Fraction) -> Decimal:
    """base × rate, exact to the yuan (rounded half up)."""
    return money(base * Decimal(rate.numerator) / Decimal(rate.denominator))


def fmt(x: Any) -> str:
    if isinstance(x, Decimal):
        s = format(x.normalize(), "f")
        return s
    if isinstance(x, Fraction):
        return f"{x.numerator}/{x.denominator}" if x.denominator != 1 else str(x.numerator)
    return str(x)


def pct(f: Fraction) -> str:
    p = f * 100
    return (fmt(Decimal(p.numerator) / Decimal(p.denominator)) if p.denominator != 1 else str(p.numerator)) + "%"


class Ctx:
    """Facts of one alliance read under one pack on one date (members sorted: order never matters)."""

    def __init__(self, pack: Pack, params: ParamSet, facts: Facts, on: dt.date):
        self.pack = pack
        self.params = params
        self.facts = facts
        self.on = on
        self.region: str = pack.identity["region"]
        self.recognises: tuple[str, ...] = tuple(pack.identity.get("recognises") or (pack.identity["level"],))

    def cite(self, article: str, quote: str | None = None) -> Citation:
        return self.pack.cite(article, quote)

    def p(self, name: str, on: dt.date | None = None) -> Any:
        return self.params.value(name, on or self.on)

    @cached_property
    def members(self) -> tuple[Member, ...]:
        return tuple(sorted((m for m in self.facts.members if m.active_on(self.on)), key=lambda m: m.org_id))

    @cached_property
    def lead(self) -> Member | None:
        lead = self.facts.lead
        for m in self.members:
            if (lead is not None and m.org_id == lead) or (lead is None and m.role == "lead"):
                return m
        return None

    def in_region(self, m: Member) -> bool:
        return self.region in m.region_path

    def member(self, org_id: str | None) -> Member | None:
        for m in self.facts.members:
            if m.org_id == org_id:
                return m
        return None

    def is_own(self, rec: LevelRecord) -> bool:
        """A level record granted under this pack's jurisdiction (its own level, its region)."""
        return rec.level in self.recognises and rec.jurisdiction in ("", self.region)

    @cached_property
    def levels(self) -> tuple[LevelRecord, ...]:
        """Level records dated on or before the date, oldest first; a record of the pack's own level
        counts only when granted in the pack's region."""
        recs = [r for r in self.facts.levels if r.since <= self.on and (r.level not in self.recognises
                                                                         or self.is_own(r))]
        return tuple(sorted(recs, key=lambda r: (r.since, LEVEL_RANK[r.level])))

    @cached_property
    def recognised_since(self) -> dt.date | None:
        own = [r.since for r in self.levels if self.is_own(r) and (r.until is None or r.until > self.on)]
        return min(own) if own else None

    def grade_label(self, g: str) -> str:
        for s in (self.pack.data.get("evaluation") or {}).get("scale") or ():
            if g in (s["id"], s.get("zh")):
                return s["id"]
        return g

    @cached_property
    def grades(self) -> tuple[Grade, ...]:
        gs = [g for g in self.facts.grades if g.date is None or g.date <= self.on]
        gs = [g for g in gs if g.year <= self.on.year]
        return tuple(sorted(gs, key=lambda g: (g.year, g.kind)))

    def grade_valid_until(self, g: Grade) -> dt.date | None:
        """Last day a grade stands when its scale entry has ``valid_years`` (counted from the grading date, or
        from the end of the graded year); None: no validity period."""
        for s in (self.pack.data.get("evaluation") or {}).get("scale") or ():
            if s.get("valid_years") and self.grade_label(g.grade) == s["id"]:
                start = g.date or dt.date(g.year, 12, 31)
                return add_years(start, int(self.p(s["valid_years"]))) - dt.timedelta(days=1)
        return None

    def grade_of(self, year: int, kind: str = "yearly") -> str | None:
        for g in self.grades:
            if g.year == year and g.kind == kind:
                return self.grade_label(g.grade)
        return None

    def in_force_on(self, d: dt.date) -> bool:
        start, end = self.pack.in_force, self.pack.lapses
        return (start is None or d >= start) and (end is None or d <= end)
