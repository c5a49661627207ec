"""The vectorised what-if path over a whole register: columns in, columns out.

    reg = Register(facts)                         # once per register (cacheable)
    res = evaluate("320115-jiangning/2019", reg, on, overrides)
    res.total_decimal(), res.rows()               # BatchRow per alliance, as policy.batch.summary gives

Every condition, consequence, money rule and duty of the pack runs as array operations through the kernel
registered under its type name in :mod:`policy.vector.kernels`; types without a kernel, and alliances whose
facts the kernels do not cover (``Register.irregular``), run through the scalar path of the same
:class:`~policy.engine.CompiledPack`. ``VectorResult.scalar`` and ``VectorResult.fallbacks`` say which.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from ..engine import CompiledPack, compiled, text_status
from ..loader import Pack, get_pack
from ..rules import deadlines as dl
from ..rules import evaluation, money
from . import kernels as K
from .columns import BIG, Register

__all__ = ["Prepared", "Register", "VectorResult", "evaluate", "prepare"]

ELIG = ("eligible", "not_eligible", "review", "not_in_force")
MONEY = ("ok", "nothing_due", "not_in_force", "conflict")
UNIT = Decimal(10000)


def _dec(u: int) -> Decimal:
    return money_normal(Decimal(int(u)) / UNIT)


def _sum_made(rules: Mapping[str, K.RuleAcc], names: tuple[str, ...], n: int) -> np.ndarray:
    """The sum over the rules of these columns, of those that were made (see :meth:`K.RuleAcc.made`)."""
    out = np.zeros(n, dtype=np.int64)
    for a in rules.values():
        for name in names:
            col = a.made(name)
            if col is not None:
                out += col
    return out


def money_normal(x: Decimal) -> Decimal:
    from ..rules.common import money as m

    return m(x)


@dataclass
class VectorResult:
    pack: str
    on: dt.date
    ids: list[str]
    condition_ids: list[str]
    conditions: np.ndarray  # (N, C) int8, codes of kernels.COND_STATUSES
    eligibility: np.ndarray  # int8 codes of ELIG
    money_status: np.ndarray  # int8 codes of MONEY
    total: np.ndarray  # int64 yuan (1/10000 万元) — see total_decimal(); exact for regular alliances
    rules: dict[str, K.RuleAcc]  # per money rule: due yuan, counts, range bounds, the due entries
    withdrawn: np.ndarray  # bool: a consequence blocks the money
    deadline_counts: np.ndarray  # (N, S) counts per kernels.DL_STATUSES
    next_due: np.ndarray  # int64 ordinal, BIG when none
    deadline_status: np.ndarray  # 0 ok, 1 nothing_due, 2 not_in_force
    scalar: np.ndarray  # bool: the whole alliance went through the scalar path (irregular facts)
    fallbacks: dict[str, int] = field(default_factory=dict)  # part → alliances computed by the scalar mechanism
    scalar_rows: dict[int, Any] = field(default_factory=dict)  # i → BatchRow from the scalar path

    @property
    def n(self) -> int:
        return len(self.ids)

    def open_deadlines(self) -> np.ndarray:
        c = self.deadline_counts
        return c[:, K.DL["upcoming"]] + c[:, K.DL["due_today"]] + c[:, K.DL["overdue"]]

    def decisions(self) -> np.ndarray:
        return sum((a.n_decision for a in self.rules.values()), np.zeros(self.n, dtype=np.int64))

    def failed(self, i: int) -> list[str]:
        return [c for c, s in zip(self.condition_ids, self.conditions[i], strict=True) if s == K.FAIL]

    def total_decimal(self) -> Decimal:
        reg = ~self.scalar
        out = Decimal(int(self.total[reg].sum())) / UNIT
        for i in np.nonzero(self.scalar)[0]:
            out += self.scalar_rows[int(i)].total
        return money_normal(out) if out else Decimal(0)

    def rule_range(self, rule: str) -> tuple[np.ndarray, np.ndarray]:
        a = self.rules[rule]
        return a.lo, a.hi

    def row(self, i: int) -> Any:
        from ..batch import BatchRow

        if self.scalar[i]:
            return self.scalar_rows[i]
        return BatchRow(self.ids[i], ELIG[self.eligibility[i]], _dec(self.total[i]) if self.total[i] else Decimal(0),
                        MONEY[self.money_status[i]], (), int(self.decisions()[i]), int(self.open_deadlines()[i]),
                        int(self.deadline_counts[i, K.DL["overdue"]]),
                        dt.date.fromordinal(int(self.next_due[i])) if self.next_due[i] < BIG else None)

    def rows(self) -> list[Any]:
        """One :class:`policy.batch.BatchRow` per alliance (what ``summary`` gives for the single path)."""
        from ..batch import BatchRow

        due: list[list[tuple[str, str, Decimal]]] = [[] for _ in range(self.n)]
        live = (self.money_status != MONEY.index("not_in_force")) & ~self.withdrawn & ~self.scalar
        for rid, acc in self.rules.items():
            for alls, amts, matter in acc.entries:
                for j, (i, a) in enumerate(zip(alls.tolist(), amts.tolist(), strict=True)):
                    if live[i]:
                        due[i].append((rid, matter(j), _dec(a)))
            for i, ents in acc.scalar_rows.items():
                if live[i]:
                    due[i].extend((e.rule, e.matter, e.amount) for e in ents
                                  if e.status == "due" and e.amount is not None)
        dec = self.decisions()
        opn = self.open_deadlines()
        out = []
        for i in range(self.n):
            if self.scalar[i]:
                out.append(self.scalar_rows[i])
                continue
            t = int(self.total[i])
            out.append(BatchRow(self.ids[i], ELIG[self.eligibility[i]], _dec(t) if t else Decimal(0),
                                MONEY[self.money_status[i]], tuple(sorted(due[i])), int(dec[i]), int(opn[i]),
                                int(self.deadline_counts[i, K.DL["overdue"]]),
                                dt.date.fromordinal(int(self.next_due[i])) if self.next_due[i] < BIG else None))
        return out


#: condition status code (kernels.PASS, FAIL, REVIEW, UNKNOWN) → 0 pass, 2 fail, 1 review or unknown
_WORST = np.array([0, 2, 1, 1], dtype=np.int8)
_ELIG_OF = np.array([ELIG.index("eligible"), ELIG.index("review"), ELIG.index("not_eligible")], dtype=np.int8)


def _cond_code(s: str) -> int:
    return K.COND_STATUSES.index(s)


@dataclass
class Prepared:
    """One register read under one pack (its region and structure) on one date: everything the result needs
    that no parameter value changes — cached in ``memo`` and shared by every :func:`evaluate` of it,
    whatever the overrides. Build it with :func:`prepare`."""

    pack: Pack
    reg: Register
    on: dt.date
    year: int | None = None
    memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        return self.reg.n


def prepare(pack: str | Pack | CompiledPack, reg: Register, on: dt.date, year: int | None = None, *,
            warm: bool = True) -> Prepared:
    """The parameter-free part of :func:`evaluate`, once: active members on the date, per-alliance member
    aggregates (by kind, role, legal person, in-region), the lead, chain coverage, whole months since founding,
    flags, level/grade/achievement/event/payment aggregates, every money rule's triggers after its
    parameter-free filters, and the deadlines that read no parameter.

    ``warm`` (default): compute all of it now (by one evaluation under the text's own values, whose result is
    dropped); otherwise it is filled in by the first :func:`evaluate`. Re-prepare when the register, the date,
    ``year`` or the pack's text change — never for an override: a parameter value is only read by ``evaluate``."""
    p = pack.pack if isinstance(pack, CompiledPack) else get_pack(pack)
    prep = Prepared(p, reg, on, year)
    if warm:
        evaluate(prep)
        # the member masks of each filter (a byte per member row each) served the counts now kept: not
        # kept with them (an evaluate that needs one again makes it again)
        for key in [k for k in prep.memo if k[0] == "match"]:
            del prep.memo[key]
    return prep


