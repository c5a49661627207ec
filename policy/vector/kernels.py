"""Array kernels of the pack mechanisms, keyed by the same type names as the scalar mechanisms.

Each registry below mirrors one scalar registry: ``CONDITIONS`` ↔ ``policy.rules.eligibility.TESTS``
(``conditions[].test.type``), ``CONSEQUENCES`` ↔ ``policy.rules.evaluation.evaluate`` (``when.type``),
``MECHANISMS`` ↔ ``policy.rules.money.run_rule`` (``money.rules[].mechanism``), ``SCHEDULES`` ↔
``policy.rules.deadlines.duty_deadlines`` (``duties[].schedule.type``). A kernel reads the same pack entry,
the same parameters through the same :class:`~policy.params.ParamSet` (overrides included) and the same
calendar helpers (``add_months``/``add_years``, applied once per distinct date), and returns arrays over
the alliances. A type without a kernel — or a kernel that raises :class:`NoKernel` for an unusual entry —
runs the scalar mechanism for the alliances it may concern, so a result is always complete.

Thresholds are compared in integers (``local·q ≥ p·pool`` for a Fraction p/q), money is int64 yuan
(1/10000 万元), percentages round half up to the yuan exactly as :func:`policy.rules.common.times`.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from itertools import repeat
from typing import Any

import numpy as np

from ..dates import add_years
from ..rules.common import Ctx
from ..types import LEVEL_RANK, LEVELS
from .columns import BIG, NONE, Register, units

PASS, FAIL, REVIEW, UNKNOWN = 0, 1, 2, 3
COND_STATUSES = ("pass", "fail", "review", "unknown")
DL_STATUSES = ("upcoming", "due_today", "overdue", "done", "late", "unscheduled", "running", "elapsed")
DL = {s: i for i, s in enumerate(DL_STATUSES)}
EPOCH_ORD = dt.date(1970, 1, 1).toordinal()


class NoKernel(Exception):
    """This entry is outside what the kernel covers: use the scalar mechanism."""


def year_of(ords: np.ndarray) -> np.ndarray:
    return (ords - EPOCH_ORD).astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def map_dates(fn: Callable[[dt.date], dt.date], ords: np.ndarray) -> np.ndarray:
    """``fn`` (a scalar calendar helper) applied once per distinct date."""
    if len(ords) == 0:
        return ords.copy()
    u, inv = np.unique(ords, return_inverse=True)
    out = np.array([fn(dt.date.fromordinal(int(x))).toordinal() for x in u], dtype=np.int64)
    return out[inv]


def first_per(group: np.ndarray) -> np.ndarray:
    """Indices of the first row of each group (rows already in order)."""
    if len(group) == 0:
        return np.zeros(0, dtype=np.int64)
    _, idx = np.unique(group, return_index=True)
    return idx


class ParamReadInPrepare(RuntimeError):
    """A prepared (parameter-free) piece read a parameter: a kernel bug, never silently cached."""


class TrackedParams:
    """The compiled pack's :class:`~policy.params.ParamSet`, seen through a recorder.

    ``locked``: any read raises (the parameter-free pieces of :meth:`VCtx.prep`). ``reads``: when a set,
    every parameter read is added (the pieces cached by the values of the parameters they read)."""

    def __init__(self, inner: Any):
        self.inner = inner
        self.pack = inner.pack
        self.overrides = inner.overrides
        self.locked = False
        self.reads: set[str] | None = None

    def get(self, local: str, on: dt.date) -> Any:
        if self.locked:
            raise ParamReadInPrepare(local)
        if self.reads is not None:
            self.reads.add(local)
        return self.inner.get(local, on)

    def value(self, local: str, on: dt.date) -> Any:
        return self.get(local, on).value

    def param(self, local: str) -> Any:
        return self.inner.param(local)

    def series(self, local: str) -> tuple[str, ...]:
        """Every dated value of the parameter under these overrides (what a cached piece depends on)."""
        param = self.pack.parameters[local]
        return tuple(repr(self.inner.get(local, v.start or dt.date.min).value) for v in param.values)


def shared(fn: Callable[[Any], Any]) -> property:
    """A parameter-free column of :class:`VCtx`, computed once per prepared register (``VCtx.memo``)."""
    name = fn.__name__

    def get(self: Any) -> Any:
        return self.prep(("attr", name), lambda: fn(self))

    get.__doc__ = fn.__doc__
    return property(get)


class VCtx:
    """One pack (compiled, with its overrides), one register, one date: the array twin of :class:`Ctx`.

    ``memo`` holds what does not depend on the parameter values (``prep``); it is shared by every evaluation
    of the same prepared register (:func:`policy.vector.prepare`), whatever the overrides."""

    def __init__(self, cp: Any, reg: Register, on: dt.date, year: int | None = None,
                 memo: dict[Any, Any] | None = None):
        self.cp, self.reg, self.on, self.year = cp, reg, on, year
        self.pack = cp.pack
        self.params = TrackedParams(cp.params)
        self.o = on.toordinal()
        self.n = reg.n
        ident = self.pack.identity
        self.region: str = ident["region"]
        self.recognises: tuple[str, ...] = tuple(ident.get("recognises") or (ident["level"],))
        self._ctx: dict[int, Ctx] = {}
        self.memo: dict[Any, Any] = {} if memo is None else memo

    # ---------------------------------------------------------------- prepare / evaluate
    def prep(self, key: Any, fn: Callable[[], Any]) -> Any:
        """``fn()`` — which must not read any parameter — once per prepared register."""
        try:
            return self.memo[key]
        except KeyError:
            pass
        was, self.params.locked = self.params.locked, True
        try:
            val = fn()
        finally:
            self.params.locked = was
        self.memo[key] = val
        return val

    def by_params(self, key: Any, fn: Callable[[], Any]) -> Any:
        """``fn()``, cached with the values of the parameters it read: recomputed only when one changed."""
        hit = self.memo.get(("by_params", key))
        if hit is not None:
            deps, val = hit
            if all(self.params.series(k) == s for k, s in deps):
                if self.params.reads is not None:
                    self.params.reads.update(k for k, _ in deps)
                return val
        outer = self.params.reads
        self.params.reads = set()
        try:
            val = fn()
        finally:
            reads = self.params.reads
            self.params.reads = outer if outer is None else outer | reads
        self.memo[("by_params", key)] = (tuple((k, self.params.series(k)) for k in sorted(reads)), val)
        return val

    def ctx(self, i: int) -> Ctx:
        c = self._ctx.get(i)
        if c is None:
            c = self._ctx[i] = Ctx(self.pack, self.params, self.reg.facts[i], self.on)  # type: ignore[arg-type]
        return c

    def grade_label(self, g: str) -> str:
        """``Ctx.grade_label``: the same reading of the evaluation scale."""
        return Ctx.grade_label(self, g)  # type: ignore[arg-type]

    # ---------------------------------------------------------------- parameters
    def p(self, local: str) -> Any:
        return self.params.value(local, self.on)

    def param_at(self, local: str, ords: np.ndarray) -> tuple[list[Any], np.ndarray]:
        """The parameter's values (one per dated value, through the ParamSet) and, per date, which applies."""
        param = self.pack.parameters[local]
        vals = [self.params.get(local, v.start or dt.date.min).value for v in param.values]
        if len(vals) == 1:
            return vals, np.zeros(len(ords), dtype=np.int64)
        starts = np.array([v.start.toordinal() if v.start else NONE for v in param.values], dtype=np.int64)
        idx = np.searchsorted(starts, ords, side="right") - 1
        idx[idx < 0] = 0
        return vals, idx

    def money_at(self, local: str, ords: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(yuan, is None) per date."""
        vals, idx = self.param_at(local, ords)
        us = []
        for v in vals:
            u = units(v) if v is not None else 0
            if u is None:
                raise NoKernel(f"{local}: {v} is not a whole number of yuan")
            us.append(u)
        if len(vals) == 1:
            return np.full(len(ords), us[0], dtype=np.int64), np.full(len(ords), vals[0] is None, dtype=bool)
        return np.array(us, dtype=np.int64)[idx], np.array([v is None for v in vals], dtype=bool)[idx]

    def money_const(self, local: str) -> tuple[int, bool] | None:
        """(yuan, is None) of a parameter with one value for every date; None when it has dated values."""
        param = self.pack.parameters[local]
        if len(param.values) != 1:
            return None
        val = self.params.get(local, param.values[0].start or dt.date.min).value
        if val is None:
            return 0, True
        u = units(val)
        if u is None:
            raise NoKernel(f"{local}: {val} is not a whole number of yuan")
        return u, False

    def value_const(self, local: str) -> tuple[bool, Any]:
        """(True, value) for a parameter with one value for every date; (False, None) otherwise."""
        param = self.pack.parameters[local]
        if len(param.values) != 1:
            return False, None
        return True, self.params.get(local, param.values[0].start or dt.date.min).value

    # ---------------------------------------------------------------- members
    @shared
    def active(self) -> np.ndarray:
        r = self.reg
        return (r.m_joined <= self.o) & (r.m_left > self.o)

    @shared
    def in_region(self) -> np.ndarray:
        table = np.array([self.region in p for p in self.reg.path_vocab], dtype=bool)
        return table[self.reg.m_path] if len(table) else np.zeros(0, dtype=bool)

    @shared
    def lead_row(self) -> np.ndarray:
        r = self.reg
        rows = np.nonzero(self.active & r.m_lead_cand)[0]
        out = np.full(self.n, -1, dtype=np.int64)
        first = first_per(r.m_all[rows])
        out[r.m_all[rows[first]]] = rows[first]
        return out

    def match(self, t: dict[str, Any], active: bool = True) -> np.ndarray:
        """``policy.rules.eligibility._match`` over every member row (parameter-free: cached per filter)."""
        key = ("match", active, repr(sorted((k, t[k]) for k in ("kinds", "roles", "legal_person", "in_region")
                                            if k in t)))
        return self.prep(key, lambda: self._match(t, active))

    def _match(self, t: dict[str, Any], active: bool) -> np.ndarray:
        r = self.reg
        m = self.active.copy() if active else np.ones(len(r.m_all), dtype=bool)
        if t.get("kinds"):
            m &= r.member_kind_vocab.lookup(t["kinds"])[r.m_kind]
        if t.get("roles"):
            m &= r.role_vocab.lookup(t["roles"])[r.m_role]
        if "legal_person" in t:
            m &= r.m_legal == bool(t["legal_person"])
        if "in_region" in t:
            m &= self.in_region == bool(t["in_region"])
        return m

    def match_rows(self, t: dict[str, Any], rows: np.ndarray) -> np.ndarray:
        """:meth:`match` (not restricted to active members) read at some member rows only (the leads)."""
        r = self.reg
        m = np.ones(len(rows), dtype=bool)
        if t.get("kinds"):
            m &= r.member_kind_vocab.lookup(t["kinds"])[r.m_kind[rows]]
        if t.get("roles"):
            m &= r.role_vocab.lookup(t["roles"])[r.m_role[rows]]
        if "legal_person" in t:
            m &= r.m_legal[rows] == bool(t["legal_person"])
        if "in_region" in t:
            m &= self.in_region[rows] == bool(t["in_region"])
        return m

    def count(self, all_idx: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Rows of ``mask`` per alliance. Member rows are grouped (``m_start``): a running sum read at the
        groups' ends, no copy of the selected rows (the member counts are most of ``prepare``)."""
        r = self.reg
        if all_idx is r.m_all and 0 < len(mask) < 2**31:
            # a segment sum per alliance over the bytes of the mask: no temporary as long as the rows (a
            # running sum allocated 4 bytes a row per count: 3× slower at 3 M rows)
            starts, full = self.m_segments
            sums = np.add.reduceat(np.asarray(mask, dtype=bool).view(np.uint8), starts, dtype=np.int32)
            if full is None:
                return sums.astype(np.int64)
            out = np.zeros(self.n, dtype=np.int64)
            out[full] = sums
            return out
        return np.bincount(all_idx[mask], minlength=self.n)

    @shared
    def m_segments(self) -> tuple[np.ndarray, np.ndarray | None]:
        """The starts of the alliances with members, for ``np.add.reduceat`` (an empty group would read a
        row), and those alliances (None: every alliance has members)."""
        st = self.reg.m_start
        full = st[:-1] < st[1:]
        return (st[:-1], None) if full.all() else (st[:-1][full], full)

    # ---------------------------------------------------------------- levels, grades
    @shared
    def lv_own(self) -> np.ndarray:
        r = self.reg
        rec = np.isin(r.lv_rank, [LEVEL_RANK[x] for x in self.recognises])
        jur = r.jur_vocab.lookup(["", self.region])
        return rec & (jur[r.lv_jur] if len(jur) else np.zeros(len(r.lv_all), dtype=bool))

    @shared
    def lv_mask(self) -> np.ndarray:
        """Records in ``Ctx.levels``."""
        r = self.reg
        rec = np.isin(r.lv_rank, [LEVEL_RANK[x] for x in self.recognises])
        return (r.lv_since <= self.o) & (~rec | self.lv_own)

    @shared
    def rec_since(self) -> np.ndarray:
        """``Ctx.recognised_since`` as an ordinal (BIG: not recognised)."""
        r = self.reg
        rows = self.lv_mask & self.lv_own & (r.lv_until > self.o)
        out = np.full(self.n, BIG, dtype=np.int64)
        np.minimum.at(out, r.lv_all[rows], r.lv_since[rows])
        return out

    @shared
    def gr_label(self) -> tuple[np.ndarray, list[str]]:
        labels = [self.grade_label(g) for g in self.reg.grade_vocab]
        lv = sorted(set(labels))
        code = {x: i for i, x in enumerate(lv)}  # label codes in string order (as Python sorts them)
        return np.array([code[x] for x in labels], dtype=np.int64)[self.reg.gr_grade] if labels else \
            np.zeros(0, dtype=np.int64), lv

    def label_codes(self, grades: list[str]) -> np.ndarray:
        _, lv = self.gr_label
        return np.array([i for i, x in enumerate(lv) if x in set(grades)], dtype=np.int64)

    @shared
    def gr_mask(self) -> np.ndarray:
        r = self.reg
        return ((r.gr_date == NONE) | (r.gr_date <= self.o)) & (r.gr_year <= self.on.year)

    def kind_code(self, vocab: dict[Any, int], name: Any) -> int:
        return vocab.get(name, -1)

    @shared
    def ev_has_payee(self) -> np.ndarray:
        payees = self.reg.ev_payee
        return np.fromiter(map(operator.is_not, payees, repeat(None)), dtype=bool, count=len(payees))

    @shared
    def ev_id_rank(self) -> np.ndarray:
        ids = self.reg.ev_id
        if not ids:
            return np.zeros(0, dtype=np.int64)
        if "\x00" in "".join(ids):  # numpy's text drops trailing NULs: Python's own sort
            order = np.array(sorted(range(len(ids)), key=ids.__getitem__), dtype=np.int64)
        else:  # the same order (code points, stable), sorted in C
            order = np.argsort(np.array(ids, dtype=str), kind="stable")
        rank = np.empty(len(ids), dtype=np.int64)
        rank[order] = np.arange(len(ids))
        return rank


def elapsed_months(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Per pair of ordinals, the largest m with ``add_months(start, m) <= end`` (``add_months`` is strictly
    increasing in m, so ``add_months(start, m) <= end`` ⟺ ``m <= elapsed_months(start, end)``)."""
    s = (start - EPOCH_ORD).astype("datetime64[D]")
    e = (end - EPOCH_ORD).astype("datetime64[D]")
    sm, em = s.astype("datetime64[M]"), e.astype("datetime64[M]")
    sd = (s - sm).astype(np.int64) + 1
    ed = (e - em).astype(np.int64) + 1
    m0 = (em - sm).astype(np.int64)
    mlen = ((em + 1).astype("datetime64[D]") - em.astype("datetime64[D]")).astype(np.int64)
    return m0 - (np.minimum(sd, mlen) > ed)


# ====================================================================================== conditions
def _status(ok: np.ndarray) -> np.ndarray:
    return np.where(ok, PASS, FAIL).astype(np.int8)


def _key(t: dict[str, Any]) -> str:
    return repr(t)


def c_member_count(v: VCtx, t: dict[str, Any]) -> np.ndarray:
    n = v.prep(("member_count", _key(t)), lambda: v.count(v.reg.m_all, v.match(t)))
    return _status(n >= v.p(t["min"]))


def c_member_share_in_region(v: VCtx, t: dict[str, Any]) -> np.ndarray:
    def prep() -> tuple[np.ndarray, np.ndarray]:
        pool_m = v.match({"kinds": t.get("kinds")} if t.get("kinds") else {})
        local_m = pool_m & v.in_region
        if t.get("legal_person"):
            local_m &= v.reg.m_legal
        return v.count(v.reg.m_all, pool_m), v.count(v.reg.m_all, local_m)

    pool, local = v.prep(("share", _key(t)), prep)
    th: Fraction = v.p(t["threshold"])
    lhs, rhs = local * th.denominator, pool * th.numerator  # local/pool ⋛ p/q, in integers
    ok = lhs > rhs if t.get("op", "ge") == "gt" else lhs >= rhs
    return _status(ok & (pool > 0))


def _c_lead(v: VCtx, t: dict[str, Any]) -> np.ndarray:
    lr = v.lead_row
    if not len(v.reg.m_all):
        return _status(np.zeros(v.n, dtype=bool))
    return _status((lr >= 0) & v.match_rows(t, np.maximum(lr, 0)))


def _c_kinds_present(v: VCtx, t: dict[str, Any]) -> np.ndarray:
    ok = np.ones(v.n, dtype=bool)
    for g in t["groups"]:
        ok &= v.count(v.reg.m_all, v.match({"kinds": g})) > 0
    return _status(ok)


def _c_all_members(v: VCtx, t: dict[str, Any]) -> np.ndarray:
    bad = v.count(v.reg.m_all, v.active & ~v.match(t, active=False))
    return _status((bad == 0) & (v.count(v.reg.m_all, v.active) > 0))


def _c_chain_coverage(v: VCtx, t: dict[str, Any]) -> np.ndarray:
    base = v.match({"kinds": t.get("kinds") or ["enterprise"]})
    ok = np.ones(v.n, dtype=bool)
    for pos in t.get("positions", ["up", "mid", "down"]):
        c = v.reg.chain_vocab.get(pos, -1) if pos else -1
        ok &= v.count(v.reg.m_all, base & (v.reg.m_chain == c)) > 0
    return _status(ok)


def _c_flags(v: VCtx, t: dict[str, Any]) -> np.ndarray:
    ok = np.ones(v.n, dtype=bool)
    for f in t.get("all", ()):
        ok &= v.reg.flag(f)
    if t.get("any"):
        anyf = np.zeros(v.n, dtype=bool)
        for f in t["any"]:
            anyf |= v.reg.flag(f)
        ok &= anyf
    if t.get("once"):  # required only once an event of that kind happened on or before the date
        r = v.reg
        kc = r.event_kind_vocab.get(t["once"], -1)
        m = (r.ev_kind == kc) & (r.ev_date != NONE) & (r.ev_date <= v.o)
        ok |= ~(np.bincount(r.ev_all[m], minlength=v.n) > 0)
    return _status(ok)


def prepared(fn: Callable[[VCtx, dict[str, Any]], np.ndarray]) -> Callable[[VCtx, dict[str, Any]], np.ndarray]:
    """A kernel that reads no parameter: its column is computed once per prepared register."""
    def kernel(v: VCtx, t: dict[str, Any]) -> np.ndarray:
        return v.prep((fn.__name__, _key(t)), lambda: fn(v, t))

    kernel.__name__ = kernel.__qualname__ = fn.__name__.lstrip("_")
    kernel.__doc__ = fn.__doc__
    return kernel


c_lead = prepared(_c_lead)
c_kinds_present = prepared(_c_kinds_present)
c_all_members = prepared(_c_all_members)
c_chain_coverage = prepared(_c_chain_coverage)
c_flags = prepared(_c_flags)


def c_founded_at_least(v: VCtx, t: dict[str, Any]) -> np.ndarray:
    r = v.reg

    def prep() -> np.ndarray:  # whole calendar months from the founding day to the date (add_months, clamped)
        h = r.has_founded
        out = np.full(v.n, NONE, dtype=np.int64)
        out[h] = elapsed_months(r.founded[h], np.full(int(h.sum()), v.o, dtype=np.int64))
        return out

    elapsed = v.prep(("founded_months",), prep)
    months = int(v.p(t["months"]))
    out = np.where(elapsed >= months, PASS, FAIL).astype(np.int8)
    out[~r.has_founded] = UNKNOWN
    return out


def c_achievements(v: VCtx, t: dict[str, Any]) -> np.ndarray:
    r = v.reg

    def prep() -> tuple[np.ndarray, np.ndarray]:
        m = r.ach_kind_vocab.lookup(t["kinds"])[r.ac_kind] if len(r.ac_all) else np.zeros(0, dtype=bool)
        m &= (r.ac_date == NONE) | (r.ac_date <= v.o)
        exempt = r.kind_vocab.lookup(t["exempt_alliance_kinds"])[r.kind] if t.get("exempt_alliance_kinds") \
            else np.zeros(v.n, dtype=bool)
        return v.count(r.ac_all, m), exempt

    n, exempt = v.prep(("achievements", _key(t)), prep)
    return _status((n >= v.p(t["min"])) | exempt)


def c_custom(v: VCtx, t: dict[str, Any]) -> np.ndarray:
    """``custom`` conditions: the pack module's ``VECTOR_CONDITION_TESTS[name](v, t)`` (the array twin of its
    ``CONDITION_TESTS[name]``), or :class:`NoKernel` — the scalar test per alliance."""
    kern = (getattr(v.pack.module, "VECTOR_CONDITION_TESTS", None) or {}).get(t["name"]) \
        if v.pack.module is not None else None
    if kern is None:
        raise NoKernel(f"custom {t['name']}")
    return kern(v, t)


def c_scalar(v: VCtx, t: dict[str, Any]) -> np.ndarray:
    """Tests without an array twin (member flags, operating_since): the scalar test per alliance."""
    raise NoKernel(t["type"])


def c_no_open_objection(v: VCtx, t: dict[str, Any]) -> np.ndarray:
    """``no_open_objection``: no objection raised by the date that is unresolved, or resolved without a result
    or only after the date, or upheld (``Objection.open_on``)."""
    r = v.reg
    settled = (r.ob_resolved <= v.o) & r.ob_has_result
    open_ = (r.ob_raised <= v.o) & (~settled | r.ob_upheld)
    bad = np.zeros(v.n, dtype=bool)
    bad[r.ob_all[open_]] = True
    return np.where(bad, FAIL, PASS).astype(np.int8)


def _scalar_if(keys: set[str], kern: Callable[[VCtx, dict[str, Any]], np.ndarray]) -> Any:
    def run(v: VCtx, t: dict[str, Any]) -> np.ndarray:
        if keys.intersection(t) and not (t.get("since", "founded") == "founded" and keys == {"since"}):
            raise NoKernel(f"{t['type']} with {sorted(keys.intersection(t))}")
        return kern(v, t)

    return run


CONDITIONS: dict[str, Callable[[VCtx, dict[str, Any]], np.ndarray]] = {
    "member_count": _scalar_if({"flags"}, c_member_count), "member_share_in_region": c_member_share_in_region,
    "lead": c_lead, "kinds_present": c_kinds_present, "all_members": _scalar_if({"flags"}, c_all_members),
    "chain_coverage": c_chain_coverage, "founded_at_least": _scalar_if({"since"}, c_founded_at_least),
    "flags": c_flags, "achievements": c_achievements, "custom": c_custom,
    "no_open_objection": c_no_open_objection,
}


# ====================================================================================== consequences
def _sorted_grades(v: VCtx, kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows of Ctx.grades of one kind, by (alliance, year, label) — the order the scalar code sorts by."""
    r = v.reg
    labels, _ = v.gr_label
    kc = r.report_kind_vocab.get(kind, -1)
    rows = np.nonzero(v.gr_mask & (r.gr_kind == kc))[0]
    order = np.lexsort((labels[rows], r.gr_year[rows], r.gr_all[rows]))
    return rows[order], labels, r.gr_all[rows[order]]


def _q_grade(v: VCtx, w: dict[str, Any]) -> np.ndarray:
    r = v.reg
    labels, _ = v.gr_label
    kc = r.report_kind_vocab.get(w.get("kind", "yearly"), -1)
    rows = np.nonzero(v.gr_mask & (r.gr_kind == kc))[0]
    # gs[-1] after a stable sort by (year, kind): the last row of the latest year, in the facts' order
    order = np.lexsort((rows, r.gr_year[rows], r.gr_all[rows]))
    rows = rows[order]
    out = np.zeros(v.n, dtype=bool)
    if len(rows):
        alls = r.gr_all[rows]
        last = np.r_[alls[1:] != alls[:-1], True]
        hit = np.isin(labels[rows[last]], v.label_codes(w["grades"]))
        out[alls[last]] = hit
    return out


def q_grade(v: VCtx, w: dict[str, Any], missed: dict[str, np.ndarray]) -> np.ndarray:
    if any(s.get("valid_years") for s in (v.pack.data.get("evaluation") or {}).get("scale") or ()):
        raise NoKernel("grade with a validity period")
    return v.prep(("q_grade", _key(w)), lambda: _q_grade(v, w))


def _streaks(v: VCtx, w: dict[str, Any]) -> np.ndarray:
    """Per alliance, the longest run of consecutive years graded among ``grades`` (parameter-free)."""
    rows, labels, alls = _sorted_grades(v, w.get("kind", "yearly"))
    out = np.zeros(v.n, dtype=np.int64)
    if not len(rows):
        return out
    yr = v.reg.gr_year[rows]
    ing = np.isin(labels[rows], v.label_codes(w["grades"]))
    prev_same = np.r_[False, alls[1:] == alls[:-1]]
    cont = ing & prev_same & np.r_[False, ing[:-1]] & np.r_[False, yr[1:] == yr[:-1] + 1]
    idx = np.arange(len(rows))
    start = np.maximum.accumulate(np.where(ing & ~cont, idx, 0))
    run = np.where(ing, idx - start + 1, 0)
    np.maximum.at(out, alls, run)
    return out


def q_grade_streak(v: VCtx, w: dict[str, Any], missed: dict[str, np.ndarray]) -> np.ndarray:
    n = v.p(w["years"])
    if not isinstance(n, int) or n < 1:
        raise NoKernel("streak length")
    return v.prep(("streaks", _key(w)), lambda: _streaks(v, w)) >= n


def q_flag(v: VCtx, w: dict[str, Any], missed: dict[str, np.ndarray]) -> np.ndarray:
    return v.reg.flag(w["flag"])


def q_rectification_failed(v: VCtx, w: dict[str, Any], missed: dict[str, np.ndarray]) -> np.ndarray:
    r = v.reg
    return v.prep(("rect_failed",), lambda: v.count(r.rc_all, r.rc_failed & (r.rc_ordered <= v.o)) > 0)


def q_duty_missed(v: VCtx, w: dict[str, Any], missed: dict[str, np.ndarray]) -> np.ndarray:
    st = set(w.get("statuses") or ("overdue", "late"))
    if st == {"overdue", "late"}:
        return missed[w["duty"]] > 0
    if st == {"overdue"}:
        return missed[f"{w['duty']}#overdue"] > 0
    raise NoKernel(f"duty_missed statuses {sorted(st)}")


def q_expert(v: VCtx, w: dict[str, Any], missed: dict[str, np.ndarray]) -> np.ndarray:
    return np.zeros(v.n, dtype=bool)  # a question, never a triggered consequence


CONSEQUENCES: dict[str, Callable[[VCtx, dict[str, Any], dict[str, np.ndarray]], np.ndarray]] = {
    "grade": q_grade, "grade_streak": q_grade_streak, "flag": q_flag, "rectification_failed": q_rectification_failed,
    "duty_missed": q_duty_missed, "expert": q_expert,
}


# ====================================================================================== deadlines
class DeadlineAcc:
    """Per alliance: how many deadlines in each status, the next open due date; per duty: how many missed."""

    def __init__(self, n: int, o: int):
        self.n, self.o = n, o
        self.counts = np.zeros((n, len(DL_STATUSES)), dtype=np.int64)
        self.next_due = np.full(n, BIG, dtype=np.int64)
        self.missed: dict[str, np.ndarray] = {}

    def status(self, due: np.ndarray, filed: np.ndarray) -> np.ndarray:
        o = self.o
        s = np.where(o > due, DL["overdue"], np.where(o == due, DL["due_today"], DL["upcoming"]))
        s = np.where(filed != NONE, np.where(filed <= due, DL["done"], DL["late"]), s)
        return np.where(due == NONE, np.where(filed != NONE, DL["done"], DL["unscheduled"]), s)

    def add(self, duty: str, alls: np.ndarray, status: np.ndarray, due: np.ndarray) -> None:
        np.add.at(self.counts, (alls, status), 1)
        m = self.missed.setdefault(duty, np.zeros(self.n, dtype=np.int64))
        bad = (status == DL["overdue"]) | (status == DL["late"])
        np.add.at(m, alls[bad], 1)
        np.add.at(self.missed.setdefault(f"{duty}#overdue", np.zeros(self.n, dtype=np.int64)),
                  alls[status == DL["overdue"]], 1)
        nxt = (status == DL["upcoming"]) | (status == DL["due_today"])
        np.minimum.at(self.next_due, alls[nxt], due[nxt])

    def add_scalar(self, duty: str, i: int, items: list[Any]) -> None:
        for d in items:
            s = DL[d.status]
            self.add(duty, np.array([i]), np.array([s]), np.array([d.due.toordinal() if d.due else NONE]))
        self.missed.setdefault(duty, np.zeros(self.n, dtype=np.int64))
        self.missed.setdefault(f"{duty}#overdue", np.zeros(self.n, dtype=np.int64))


def _filed_in_year(v: VCtx, kind: str, y: int) -> np.ndarray:
    """``policy.rules.deadlines._filed`` for year y, every alliance (NONE: not filed)."""
    r = v.reg
    out = np.full(v.n, BIG, dtype=np.int64)
    kc = r.report_kind_vocab.get(kind, -1)
    m = (r.rp_kind == kc) & (r.rp_year == y) & (r.rp_filed != NONE) & (r.rp_filed <= v.o)
    np.minimum.at(out, r.rp_all[m], r.rp_filed[m])
    g = v.gr_mask & (r.gr_kind == kc) & (r.gr_year == y)
    gd = np.where(r.gr_date[g] == NONE, dt.date(y, 12, 31).toordinal(), r.gr_date[g])
    np.minimum.at(out, r.gr_all[g], np.minimum(gd, v.o))
    out[out == BIG] = NONE
    return out


def s_yearly(v: VCtx, d: dict[str, Any], acc: DeadlineAcc) -> np.ndarray | None:
    import calendar

    s = d["schedule"]
    t = s["type"]
    kind = d.get("report_kind", d["id"])
    month_param = v.params.value(s["due"], v.on) if t == "yearly" and s.get("due") else None

    def due_of(y: int) -> dt.date | None:
        if t == "yearly_by":
            return dt.date(y, s["month"], s["day"])
        if t == "yearly_in_month":
            return dt.date(y, s["month"], calendar.monthrange(y, s["month"])[1])
        if month_param is None:
            return None
        return dt.date(y, month_param, calendar.monthrange(y, month_param)[1])

    since = v.rec_since
    rec = since < BIG
    sy = np.where(rec, year_of(np.where(rec, since, 0)), 0)
    if s.get("first", "recognition_year") == "next_year":
        first = sy + 1
    else:
        due_first = map_dates(lambda x: due_of(x.year) or dt.date.max, np.where(rec, since, v.o))
        first = np.where(since <= due_first, sy, sy + 1)
    end = v.on.year
    if v.pack.lapses is not None:
        end = min(end, v.pack.lapses.year)
    if rec.any():
        for y in range(int(first[rec].min()), end + 1):
            alls = np.nonzero(rec & (first <= y))[0]
            due = due_of(y)
            due_o = np.full(len(alls), due.toordinal() if due else NONE, dtype=np.int64)
            filed = _filed_in_year(v, kind, y)[alls]
            acc.add(d["id"], alls, acc.status(due_o, filed), due_o)
    return None


def s_as_needed(v: VCtx, d: dict[str, Any], acc: DeadlineAcc) -> np.ndarray | None:
    alls = np.arange(v.n)
    acc.add(d["id"], alls, np.full(v.n, DL["unscheduled"]), np.full(v.n, NONE, dtype=np.int64))
    return None


def s_every_years(v: VCtx, d: dict[str, Any], acc: DeadlineAcc) -> np.ndarray | None:
    """Returns the alliances left to the scalar code: those with reviews on file (answered in order)."""
    r = v.reg
    s = d["schedule"]
    kc = r.report_kind_vocab.get(d.get("report_kind", d["id"]), -1)
    done = v.count(r.rp_all, (r.rp_kind == kc) & (r.rp_filed != NONE) & (r.rp_filed <= v.o))
    done += v.count(r.gr_all, (r.gr_kind == kc) & (r.gr_date != NONE) & (r.gr_date <= v.o))
    since = v.rec_since
    nyears = v.params.value(s["years"], v.on)
    todo = (since < BIG) & (done == 0)
    alls = np.nonzero(todo)[0]
    k = 1
    while len(alls):
        due = map_dates(lambda x, k=k: add_years(x, int(nyears) * k), since[alls])  # type: ignore[misc]
        acc.add(d["id"], alls, acc.status(due, np.full(len(alls), NONE, dtype=np.int64)), due)
        alls = alls[(due < v.o) & (k <= 50)]
        k += 1
    return (since < BIG) & (done > 0)


def _events_of(v: VCtx, kind: str) -> np.ndarray:
    r = v.reg
    kc = r.event_kind_vocab.get(kind, -1)
    m = (r.ev_kind == kc) & (r.ev_date != NONE) & (r.ev_date <= v.o)
    return v.count(r.ev_all, m) > 0


def s_after_event(v: VCtx, d: dict[str, Any], acc: DeadlineAcc) -> np.ndarray | None:
    return _events_of(v, d["schedule"]["event"])  # alliances with such an event: scalar


def s_rectification(v: VCtx, d: dict[str, Any], acc: DeadlineAcc) -> np.ndarray | None:
    r = v.reg
    return v.count(r.rc_all, r.rc_ordered <= v.o) > 0  # alliances with an order: scalar


SCHEDULES: dict[str, Callable[[VCtx, dict[str, Any], DeadlineAcc], np.ndarray | None]] = {
    "yearly": s_yearly, "yearly_by": s_yearly, "yearly_in_month": s_yearly, "as_needed": s_as_needed,
    "every_years": s_every_years, "after_event": s_after_event, "rectification": s_rectification,
}


# ====================================================================================== money
def _sum_by(alls: np.ndarray, amount: np.ndarray, n: int) -> np.ndarray:
    """Per alliance, the sum of int64 amounts — exact (``bincount`` adds in float64: exact below 2**53)."""
    if not len(alls):
        return np.zeros(n, dtype=np.int64)
    big = int(np.abs(amount).max())
    if big * len(alls) < (1 << 52):
        return np.rint(np.bincount(alls, weights=amount, minlength=n)).astype(np.int64)
    out = np.zeros(n, dtype=np.int64)
    np.add.at(out, alls, amount)
    return out


#: the per-alliance columns of a :class:`RuleAcc`
ACC_FIELDS = ("due", "n_due", "n_decision", "n_cond", "n_ent", "lo", "hi")


class RuleAcc:
    """Per alliance, for one rule: the due amounts (yuan), how many due / awaiting a decision, range bounds."""

    due: np.ndarray
    n_due: np.ndarray
    n_decision: np.ndarray
    n_cond: np.ndarray  # conditional (a condition of payment unmet): scalar rules only
    n_ent: np.ndarray
    lo: np.ndarray
    hi: np.ndarray

    def __init__(self, n: int):
        self.n = n
        self.entries: list[tuple[np.ndarray, np.ndarray, Callable[[int], str]]] = []  # due: (alliance, yuan, matter)
        self.scalar_rows: dict[int, list[Any]] = {}  # alliance → entitlements from the scalar mechanism

    def __getattr__(self, name: str) -> np.ndarray:
        """A column of :data:`ACC_FIELDS` made (zeros) when first read or written: most rules write only
        a few of them, and the others need no memory (two evaluations of 100,000 alliances touched ~40 MB
        of fresh zeros)."""
        if name not in ACC_FIELDS:
            raise AttributeError(name)
        col = np.zeros(self.__dict__["n"], dtype=np.int64)
        setattr(self, name, col)
        return col

    def made(self, name: str) -> np.ndarray | None:
        """The column if it was ever read or written (else every value is 0)."""
        return self.__dict__.get(name)

    def add(self, alls: np.ndarray, amount: np.ndarray, amount_none: np.ndarray, matter: Callable[[int], str],
            lo: np.ndarray | int = 0, hi: np.ndarray | int = 0) -> None:
        k = len(alls)
        if not k:
            return
        due = ~amount_none & (amount > 0)
        if k > 1 and not (alls[1:] >= alls[:-1]).all():  # not in alliance order: per-row adds
            n = self.n
            self.n_ent += np.bincount(alls, minlength=n)
            self.due += _sum_by(alls[due], amount[due], n)
            self.n_due += np.bincount(alls[due], minlength=n)
            self.n_decision += np.bincount(alls[amount_none], minlength=n)
            if not np.isscalar(lo) or lo:
                self.lo += _sum_by(alls, np.broadcast_to(lo, alls.shape), n)
            if not np.isscalar(hi) or hi:
                self.hi += _sum_by(alls, np.broadcast_to(hi, alls.shape), n)
        else:  # rows grouped by alliance: segment sums, only the alliances concerned touched
            brk = np.r_[True, alls[1:] != alls[:-1]]
            starts = np.nonzero(brk)[0]
            u = alls[starts]

            def seg(x: np.ndarray) -> np.ndarray:
                return np.add.reduceat(x, starts)

            self.n_ent[u] += np.diff(np.r_[starts, k])
            if due.any():
                self.due[u] += seg(np.where(due, amount, 0))
                self.n_due[u] += seg(due.astype(np.int64))
            if amount_none.any():
                self.n_decision[u] += seg(amount_none.astype(np.int64))
            if not np.isscalar(lo) or lo:
                self.lo[u] += seg(np.broadcast_to(np.asarray(lo, dtype=np.int64), alls.shape))
            if not np.isscalar(hi) or hi:
                self.hi[u] += seg(np.broadcast_to(np.asarray(hi, dtype=np.int64), alls.shape))
        if due.any():
            pos = np.nonzero(due)[0]
            self.entries.append((alls[pos], amount[pos], lambda j, pos=pos: matter(int(pos[j]))))  # type: ignore[misc]

    def add_scalar(self, i: int, ents: list[Any]) -> None:
        self.scalar_rows[i] = ents
        for e in ents:
            self.n_ent[i] += 1
            if e.status == "due":
                self.due[i] += units(e.amount) or 0
                self.n_due[i] += 1
            elif e.status == "decision":
                self.n_decision[i] += 1
            elif e.status == "conditional":
                self.n_cond[i] += 1
            if e.range is not None:
                self.lo[i] += units(e.range[0]) or 0 if e.range[0] is not None else 0
                self.hi[i] += units(e.range[1]) or 0 if e.range[1] is not None else 0


class Trigs:
    """Triggers of one rule as columns, in the scalar order (alliance, then the trigger's own order)."""

    def __init__(self, kind: str, alls: np.ndarray, date: np.ndarray, year: np.ndarray, level: np.ndarray,
                 ev: np.ndarray, item: np.ndarray, key: np.ndarray, synthetic_year: np.ndarray | None = None):
        self.kind = kind
        self.all, self.date, self.year, self.level, self.ev, self.item, self.key = \
            alls, date, year, level, ev, item, key
        self.synth = synthetic_year if synthetic_year is not None else np.zeros(len(alls), dtype=bool)

    def take(self, m: np.ndarray) -> Trigs:
        return Trigs(self.kind, self.all[m], self.date[m], self.year[m], self.level[m], self.ev[m], self.item[m],
                     self.key[m], self.synth[m])

    def __len__(self) -> int:
        return len(self.all)

    def at(self, o: int) -> np.ndarray:
        return np.where(self.date != NONE, self.date, o)


def triggers(v: VCtx, rule: dict[str, Any]) -> Trigs:
    r = v.reg
    tr = rule["trigger"]
    t = tr["type"]
    year = v.year
    if t == "level":
        m = v.lv_mask.copy()
        if tr.get("levels"):
            m &= np.isin(r.lv_rank, [LEVEL_RANK[x] for x in tr["levels"]])
        rows = np.nonzero(m)[0]
        rows = rows[np.lexsort((r.lv_rank[rows], r.lv_since[rows], r.lv_all[rows]))]
        none = np.full(len(rows), -1, dtype=np.int64)
        return Trigs(t, r.lv_all[rows], r.lv_since[rows], year_of(r.lv_since[rows]), r.lv_rank[rows], none, rows,
                     r.lv_rank[rows])
    if t in ("event", "yearly"):
        kinds = tr["kinds"] if t == "event" else [rule["id"]]
        m = r.event_kind_vocab.lookup(kinds)[r.ev_kind] if len(r.ev_all) else np.zeros(0, dtype=bool)
        y = np.where(r.ev_year != NONE, r.ev_year,
                     np.where(r.ev_date != NONE, year_of(np.where(r.ev_date != NONE, r.ev_date, 0)), NONE))
        has_kind = v.count(r.ev_all, m) > 0
        if t == "event":
            m = m & ((r.ev_date == NONE) | (r.ev_date <= v.o))
        elif (r.ev_year == 0).any():
            raise NoKernel("year 0")
        if year is not None:
            m = m & (y == year)
        rows = np.nonzero(m)[0]
        none = np.full(len(rows), -1, dtype=np.int64)
        tg = Trigs(t, r.ev_all[rows], r.ev_date[rows], y[rows], none, rows, none, y[rows] if t == "yearly" else rows)
        if t == "event":
            return tg
        # alliances without such claims: one trigger for the year (or ctx.on's year), dated its last day or on
        y0 = year if year is not None else v.on.year
        rest = np.nonzero(~has_kind)[0]
        k = len(rest)
        d0 = min(v.o, dt.date(y0, 12, 31).toordinal())
        fill = np.full(k, -1, dtype=np.int64)
        synth = np.r_[np.zeros(len(rows), dtype=bool), np.ones(k, dtype=bool)]
        alls = np.r_[tg.all, rest]
        order = np.argsort(alls, kind="stable")
        both = Trigs(t, alls, np.r_[tg.date, np.full(k, d0)], np.r_[tg.year, np.full(k, y0)],
                     np.r_[tg.level, fill], np.r_[tg.ev, fill], np.r_[tg.item, fill], np.r_[tg.key, np.full(k, y0)],
                     synth)
        return both.take(order)
    if t == "achievement":
        m = r.ach_kind_vocab.lookup(tr["kinds"])[r.ac_kind] if len(r.ac_all) else np.zeros(0, dtype=bool)
        m = m & ((r.ac_date == NONE) | (r.ac_date <= v.o))
        if year is not None:
            m &= (r.ac_date != NONE) & (year_of(np.where(r.ac_date != NONE, r.ac_date, 0)) == year)
        rows = np.nonzero(m)[0]
        none = np.full(len(rows), -1, dtype=np.int64)
        d = r.ac_date[rows]
        return Trigs(t, r.ac_all[rows], d, np.where(d != NONE, year_of(np.where(d != NONE, d, 0)), NONE),
                     r.ac_level[rows], none, rows, rows)
    raise NoKernel(t)


#: ``requires`` types whose test reads a parameter (the rest are parameter-free masks, prepared once)
PARAM_REQUIRES = ("recognised_for",)


def requires(v: VCtx, rule: dict[str, Any], T: Trigs, kinds: str = "all") -> np.ndarray:
    """Triggers that pass the rule's ``requires`` (``policy.rules.money.check_requires``: no refusal).

    ``kinds``: ``"all"``, ``"free"`` (only the parameter-free tests) or ``"param"`` (only the others)."""
    r = v.reg
    ok = np.ones(len(T), dtype=bool)
    for q in rule.get("requires") or ():
        t = q["type"]
        if kinds != "all" and (t in PARAM_REQUIRES) != (kinds == "param"):
            continue
        if t == "recognised":
            ok &= v.rec_since[T.all] < BIG
        elif t == "recognised_for":
            yrs = int(v.p(q["years"]))
            if q.get("judged_on") == "evaluation":
                ok &= _months_since_recognition(v, T, evaluation=True) >= 12 * yrs
            else:
                ok &= _months_since_recognition(v, T) >= 12 * yrs  # add_years(since, yrs) <= date
        elif t == "event_flag":
            f = r.ev_flag(q["flag"])
            ok &= (T.ev >= 0) & (f[np.maximum(T.ev, 0)] if len(f) else False)
        elif t == "flag":
            ok &= r.flag(q["flag"])[T.all]
        elif t == "grade_in":
            ok &= _grade_ok(v, T, q["grades"])
        elif t == "level_recommended_by":
            if T.kind != "level":
                ok &= q["by"] is None
            else:
                ok &= r.lv_rec[T.item] == r.rec_vocab.get(q["by"], -1)
        elif t == "lead_in_region":
            lr = v.lead_row[T.all]
            ok &= (lr >= 0) & (v.in_region[np.maximum(lr, 0)] if len(v.in_region) else False)
        elif t == "expert":
            pass  # a note for the reviewer, not a refusal
        else:
            raise NoKernel(t)
    return ok


def _months_since_recognition(v: VCtx, T: Trigs, evaluation: bool = False) -> np.ndarray:
    """Whole months from recognition to each trigger's date — or, with ``evaluation``, to the date of the claim
    year's evaluation when one is dated (``money._judged_on``) — very negative when not recognised; cached on
    the prepared triggers."""
    attr = "_rec_months_eval" if evaluation else "_rec_months"
    got = getattr(T, attr, None)
    if got is None:
        since = v.rec_since[T.all]
        rec = since < BIG
        at = T.at(v.o)
        if evaluation:
            at = at.copy()
            ed = _evaluation_dates(v, T)
            at[ed != NONE] = ed[ed != NONE]
        got = np.full(len(T), NONE, dtype=np.int64)
        got[rec] = elapsed_months(since[rec], at[rec])
        setattr(T, attr, got)
    return got


def _evaluation_dates(v: VCtx, T: Trigs) -> np.ndarray:
    """The earliest dated yearly evaluation of each trigger's year (NONE when none is dated)."""
    r = v.reg
    out = np.full(len(T), NONE, dtype=np.int64)
    kc = r.report_kind_vocab.get("yearly", -1)
    rows = np.nonzero(v.gr_mask & (r.gr_kind == kc) & (r.gr_date != NONE))[0]
    if not len(rows) or not len(T):
        return out
    key = r.gr_all[rows] * 100000 + r.gr_year[rows]
    order = np.lexsort((r.gr_date[rows], key))
    key, rows = key[order], rows[order]
    first = first_per(key)
    ukey, udate = key[first], r.gr_date[rows[first]]
    tk = T.all * 100000 + T.year
    pos = np.searchsorted(ukey, tk)
    pos_c = np.minimum(pos, len(ukey) - 1)
    found = (pos < len(ukey)) & (ukey[pos_c] == tk) & (T.year != NONE)
    out[found] = udate[pos_c[found]]
    return out


def _grade_ok(v: VCtx, T: Trigs, grades: list[str]) -> np.ndarray:
    """``grade_of(year)`` is missing (a review note) or among ``grades``."""
    r = v.reg
    labels, _ = v.gr_label
    kc = r.report_kind_vocab.get("yearly", -1)
    rows = np.nonzero(v.gr_mask & (r.gr_kind == kc))[0]
    out = np.ones(len(T), dtype=bool)
    if not len(rows):
        return out
    key = r.gr_all[rows] * 100000 + r.gr_year[rows]
    order = np.argsort(key, kind="stable")
    key, rows = key[order], rows[order]
    first = first_per(key)
    ukey, lab = key[first], labels[rows[first]]
    good = np.isin(lab, v.label_codes(grades))
    tk = T.all * 100000 + T.year
    pos = np.searchsorted(ukey, tk)
    pos_c = np.minimum(pos, len(ukey) - 1)
    found = (pos < len(ukey)) & (ukey[pos_c] == tk) & (T.year != NONE)
    out[found] = good[pos_c[found]]
    return out


def _payee_ok(v: VCtx, rule: dict[str, Any], T: Trigs) -> np.ndarray:
    """Triggers without a payee refusal (``policy.rules.money.payees``) for single-payee kinds."""
    kind = rule["payee"]
    flt = rule.get("payee_filter") or {}
    if kind in ("lead", "alliance", "entity", "member"):
        return np.ones(len(T), dtype=bool)
    if kind == "event_payee":
        r = v.reg
        has = (T.ev >= 0) & (v.ev_has_payee[np.maximum(T.ev, 0)] if len(v.ev_has_payee) else False)
        if not flt:
            return np.ones(len(T), dtype=bool)
        row = np.where(has, r.ev_payee_row[np.maximum(T.ev, 0)] if len(r.ev_payee_row) else -1, -1)
        good = v.match(flt, active=False)
        return has & (row >= 0) & (good[np.maximum(row, 0)] if len(good) else False)
    raise NoKernel(kind)


def _dedup(T: Trigs) -> np.ndarray:
    """First trigger per (alliance, matter) — the scalar ``seen`` set."""
    if T.kind not in ("level", "yearly") or not len(T):
        return np.ones(len(T), dtype=bool)
    keep = np.zeros(len(T), dtype=bool)
    # (alliance, key) pairs, first occurrence in trigger order
    pairs = T.all * (1 << 20) + (T.key - NONE if (T.key == NONE).any() else T.key)
    _, first = np.unique(pairs, return_index=True)
    keep[first] = True
    return keep


def _matter_fn(v: VCtx, rule: dict[str, Any], T: Trigs, member_rows: np.ndarray | None = None
               ) -> Callable[[int], str]:
    rid = rule["id"]
    r = v.reg
    if member_rows is not None:
        return lambda j: f"{rid}:{r.m_org[int(member_rows[j])]}"
    if T.kind == "level":
        return lambda j: f"{rid}:{LEVELS[int(T.level[j])]}"
    if T.kind == "event":
        return lambda j: f"{rid}:{r.ev_id[int(T.ev[j])]}"
    if T.kind == "achievement":
        return lambda j: f"{rid}:{r.ac_id[int(T.item[j])]}"
    return lambda j: f"{rid}:{'' if T.year[j] == NONE else int(T.year[j])}"


def _amount_cols(v: VCtx, rule: dict[str, Any], T: Trigs) -> dict[str, Any]:
    """The parameter-free columns of :func:`_amounts` (prepared once per rule)."""
    r = v.reg
    mech = rule["mechanism"]
    k = len(T)
    ev = np.maximum(T.ev, 0)
    has_ev = T.ev >= 0
    out: dict[str, Any] = {"at": T.at(v.o)}
    if mech in ("fixed", "per_member_fixed", "range_decision"):
        if not len(r.ev_all):
            out["dec"], out["dec_none"] = np.zeros(k, dtype=np.int64), np.ones(k, dtype=bool)
        else:
            has = has_ev & r.ev_has_decided[ev]
            out["dec"], out["dec_none"] = np.where(has, r.ev_decided[ev], 0), ~has
    elif mech in ("fixed_by_level", "per_item"):
        out["codes"] = T.level
        out["ucodes"] = np.unique(T.level).tolist() if k else []
    elif mech == "matching":
        keep = has_ev & (r.ev_has_base[ev] if len(r.ev_all) else False)
        out["keep"] = keep
        out["base"] = r.ev_base[ev] if len(r.ev_all) else np.zeros(k, dtype=np.int64)
        codes = r.ev_kind[ev] if len(r.ev_all) else np.zeros(k, dtype=np.int64)
        out["codes"] = codes
        out["ucodes"] = np.unique(codes[keep]).tolist() if keep.any() else []
    return out


def _amounts(v: VCtx, rule: dict[str, Any], T: Trigs, c: dict[str, Any] | None = None
             ) -> tuple[np.ndarray, np.ndarray, Any, Any, np.ndarray]:
    """(amount yuan, amount is None, lo, hi, keep) for the per-trigger mechanisms (``c``: the prepared
    :func:`_amount_cols`). Parameters with one value for every date are read once, as lookup tables."""
    r = v.reg
    mech = rule["mechanism"]
    if c is None:
        c = _amount_cols(v, rule, T)
    at = c["at"]
    k = len(T)
    ones = np.ones(k, dtype=bool)
    zeros = np.zeros(k, dtype=np.int64)

    def by_name(names: dict[Any, str], name_of: Callable[[int], Any]) -> tuple[np.ndarray, ...]:
        codes = c["codes"]
        pn = {cd: names.get(name_of(int(cd))) for cd in c["ucodes"]}
        consts = {cd: v.money_const(p) for cd, p in pn.items() if p is not None}
        if all(x is not None for x in consts.values()):
            size = (max(c["ucodes"]) + 1) if c["ucodes"] else 1
            la, ln, lo_ = np.zeros(size, dtype=np.int64), np.zeros(size, dtype=bool), np.zeros(size, dtype=bool)
            for cd, (u, none) in consts.items():  # type: ignore[misc]
                la[cd], ln[cd], lo_[cd] = u, none, True
            return la[codes], ln[codes], lo_[codes]
        amt, none, ok = zeros.copy(), np.zeros(k, dtype=bool), np.zeros(k, dtype=bool)
        for cd, pname in pn.items():
            if pname is None:
                continue
            m = codes == cd
            a, n_ = v.money_at(pname, at[m])
            amt[m], none[m], ok[m] = a, n_, True
        return amt, none, ok

    def money(local: str) -> tuple[Any, Any]:
        cst = v.money_const(local)
        if cst is not None:
            return np.full(k, cst[0], dtype=np.int64), np.full(k, cst[1], dtype=bool)
        return v.money_at(local, at)

    if mech in ("fixed", "per_member_fixed"):
        cst = v.money_const(rule["amount"])
        if cst is not None:
            if cst[1]:
                return c["dec"], c["dec_none"], 0, 0, ones
            return np.full(k, cst[0], dtype=np.int64), np.zeros(k, dtype=bool), 0, 0, ones
        a, none = v.money_at(rule["amount"], at)
        return np.where(none, c["dec"], a), none & c["dec_none"], 0, 0, ones
    if mech == "fixed_by_level":
        if T.kind != "level":
            raise NoKernel("fixed_by_level on a non-level trigger")
        a, none, ok = by_name(rule["amounts"], lambda cd: LEVELS[cd])
        return a, none, 0, 0, ok
    if mech == "per_item":
        if T.kind != "achievement":
            raise NoKernel("per_item on a non-achievement trigger")
        names = r.ach_level_vocab.values_list()
        a, none, ok = by_name(rule["rates"], lambda cd: names[cd])
        return a, none, 0, 0, ok
    if mech == "matching":
        keep, base, codes = c["keep"], c["base"], c["codes"]
        amt = zeros.copy()
        kinds = r.event_kind_vocab.values_list()
        for cd in c["ucodes"]:
            pname = (rule.get("rates") or {}).get(kinds[int(cd)]) or rule.get("rate")
            if pname is None:
                raise NoKernel("no rate")
            m = keep & (codes == cd)
            const, val = v.value_const(pname)
            if const:
                num, den = val.numerator, val.denominator
            else:
                vals, idx = v.param_at(pname, at[m])
                num = np.array([f.numerator for f in vals], dtype=np.int64)[idx]
                den = np.array([f.denominator for f in vals], dtype=np.int64)[idx]
            amt[m] = (2 * base[m] * num + den) // (2 * den)  # round half up to the yuan (base ≥ 0)
        return amt, np.zeros(k, dtype=bool), 0, 0, keep
    if mech == "range_decision":
        lo, lo_none = money(rule["min"]) if rule.get("min") else (zeros, ones)
        hi, hi_none = money(rule["max"]) if rule.get("max") else (zeros, ones)
        d, dnone = c["dec"], c["dec_none"]
        outside = ~dnone & ((~lo_none & (d < lo)) | (~hi_none & (d > hi)))
        return d, dnone | outside, np.where(lo_none, 0, lo), np.where(hi_none, 0, hi), ones
    raise NoKernel(mech)


def _sel(x: Any, keep: np.ndarray) -> Any:
    return x[keep] if not np.isscalar(x) else x


def _paid_members(v: VCtx, T: Trigs, good: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The member rows of ``good`` in the alliances of ``T`` (one trigger per alliance), and the trigger of
    each: a lookup by alliance (no search per member row)."""
    trig_of = np.full(v.n, -1, dtype=np.int64)
    trig_of[T.all] = np.arange(len(T), dtype=np.int64)
    rows = np.nonzero(good)[0]
    tix = trig_of[v.reg.m_all[rows]]
    hit = tix >= 0
    return rows[hit], tix[hit]


def m_per_trigger(v: VCtx, rule: dict[str, Any], T: Trigs, acc: RuleAcc) -> None:
    T = T.take(_payee_ok(v, rule, T))
    T = T.take(_dedup(T))
    if rule["payee"] == "member":
        if not len(T):
            return
        T = T.take(first_per(T.all))  # every trigger pays the same members: the first one decides
        rows, tix = _paid_members(v, T, v.match(rule.get("payee_filter") or {}, active=True))
        T = T.take(tix)
        a, none, lo, hi, keep = _amounts(v, rule, T)
        acc.add(T.all[keep], a[keep], none[keep], _matter_fn(v, rule, T, rows[keep]), _sel(lo, keep), _sel(hi, keep))
        return
    a, none, lo, hi, keep = _amounts(v, rule, T)
    T2 = T.take(keep)
    acc.add(T2.all, a[keep], none[keep], _matter_fn(v, rule, T2), _sel(lo, keep), _sel(hi, keep))


def _paid_under(v: VCtx, rule: dict[str, Any]) -> np.ndarray:
    r = v.reg
    key = r.pm_rule_vocab.get(f"{v.pack.id}#{rule['id']}", -2)
    none = r.pm_rule_vocab.get(None, -2)
    art = r.article_vocab.get(rule["article"], -2)
    return ((r.pm_date == NONE) | (r.pm_date <= v.o)) & (
        (r.pm_rule == key) | ((r.pm_rule == none) & r.pm_no_source & (r.pm_article == art)))


def m_cumulative_topup(v: VCtx, rule: dict[str, Any], T: Trigs, acc: RuleAcc) -> None:
    if T.kind != "level":
        raise NoKernel("cumulative_topup on a non-level trigger")
    ceilings = rule["ceilings"]
    T = T.take(np.isin(T.level, [LEVEL_RANK[x] for x in ceilings]))
    if not len(T):
        return
    at = T.at(v.o)
    c = np.zeros(len(T), dtype=np.int64)
    for lvl, pname in ceilings.items():
        m = T.level == LEVEL_RANK[lvl]
        a, none = v.money_at(pname, at[m])
        if none.any():
            raise NoKernel("ceiling without a value")
        c[m] = a
    best = np.zeros(v.n, dtype=np.int64)
    np.maximum.at(best, T.all, c)
    if (best[T.all] <= 0).any():
        raise NoKernel("no positive ceiling")
    first = first_per(np.where(c == best[T.all], T.all, -1 - T.all))  # first max per alliance
    first = first[c[first] == best[T.all[first]]]
    B = T.take(first)
    r = v.reg
    pm = _paid_under(v, rule)
    already = v.count(r.pm_all, pm) * 0
    np.add.at(already, r.pm_all[pm], r.pm_amount[pm])
    due = np.maximum(0, best[B.all] - already[B.all])
    acc.add(B.all, due, np.zeros(len(B), dtype=bool), _matter_fn(v, rule, B))


def m_yearly_cap(v: VCtx, rule: dict[str, Any], T: Trigs, acc: RuleAcc) -> None:
    if T.kind != "event":
        raise NoKernel("yearly_cap on a non-event trigger")
    r = v.reg
    k = len(T)
    if not k:
        return
    lapses = v.pack.lapses.toordinal() if v.pack.lapses else None
    at = T.at(v.o)
    ye = np.where(T.year != NONE, T.year, 1)
    cap_at = np.where(T.year != NONE,
                      np.array([dt.date(int(y), 12, 31).toordinal() for y in ye]) if k else at, v.o)
    if lapses is not None:
        cap_at = np.minimum(cap_at, lapses)
    cap, cap_none = v.money_at(rule["cap"], cap_at)
    if cap_none.any():
        raise NoKernel("cap without a value")
    # groups (alliance, year); the used amount starts from what was paid under the rule that year
    gkey = T.all * 100000 + np.where(T.year != NONE, T.year, 0)
    ug, g = np.unique(gkey, return_inverse=True)
    pm = _paid_under(v, rule)
    pkey = r.pm_all[pm] * 100000 + np.where(r.pm_year[pm] != NONE, r.pm_year[pm], 0)
    used = np.zeros(len(ug), dtype=np.int64)
    pos = np.searchsorted(ug, pkey)
    pos_c = np.minimum(pos, len(ug) - 1)
    hit = (pos < len(ug)) & (ug[pos_c] == pkey)
    np.add.at(used, pos_c[hit], r.pm_amount[pm][hit])
    # order within a group: (date or date.min, label = event id)
    order = np.lexsort((v.ev_id_rank[T.ev], np.where(T.date != NONE, T.date, NONE), g))
    gs = g[order]
    rank = np.arange(k) - np.r_[0, np.nonzero(gs[1:] != gs[:-1])[0] + 1][np.cumsum(np.r_[True, gs[1:] != gs[:-1]]) - 1]
    has_base = r.ev_has_base[T.ev]
    base = r.ev_base[T.ev]
    has_dec = r.ev_has_decided[T.ev]
    dec = r.ev_decided[T.ev]
    hi = np.zeros(k, dtype=np.int64)
    amount = np.zeros(k, dtype=np.int64)
    for rk in range(int(rank.max()) + 1):
        ix = order[rank == rk]
        remaining = np.maximum(0, cap[ix] - used[g[ix]])
        h = np.where(has_base[ix], np.minimum(remaining, base[ix]), remaining)
        a = np.where(has_dec[ix], np.minimum(dec[ix], h), 0)
        used[g[ix]] += np.where(has_dec[ix], a, h)  # a pending claim reserves its upper bound
        hi[ix], amount[ix] = h, a
    acc.add(T.all, amount, ~has_dec, _matter_fn(v, rule, T), 0, hi)


MECHANISMS: dict[str, Callable[[VCtx, dict[str, Any], Trigs, RuleAcc], None]] = {
    "fixed": m_per_trigger, "per_member_fixed": m_per_trigger, "fixed_by_level": m_per_trigger,
    "per_item": m_per_trigger, "matching": m_per_trigger, "range_decision": m_per_trigger,
    "cumulative_topup": m_cumulative_topup, "yearly_cap": m_yearly_cap,
}


#: rule keys whose semantics live in the scalar mechanism only (a conditional status, an after-lapse switch)
SCALAR_ONLY = {"matching_required", "after_lapse"}

PER_TRIGGER = ("fixed", "per_member_fixed", "fixed_by_level", "per_item", "matching", "range_decision")


class PreparedRule:
    """What a money rule's result needs that no parameter changes: its triggers after every parameter-free
    filter (the text's start, the parameter-free ``requires``, the payee, the de-duplication), and the
    mechanism's own columns (``cols``)."""

    def __init__(self, has_trig: np.ndarray, T: Trigs | None = None, late: bool = False):
        self.has_trig = has_trig  # alliances with a trigger (before any filter): the scalar fallback's candidates
        self.T = T  # None: the mechanism has no kernel for this rule
        self.late = late  # some ``requires`` read a parameter: filtered at evaluation
        self.cols: dict[str, Any] = {}


def _prep_rule(v: VCtx, rule: dict[str, Any]) -> PreparedRule | None:
    try:
        T = triggers(v, rule)
    except NoKernel:
        return None
    has = np.zeros(v.n, dtype=bool)
    has[T.all] = True
    if MECHANISMS.get(rule["mechanism"]) is None or SCALAR_ONLY.intersection(rule):
        return PreparedRule(has)
    try:
        start = v.pack.in_force
        if start is not None:
            T = T.take((T.date == NONE) | (T.date >= start.toordinal()))
        T = T.take(requires(v, rule, T, "free"))
        late = any(q["type"] in PARAM_REQUIRES for q in rule.get("requires") or ())
        P = PreparedRule(has, T, late)
        prep = PREPARE.get(rule["mechanism"])
        if prep is not None:
            prep(v, rule, P)
        if late:
            for q in rule.get("requires") or ():
                if q["type"] == "recognised_for":
                    _months_since_recognition(v, P.T, evaluation=q.get("judged_on") == "evaluation")  # type: ignore
    except NoKernel:
        return PreparedRule(has)
    return P


def _prep_per_trigger(v: VCtx, rule: dict[str, Any], P: PreparedRule) -> None:
    T = P.T
    assert T is not None  # prepared rules with per-trigger amounts always carry their triggers
    T = T.take(_payee_ok(v, rule, T))
    if P.late:
        P.T = T
        if rule["payee"] != "member" and _dedup(T).all():  # no two triggers share a matter: no de-duplication
            P.cols.update(fast=True, amounts=_amount_cols(v, rule, T))
        return  # else de-duplicated after the parameter's filter, by the general path
    T = T.take(_dedup(T))
    if rule["payee"] == "member":
        if len(T):
            T = T.take(first_per(T.all))
            rows, tix = _paid_members(v, T, v.match(rule.get("payee_filter") or {}, active=True))
            T = T.take(tix)
        else:
            rows = np.zeros(0, dtype=np.int64)
        P.cols["member_rows"] = rows
    P.T = T
    P.cols.update(fast=True, amounts=_amount_cols(v, rule, T))


def _prep_topup(v: VCtx, rule: dict[str, Any], P: PreparedRule) -> None:
    T = P.T
    if T is None or T.kind != "level" or P.late:
        return
    r = v.reg
    T = T.take(np.isin(T.level, [LEVEL_RANK[x] for x in rule["ceilings"]]))
    pm = _paid_under(v, rule)
    already = np.zeros(v.n, dtype=np.int64)
    np.add.at(already, r.pm_all[pm], r.pm_amount[pm])
    seg = np.r_[0, np.nonzero(T.all[1:] != T.all[:-1])[0] + 1] if len(T) else np.zeros(0, dtype=np.int64)
    P.T = T
    P.cols.update(fast=True, at=T.at(v.o), already=already, seg=seg, seg_all=T.all[seg],
                  present={lvl: bool((T.level == LEVEL_RANK[lvl]).any()) for lvl in rule["ceilings"]})


def _prep_cap(v: VCtx, rule: dict[str, Any], P: PreparedRule) -> None:
    T = P.T
    if T is None or T.kind != "event" or P.late or not len(T):
        return
    r = v.reg
    k = len(T)
    lapses = v.pack.lapses.toordinal() if v.pack.lapses else None
    at = T.at(v.o)
    ye = np.where(T.year != NONE, T.year, 1)
    uy, inv = np.unique(ye, return_inverse=True)
    dec31 = np.array([dt.date(int(y), 12, 31).toordinal() for y in uy], dtype=np.int64)[inv]
    cap_at = np.where(T.year != NONE, dec31, v.o)
    if lapses is not None:
        cap_at = np.minimum(cap_at, lapses)
    gkey = T.all * 100000 + np.where(T.year != NONE, T.year, 0)
    ug, g = np.unique(gkey, return_inverse=True)
    pm = _paid_under(v, rule)
    pkey = r.pm_all[pm] * 100000 + np.where(r.pm_year[pm] != NONE, r.pm_year[pm], 0)
    used = np.zeros(len(ug), dtype=np.int64)
    pos = np.searchsorted(ug, pkey)
    pos_c = np.minimum(pos, len(ug) - 1)
    hit = (pos < len(ug)) & (ug[pos_c] == pkey)
    np.add.at(used, pos_c[hit], r.pm_amount[pm][hit])
    order = np.lexsort((v.ev_id_rank[T.ev], np.where(T.date != NONE, T.date, NONE), g))
    gs = g[order]
    brk = np.r_[True, gs[1:] != gs[:-1]]
    rank = np.arange(k) - np.nonzero(brk)[0][np.cumsum(brk) - 1]
    P.cols.update(fast=True, at=at, cap_at=cap_at, g=g, used=used,
                  by_rank=[order[rank == rk] for rk in range(int(rank.max()) + 1)],
                  has_base=r.ev_has_base[T.ev], base=r.ev_base[T.ev], has_dec=r.ev_has_decided[T.ev],
                  dec=r.ev_decided[T.ev])


PREPARE: dict[str, Callable[[VCtx, dict[str, Any], PreparedRule], None]] = {
    **{m: _prep_per_trigger for m in PER_TRIGGER}, "cumulative_topup": _prep_topup, "yearly_cap": _prep_cap,
}


def _lazy_matter(v: VCtx, rule: dict[str, Any], T: Trigs, sel: np.ndarray, member_rows: np.ndarray | None = None
                 ) -> Callable[[int], str]:
    """The matter of the j-th kept trigger (``sel``: their indices in ``T``), built only when asked (rows())."""
    base = _matter_fn(v, rule, T, member_rows)
    return lambda j: base(int(sel[j]))


def _eval_per_trigger(v: VCtx, rule: dict[str, Any], P: PreparedRule, live: np.ndarray, acc: RuleAcc) -> None:
    T = P.T
    a, none, lo, hi, keep = _amounts(v, rule, T, P.cols["amounts"])  # type: ignore[arg-type]
    keep = keep & live[T.all]  # type: ignore[union-attr]
    if P.late:
        keep &= requires(v, rule, T, "param")  # type: ignore[arg-type]
    sel = np.nonzero(keep)[0]
    acc.add(T.all[sel], a[sel], none[sel], _lazy_matter(v, rule, T, sel, P.cols.get("member_rows")),  # type: ignore
            _sel(lo, sel), _sel(hi, sel))


def _eval_topup(v: VCtx, rule: dict[str, Any], P: PreparedRule, live: np.ndarray, acc: RuleAcc) -> None:
    T, c_ = P.T, P.cols
    if not len(T):  # type: ignore[arg-type]
        return
    present = c_["present"]
    consts = {lvl: v.money_const(pname) for lvl, pname in rule["ceilings"].items() if present[lvl]}
    if all(x is not None for x in consts.values()):
        lut = np.zeros(len(LEVELS), dtype=np.int64)
        for lvl, (u, none) in consts.items():  # type: ignore[misc]
            if none:
                raise NoKernel("ceiling without a value")
            lut[LEVEL_RANK[lvl]] = u
        c = lut[T.level]  # type: ignore[union-attr]
    else:
        at = c_["at"]
        c = np.zeros(len(T), dtype=np.int64)  # type: ignore[arg-type]
        for lvl, pname in rule["ceilings"].items():
            if not present[lvl]:
                continue
            m = T.level == LEVEL_RANK[lvl]  # type: ignore[union-attr]
            a, none = v.money_at(pname, at[m])
            if none.any():
                raise NoKernel("ceiling without a value")
            c[m] = a
    seg_all = c_["seg_all"]
    best_seg = np.maximum.reduceat(c, c_["seg"])
    if (best_seg[live[seg_all]] <= 0).any():
        raise NoKernel("no positive ceiling")
    best = np.zeros(v.n, dtype=np.int64)
    best[seg_all] = best_seg
    is_max = np.nonzero((c == best[T.all]) & live[T.all])[0]  # type: ignore[union-attr]
    alls = T.all[is_max]  # type: ignore[union-attr]
    first = is_max[np.r_[True, alls[1:] != alls[:-1]]] if len(alls) else is_max
    b_all = T.all[first]  # type: ignore[union-attr]
    due = np.maximum(0, best[b_all] - c_["already"][b_all])
    acc.add(b_all, due, np.zeros(len(first), dtype=bool), _lazy_matter(v, rule, T, first))  # type: ignore[arg-type]


def _eval_cap(v: VCtx, rule: dict[str, Any], P: PreparedRule, live: np.ndarray, acc: RuleAcc) -> None:
    T, c_ = P.T, P.cols
    k = len(T)  # type: ignore[arg-type]
    cst = v.money_const(rule["cap"])
    keep = live[T.all]  # type: ignore[union-attr]
    if cst is not None:
        if cst[1] and keep.any():
            raise NoKernel("cap without a value")
        cap = np.full(k, cst[0], dtype=np.int64)
    else:
        cap, cap_none = v.money_at(rule["cap"], c_["cap_at"])
        if (cap_none & keep).any():
            raise NoKernel("cap without a value")
    g, has_base, base, has_dec, dec = c_["g"], c_["has_base"], c_["base"], c_["has_dec"], c_["dec"]
    used = c_["used"].copy()
    hi = np.zeros(k, dtype=np.int64)
    amount = np.zeros(k, dtype=np.int64)
    for ix in c_["by_rank"]:
        gi = g[ix]
        remaining = np.maximum(0, cap[ix] - used[gi])
        h = np.where(has_base[ix], np.minimum(remaining, base[ix]), remaining)
        a = np.where(has_dec[ix], np.minimum(dec[ix], h), 0)
        used[gi] += np.where(has_dec[ix], a, h)  # one trigger per group and rank; pending claims reserve h
        hi[ix], amount[ix] = h, a
    sel = np.nonzero(keep)[0]
    acc.add(T.all[sel], amount[sel], ~has_dec[sel], _lazy_matter(v, rule, T, sel), 0, hi[sel])  # type: ignore


EVALUATE: dict[str, Callable[[VCtx, dict[str, Any], PreparedRule, np.ndarray, RuleAcc], None]] = {
    **{m: _eval_per_trigger for m in PER_TRIGGER}, "cumulative_topup": _eval_topup, "yearly_cap": _eval_cap,
}


def run_rule(v: VCtx, rule: dict[str, Any], acc: RuleAcc, live: np.ndarray) -> np.ndarray | None:
    """The rule over every alliance in ``live``; returns the alliances left to the scalar mechanism (or None).

    The parameter-free part (:class:`PreparedRule`) is prepared once per register; here only what the
    parameters decide: amounts, ceilings, caps, rates, ranges, the parameter-dependent ``requires``."""
    P = v.prep(("rule", rule["id"], _key(rule)), lambda: _prep_rule(v, rule))
    if P is None:
        return live.copy()
    candidates = P.has_trig & live
    kernel = MECHANISMS.get(rule["mechanism"])
    if kernel is None or P.T is None:
        return candidates
    fast = EVALUATE.get(rule["mechanism"]) if P.cols.get("fast") else None
    if fast is not None:  # every NoKernel is raised before the first add
        try:
            fast(v, rule, P, live, acc)
        except NoKernel:
            return candidates
        return None
    tmp = RuleAcc(v.n)
    try:
        if True:  # the general path: the mechanism's kernel on the triggers left after every filter
            keep = live[P.T.all]
            if P.late:
                keep &= requires(v, rule, P.T, "param")
            kernel(v, rule, P.T.take(keep), tmp)
    except NoKernel:
        return candidates
    for name in ACC_FIELDS:
        col = tmp.made(name)
        if col is not None:
            getattr(acc, name)[:] += col
    acc.entries.extend(tmp.entries)
    return None


ZERO = Decimal(0)