def evaluate(pack: str | Pack | CompiledPack | Prepared, reg: Register | Mapping[str, Any] | None = None,
             on: dt.date | None = None, overrides: Mapping[str, Any] | None = None,
             year: int | None = None) -> VectorResult:
    """Eligibility + entitlements + deadlines of every alliance of a register under one pack on one date.

    ``evaluate(prepared, overrides=None)`` — the what-if: only what the parameters decide is computed;
    ``evaluate(pack, reg, on, overrides=None, year=None)`` — prepare, then evaluate (as before)."""
    if isinstance(pack, Prepared):
        if reg is not None and not isinstance(reg, Mapping):
            raise TypeError("evaluate(prepared, overrides): the register is the prepared one")
        return _evaluate(pack, overrides if overrides is not None else reg)  # type: ignore[arg-type]
    if reg is None or on is None:
        raise TypeError("evaluate(pack, reg, on, overrides=None, year=None)")
    cp = pack if isinstance(pack, CompiledPack) else None
    prep = prepare(pack, reg, on, year, warm=False)  # type: ignore[arg-type]
    return _evaluate(prep, overrides, cp)


def _evaluate(prep: Prepared, overrides: Mapping[str, Any] | None = None, cp: CompiledPack | None = None
              ) -> VectorResult:
    from ..batch import summary

    if cp is None:
        cp = compiled(prep.pack, overrides)
    elif cp.pack is not prep.pack:
        raise ValueError("the compiled pack is not the prepared one")
    reg, on, year = prep.reg, prep.on, prep.year
    v = K.VCtx(cp, reg, on, year, prep.memo)
    n = reg.n
    irregular = reg.irregular
    fallbacks: dict[str, int] = {}
    ts = text_status(cp.pack, on)
    in_force = ts.status == "in_force"
    # commitments honoured after the lapse (a bureau switch): every alliance through the scalar path, whole
    whole = irregular | (ts.status == "lapsed" and any(money.after_lapse_switch(cp.params, r) for r in cp.rules))

    def note(part: str, mask: np.ndarray, into: dict[str, int] | None = None) -> np.ndarray:
        idx = np.nonzero(mask & ~irregular)[0]
        if len(idx):
            d = fallbacks if into is None else into
            d[part] = d.get(part, 0) + len(idx)
        return idx

    # ---- eligibility
    conds = np.empty((n, len(cp.conditions)), dtype=np.int8)
    cols: list[np.ndarray | None] = []  # None: an expert condition (review)
    for j, (c, fn) in enumerate(cp.conditions):
        if c["check"] == "expert":
            conds[:, j] = K.REVIEW
            cols.append(None)
            continue
        kern = K.CONDITIONS.get(c["test"]["type"])
        try:
            if kern is None:
                raise K.NoKernel(c["test"]["type"])
            col = kern(v, c["test"])
        except K.NoKernel:
            def scalar(c: dict[str, Any] = c, fn: Any = fn) -> Any:
                return _scalar_condition(v, c, fn, note)

            col, notes = v.by_params(("condition", j, repr(c)), scalar)
            for k_, c_ in notes.items():
                fallbacks[k_] = fallbacks.get(k_, 0) + c_
        conds[:, j] = col
        cols.append(col)
    if any(x is None for x in cols) and in_force:
        cols.append(np.full(n, K.REVIEW, dtype=np.int8))
    if not in_force:
        elig = np.full(n, ELIG.index("not_in_force"), dtype=np.int8)
    else:
        worst = np.zeros(n, dtype=np.int8)  # 0 pass, 1 review or unknown, 2 fail
        for column in cols:
            if column is not None:
                np.maximum(worst, _WORST[column], out=worst)
        elig = _ELIG_OF[worst]

    # ---- deadlines: cached by the values of the parameters they read (none, for most schedules)
    acc, dnotes = v.by_params(("deadlines",), lambda: _deadlines(v, cp, note))
    for k_, c_ in dnotes.items():
        fallbacks[k_] = fallbacks.get(k_, 0) + c_
    counts, next_due = acc.counts, acc.next_due
    if irregular.any():  # the irregular rows are overwritten below: not in the cached arrays
        counts, next_due = counts.copy(), next_due.copy()
    items = counts.sum(axis=1)
    dstatus = np.where(items > 0, 0, 1).astype(np.int8) if in_force else np.full(n, 2, dtype=np.int8)

    # ---- money
    rules: dict[str, K.RuleAcc] = {r["id"]: K.RuleAcc(n) for r in cp.rules}
    withdrawn = np.zeros(n, dtype=bool)
    if in_force and cp.rules:
        for c in cp.consequence_rules:
            if not c.get("blocks_money"):
                continue
            w = c["when"]
            qk = K.CONSEQUENCES.get(w["type"])
            try:
                if qk is None:
                    raise K.NoKernel(w["type"])
                withdrawn |= qk(v, w, acc.missed)
            except K.NoKernel:
                hit = np.zeros(n, dtype=bool)
                for i in note(f"consequence:{c['id']}", np.ones(n, dtype=bool)):
                    ctx = v.ctx(int(i))
                    dmap = cp.deadline_map(ctx) if w["type"] == "duty_missed" else {}
                    x = evaluation.evaluate(ctx, c, dmap, cp.pack.module)
                    hit[i] = x is not None and x.blocks_money
                withdrawn |= hit
        live = ~withdrawn & ~irregular
        for rule in cp.rules:
            racc = rules[rule["id"]]
            left = K.run_rule(v, rule, racc, live)
            if left is not None:
                for i in note(f"money:{rule['id']}", left):
                    ents, _ = money.run_rule(v.ctx(int(i)), rule, year, None, lean=True)
                    racc.add_scalar(int(i), ents)
        total = _sum_made(rules, ("due",), n)  # a column no rule wrote is zero: not made, not added
        active = _sum_made(rules, ("n_due", "n_decision", "n_cond"), n)
        mstatus = np.where(active > 0, 0, 1).astype(np.int8)
        wi = np.nonzero(withdrawn)[0]
        if len(wi):
            mstatus[wi] = 1
            total[wi] = 0
            for a in rules.values():
                for name in K.ACC_FIELDS:
                    made = a.made(name)
                    if made is not None:
                        made[wi] = 0
    else:
        total = np.zeros(n, dtype=np.int64)
        mstatus = np.full(n, MONEY.index("not_in_force") if not in_force else 1, dtype=np.int8)

    res = VectorResult(cp.pack.id, on, reg.ids, [c["id"] for c, _ in cp.conditions], conds, elig, mstatus, total,
                       rules, withdrawn, counts, next_due, dstatus, whole.copy(), fallbacks)
    if whole.any() and not irregular.any():
        counts, next_due = counts.copy(), next_due.copy()
        res.deadline_counts, res.next_due = counts, next_due
    # ---- irregular alliances: the scalar path, whole
    for i in np.nonzero(whole)[0]:
        i = int(i)
        f = reg.facts[i]
        el = cp.eligibility(f, on)
        en = cp.entitlements(f, on, year=year, lean=True)
        de = cp.deadlines(f, on)
        res.scalar_rows[i] = summary(el, en, de)
        conds[i] = [_cond_code(c.status) for c in el.conditions]
        elig[i] = ELIG.index(el.status)
        mstatus[i] = MONEY.index(en.status)
        res.total[i] = 0
        withdrawn[i] = any(r.code == "support_withdrawn" for r in en.refusals)
        for rid, a in rules.items():
            a.add_scalar(i, [e for e in en.entitlements if e.rule == rid])
            a.scalar_rows.pop(i, None)
        cnt = np.zeros(len(K.DL_STATUSES), dtype=np.int64)
        for d in de.deadlines:
            cnt[K.DL[d.status]] += 1
        counts[i] = cnt
        nxt = [d.due for d in de.deadlines if d.status in ("upcoming", "due_today") and d.due is not None]
        next_due[i] = min(nxt).toordinal() if nxt else BIG
        dstatus[i] = {"ok": 0, "nothing_due": 1, "not_in_force": 2}[de.status]
    return res


def _scalar_condition(v: K.VCtx, c: dict[str, Any], fn: Any, note: Any) -> tuple[np.ndarray, dict[str, int]]:
    """A condition without a kernel: the scalar test per alliance (cached by the parameters it reads)."""
    out = np.zeros(v.n, dtype=np.int8)
    notes: dict[str, int] = {}
    for i in note(f"condition:{c['id']}", np.ones(v.n, dtype=bool), notes):
        out[i] = _cond_code(fn(v.ctx(int(i)))[0])
    return out, notes


def _deadlines(v: K.VCtx, cp: CompiledPack, note: Any) -> tuple[K.DeadlineAcc, dict[str, int]]:
    n = v.n
    notes: dict[str, int] = {}
    acc = K.DeadlineAcc(n, v.o)
    for d in cp.duties:
        sched = K.SCHEDULES.get(d["schedule"]["type"])
        rest = sched(v, d, acc) if sched is not None else np.ones(n, dtype=bool)
        acc.missed.setdefault(d["id"], np.zeros(n, dtype=np.int64))
        acc.missed.setdefault(f"{d['id']}#overdue", np.zeros(n, dtype=np.int64))
        if rest is not None:
            for i in note(f"duty:{d['id']}", rest, notes):
                acc.add_scalar(d["id"], int(i), dl.duty_deadlines(v.ctx(int(i)), d))
    starts = [per["starts_on"] for p in cp.pack.data.get("procedures") or () for per in p.get("periods") or ()
              if per.get("starts_on")]
    if starts:
        m = np.zeros(n, dtype=bool)
        for s in starts:
            m |= K._events_of(v, s)
        for i in note("procedure_periods", m, notes):
            acc.add_scalar("procedure_periods", int(i), dl.procedure_periods(v.ctx(int(i))))
    return acc, notes
