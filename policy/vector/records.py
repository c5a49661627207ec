"""Records → columns without building a :class:`~policy.types.Facts` per alliance.

The input is a set of *tables*, each a mapping of column name → sequence of values, or
:class:`~policy.vector.tables.Rows` (``values_list`` rows with their field names), in the vocabulary of the facts format
(docs/policy/facts.md, :mod:`policy.facts_schema`)::

    {"alliances": {"id": [...], "founded": [...], "lead": [...], "flags": [[...], ...], ...},
     "members":   {"alliance": [...], "org_id": [...], "kind": [...], "region": [...], ...},
     "levels": {...}, "achievements": {...}, "reports": {...}, "grades": {...}, "events": {...},
     "payments": {...}, "rectifications": {...}, "objections": {...}}

Every child table has an ``alliance`` column holding the ``id`` of its alliance (as written in
``alliances.id``, or a numpy integer array of positions in the alliances table); within an alliance its
rows keep the order of the table (the order of the lists of one alliance's facts). A column left out is absent for every row (the default of the facts format applies);
``None`` in a column is an explicit null. Events may carry other columns (kept as the event's ``data``).

Validation keeps the door's rules (the same :mod:`policy.facts_schema` specs, the same messages) but runs
per *distinct* value of a column, not per row: a column of 3 million member kinds has ten values to check.
Problems are reported with the row's path in its table (``members[1203].kind``) and raised together as a
:class:`~policy.errors.FactsError`.

The columns are the same as ``Register(facts)`` builds from the same facts (a property test keeps them equal);
``Register.facts`` becomes a lazy sequence that builds one alliance's Facts when the scalar path needs it
(irregular alliances, conditions without a kernel).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from itertools import repeat
from typing import Any

import numpy as np

from ..dates import parse_date, region_path
from ..errors import Problem
from ..types import LEVEL_RANK, Facts
from .columns import BIG, NONE, Register, Vocab, units
from .grouped import dup_ids, index_in, lead_candidates, rank_in_group, sort_within
from .tables import TABLES, Rows, _AutoCodes, _Problems, _Table, code_dtype, gc_paused, table_from_rows

__all__ = ["TABLES", "LazyFacts", "Rows", "register_from_records", "table_from_rows"]


def _constant(value: int, n: int, dtype: Any) -> np.ndarray:
    """A read-only column of one value for a column the table leaves out (no memory per row)."""
    return np.broadcast_to(np.array(value, dtype=dtype), (n,))


def _map(values: Sequence[Any], fn: Callable[[Any], Any], dtype: Any) -> np.ndarray:
    """``fn`` applied once per distinct value, then spread over the column."""
    table = {v: fn(v) for v in dict.fromkeys(values)}
    return np.fromiter(map(table.__getitem__, values), dtype=dtype, count=len(values))


def _map_py(values: Sequence[Any], fn: Callable[[Any], Any]) -> list[Any]:
    table = {v: fn(v) for v in dict.fromkeys(values)}
    return list(map(table.__getitem__, values))


def _ordinals(values: Sequence[Any] | None, n: int, missing: int) -> np.ndarray:
    if values is None:
        return np.full(n, missing, dtype=np.int64)

    def one(v: Any) -> int:
        d = parse_date(v)
        return missing if d is None else d.toordinal()

    return _map(values, one, np.int64)


def _col(t: _Table, k: str, default: Any) -> Sequence[Any]:
    c = t.raw(k)
    return [default] * t.n if c is None else c


def _codes(vocab: Vocab, values: Sequence[Any], uniq: Mapping[Any, Any] | None = None,
           codes: np.ndarray | None = None) -> np.ndarray:
    if codes is not None and not vocab:  # coded while checked: the same order of first appearance
        vocab.update(uniq)  # type: ignore[arg-type]
        return codes
    for v in (dict.fromkeys(values) if uniq is None else uniq):
        if v not in vocab:
            vocab[v] = len(vocab)
    return np.fromiter(map(vocab.__getitem__, values), dtype=np.int32, count=len(values))


def _text(values: Sequence[Any]) -> list[Any]:
    """Ids and codes as the facts have them: text (a number written as a number becomes its digits)."""
    types = set(map(type, values))
    if types <= {str}:
        return values if isinstance(values, list) else list(values)
    return [None if v is None else str(v) for v in values]


def _flag_matrix(vocab: Vocab, t: _Table, k: str) -> np.ndarray:
    """Rows of flag lists as a boolean matrix over the vocabulary (coded once per distinct list; by the
    codes the column's check left, when it left them in alliance order)."""
    n, auto, codes = t.n, t.uniq.get(k) or {}, t.codes.get(k)
    if codes is None or t.order is not None or not all(type(x) is tuple for x in auto):
        rows = (t.frozen.get(k) if t.order is None else None) or _col(t, k, ())  # checked in the table's order
        keys = rows if set(map(type, rows)) <= {tuple} else [tuple(fl) if fl else () for fl in rows]
        auto = _AutoCodes()
        codes = np.fromiter(map(auto.__getitem__, keys), dtype=np.int64, count=len(keys))
    coded = [[vocab.code(x) for x in key] for key in auto]
    table = np.zeros((len(coded), max(1, len(vocab))), dtype=bool)
    for u, cs in enumerate(coded):
        table[u, cs] = True
    return table[codes] if len(codes) else np.zeros((n, max(1, len(vocab))), dtype=bool)


def _dates(t: _Table, k: str, missing: int) -> np.ndarray:
    """Column ``k`` in alliance order as day numbers, read once per distinct value (through the codes its
    check left, when it left them)."""
    codes = t.codes.get(k)
    if codes is None:
        return _ordinals(t.raw(k), t.n, missing)

    def one(v: Any) -> int:
        d = parse_date(v)
        return missing if d is None else d.toordinal()

    table = np.fromiter(map(one, t.uniq[k]), dtype=np.int64, count=len(t.uniq[k]))
    out = table[codes] if len(codes) else np.zeros(0, dtype=np.int64)
    return out if t.order is None else out[t.order]


def _ids(t: _Table, prefix: str, n: int) -> list[str]:
    """The ``id`` column as text, a missing id being the facts format's default: ``prefix`` and the row's
    position in its alliance's list, from 1."""
    rank = rank_in_group(t.a, n).tolist()
    ids = t.raw("id")
    if ids is None:
        return [f"{prefix}{k + 1}" for k in rank]
    return [f"{prefix}{k + 1}" if x is None else str(x) for x, k in zip(ids, rank, strict=True)]


def register_from_records(records: Mapping[str, Mapping[str, Sequence[Any]] | Rows]) -> Register:
    """The columns of :class:`~policy.vector.columns.Register` straight from tables (see the module docstring).

    Raises :class:`FactsError` listing the problems (at most 100, then a count) when a table does not follow
    the facts format."""
    with gc_paused():
        return _register(records)


def _register(records: Mapping[str, Mapping[str, Sequence[Any]] | Rows]) -> Register:
    out = _Problems()
    for name in records:
        if name not in TABLES:
            out.add(Problem(name, f"未知的表 {name!r}；可用的表：{'、'.join(TABLES)}",
                            f"unknown table {name!r}; known tables: {', '.join(TABLES)}"))
    if "alliances" not in records:
        out.add(Problem("alliances", "缺少联盟表", "the alliances table is missing"))
        out.raise_if_any()
    before = len(out.items)
    al = _Table("alliances", records["alliances"], None, out)
    for k in al.cols:
        if k in al.spec.fields:
            al.check(k, out)
    if len(out.items) > before or not al.ok:  # the alliances are what the other tables point to
        out.raise_if_any()
    raw_ids = al.cols.get("id", ())
    ids = raw_ids if al.types.get("id", {int}) <= {str} and isinstance(raw_ids, list) else _text(raw_ids)
    index: dict[Any, int] = dict(zip(ids, range(len(ids)), strict=True))
    if len(index) < len(ids):
        seen: set[Any] = set()
        for i, s in enumerate(ids):
            if s in seen:
                out.add(Problem(f"alliances[{i}].id", f"重复的联盟 id {s!r}", f"duplicate alliance id {s!r}"))
            seen.add(s)
        index = {}
        for i, (r, s) in enumerate(zip(raw_ids, ids, strict=True)):
            index[r] = index[s] = i
    elif ids is not raw_ids:
        index.update(zip(raw_ids, range(len(ids)), strict=True))
    n = al.n
    tabs: dict[str, _Table] = {}
    for name in TABLES:
        if name != "alliances":
            t = tabs[name] = _Table(name, records.get(name, {}), index, out, n)
            if t.ok:
                t.precode()
                for k in t.cols:
                    if k in t.spec.fields:
                        t.check(k, out)
    out.raise_if_any()

    reg = Register.__new__(Register)
    reg.n = n
    reg.ids = ids
    reg.facts = LazyFacts(n, al, tabs)  # type: ignore[assignment]
    irregular = np.zeros(n, dtype=bool)

    # ---- alliances
    reg.founded = _dates(al, "founded", NONE)
    reg.has_founded = reg.founded != NONE
    reg.kind_vocab = Vocab()
    reg.kind = _codes(reg.kind_vocab, _col(al, "kind", "rd"))
    reg.flag_vocab = Vocab()
    reg.flags = _flag_matrix(reg.flag_vocab, al, "flags")

    # ---- members, sorted by org id within each alliance (stable: the order Ctx.members reads them in).
    # Every column is read once in the table's order; the permutation is applied to the numpy arrays.
    mt = tabs["members"]
    raw_orgs = mt.cols.get("org_id", [])
    if mt.types.get("org_id", {int}) <= {str}:  # a list, or the object array of ids read from rows
        orgs_o = raw_orgs if isinstance(raw_orgs, (list, np.ndarray)) else list(raw_orgs)
    else:
        orgs_o = _text(raw_orgs)
    perm = mt.order
    orgs = orgs_o if perm is None else orgs_o[perm] if isinstance(orgs_o, np.ndarray) else \
        [orgs_o[j] for j in perm.tolist()]
    ma = mt.a
    counts = np.bincount(ma, minlength=n).astype(np.int64) if len(ma) else np.zeros(n, dtype=np.int64)
    reg.m_start = np.concatenate(([0], np.cumsum(counts)))
    order, orgs, dup = sort_within(ma, orgs, reg.m_start)
    if order is not None:
        perm = order if perm is None else perm[order]

    def mcodes(vocab: Vocab, k: str, default: Any) -> np.ndarray:
        if k not in mt.cols:
            return _constant(vocab.code(default), mt.n, np.int32)
        c = _codes(vocab, mt.cols[k], mt.uniq.get(k), mt.codes.get(k))
        return c if perm is None else c[perm]

    reg.m_all = ma
    reg.m_org = orgs
    reg.member_kind_vocab = Vocab()
    reg.m_kind = mcodes(reg.member_kind_vocab, "kind", "other")
    reg.role_vocab = Vocab()
    reg.m_role = mcodes(reg.role_vocab, "role", "member")
    legal = mt.arrays.get("legal_person")
    reg.m_legal = np.ones(mt.n, dtype=bool) if legal is None else legal if perm is None else legal[perm]
    reg.path_vocab = Vocab()
    region_vocab = Vocab()
    region_code = mcodes(region_vocab, "region", "")
    paths = mt.cols.get("region_path")
    if paths is None:
        of_region = np.array([reg.path_vocab.code(region_path(str(r or ""))) for r in region_vocab],
                             dtype=code_dtype(len(region_vocab)))  # at most one path per region
        reg.m_path = of_region[region_code] if len(region_code) else np.zeros(0, dtype=np.int32)
    else:
        regions = list(region_vocab)
        keys = [(regions[c], tuple(str(x) for x in p) if p else None)
                for c, p in zip(region_code.tolist(), paths if perm is None else [paths[j] for j in perm.tolist()],
                                strict=True)]
        reg.m_path = _map(keys, lambda k: reg.path_vocab.code(k[1] if k[1] is not None else region_path(str(k[0] or ""))),
                          np.int32)
    reg.chain_vocab = Vocab()
    reg.m_chain = mcodes(reg.chain_vocab, "chain_position", None)

    def mdates(k: str, missing: int) -> np.ndarray:
        c = mt.cols.get(k)
        if c is None:
            return _constant(missing, mt.n, np.int64)
        o = _ordinals(c, mt.n, missing)
        return o if perm is None else o[perm]

    reg.m_joined = mdates("joined", NONE)
    reg.m_left = mdates("left", BIG)
    # the lead: as written, else the first member (in the table's order) whose role is lead
    leads = al.cols["lead"] if al.types.get("lead", {int}) <= {str} and isinstance(al.cols.get("lead"), list) \
        else _text(_col(al, "lead", None))
    st = reg.m_start
    if None in leads:
        raw_roles = mt.cols.get("role") or ()
        first: dict[int, str] = {}
        if raw_roles and "lead" in mt.uniq.get("role", {"lead": None}):
            is_lead = np.fromiter(map("lead".__eq__, raw_roles), dtype=bool, count=mt.n)
            a_o = ma if mt.order is None else ma[np.argsort(mt.order, kind="stable")]
            for j in np.nonzero(is_lead)[0].tolist():
                first.setdefault(int(a_o[j]), orgs_o[j])
        leads = [first.get(i) if x is None else x for i, x in enumerate(leads)]
    dups = set(ma[dup].tolist()) if dup.any() else set()
    reg.m_lead_cand = lead_candidates(orgs, st, leads, dups)
    irregular[list(dups)] = True  # duplicate org ids

    # ---- level records
    lt = tabs["levels"]
    reg.lv_all = lt.a
    reg.lv_rank = _map(_col(lt, "level", "district"), LEVEL_RANK.__getitem__, np.int64)
    since = lt.raw("since")
    frm = lt.raw("from")
    if frm is not None:
        since = [s or f for s, f in zip(since or repeat(None), frm, strict=False)]
    reg.lv_since = _ordinals(since, lt.n, NONE)
    reg.lv_until = _dates(lt, "until", BIG)
    reg.jur_vocab = Vocab()
    reg.lv_jur = _codes(reg.jur_vocab, [str(v or "") for v in _col(lt, "jurisdiction", "")])
    reg.rec_vocab = Vocab()
    reg.lv_rec = _codes(reg.rec_vocab, _col(lt, "recommended_by", None))

    # ---- achievements
    at = tabs["achievements"]
    reg.ac_all = at.a
    reg.ac_id = _ids(at, "a", n)
    reg.ach_kind_vocab = Vocab()
    reg.ac_kind = _codes(reg.ach_kind_vocab, _col(at, "kind", None))
    reg.ac_date = _dates(at, "date", NONE)
    reg.ach_level_vocab = Vocab()
    reg.ac_level = _codes(reg.ach_level_vocab, _col(at, "level", None))
    matters = at.raw("matter")
    if matters is not None:
        irregular[at.a[np.fromiter((x is not None for x in matters), dtype=bool, count=at.n)]] = True
    irregular |= dup_ids(at.a, reg.ac_id, n)

    # ---- grades
    gt = tabs["grades"]
    reg.gr_all = gt.a
    reg.gr_year = np.fromiter(map(int, _col(gt, "year", 0)), dtype=np.int64, count=gt.n)
    reg.grade_vocab = Vocab()
    reg.gr_grade = _codes(reg.grade_vocab, [str(g) for g in _col(gt, "grade", "")])
    reg.report_kind_vocab = Vocab()
    reg.gr_kind = _codes(reg.report_kind_vocab, _col(gt, "kind", "yearly"))
    reg.gr_date = _dates(gt, "date", NONE)

    # ---- reports
    rt = tabs["reports"]
    reg.rp_all = rt.a
    reg.rp_kind = _codes(reg.report_kind_vocab, _col(rt, "kind", None))
    reg.rp_year = np.fromiter((NONE if y is None else y for y in _col(rt, "year", None)), dtype=np.int64, count=rt.n)
    reg.rp_filed = _dates(rt, "filed", NONE)

    # ---- events
    et = tabs["events"]
    reg.ev_all = ea = et.a
    reg.ev_id = _ids(et, "e", n)
    reg.event_kind_vocab = Vocab()
    reg.ev_kind = _codes(reg.event_kind_vocab, _col(et, "kind", None))
    reg.ev_date = _dates(et, "date", NONE)
    reg.ev_year = np.fromiter((NONE if y is None else y for y in _col(et, "year", None)), dtype=np.int64, count=et.n)
    bad_money = np.zeros(et.n, dtype=bool)
    for name in ("base", "decided"):
        has, yuan, bad = _amounts(et, name)
        bad_money |= bad
        setattr(reg, f"ev_has_{name}", has)
        setattr(reg, f"ev_{name}", yuan)
    payees = _col(et, "payee", None)
    reg.ev_payee = [None if p is None else str(p) for p in payees]
    payee_row = np.full(et.n, -1, dtype=np.int64)
    m_st = reg.m_start.tolist()
    for r in [r for r, p in enumerate(reg.ev_payee) if p is not None]:
        i, p = int(ea[r]), reg.ev_payee[r]
        b, e = m_st[i], m_st[i + 1]
        if i in dups:  # as a dict of the members would: the last of equal ids
            payee_row[r] = {o: b + q for q, o in enumerate(orgs[b:e])}.get(p, -1)
            continue
        try:
            payee_row[r] = index_in(orgs, p, b, e)
        except ValueError:
            pass
    reg.ev_payee_row = payee_row
    reg.ev_flag_vocab = Vocab()
    reg.ev_flags = _flag_matrix(reg.ev_flag_vocab, et, "flags")
    ematters = et.raw("matter")
    if ematters is not None:
        bad_money |= np.fromiter((x is not None for x in ematters), dtype=bool, count=et.n)
    irregular[ea[bad_money]] = True
    irregular |= dup_ids(ea, reg.ev_id, n)

    # ---- payments
    pt = tabs["payments"]
    reg.pm_all = pt.a
    amounts = _col(pt, "amount", None)
    ua = {v: units(_dec(v)) for v in dict.fromkeys(amounts)}
    pu = [ua[v] for v in amounts]
    reg.pm_amount = np.fromiter((x or 0 for x in pu), dtype=np.int64, count=pt.n)
    dates = _col(pt, "date", None)
    reg.pm_date = _dates(pt, "date", NONE)
    reg.pm_year = np.fromiter(
        (y if y is not None else (parse_date(d).year if d else NONE)  # type: ignore[union-attr]
         for y, d in zip(_col(pt, "year", None), dates, strict=True)), dtype=np.int64, count=pt.n)
    reg.pm_rule_vocab = Vocab()
    reg.pm_rule = _codes(reg.pm_rule_vocab, _col(pt, "rule", None))
    reg.article_vocab = Vocab()
    reg.pm_article = _codes(reg.article_vocab, [str(x) for x in _col(pt, "article", "")])
    reg.pm_no_source = np.fromiter((s is None for s in _col(pt, "source", None)), dtype=bool, count=pt.n)
    pbad = np.fromiter((x is None for x in pu), dtype=bool, count=pt.n)
    pmatters = pt.raw("matter")
    if pmatters is not None:
        pbad |= np.fromiter((x is not None for x in pmatters), dtype=bool, count=pt.n)
    irregular[pt.a[pbad]] = True

    # ---- rectifications
    ct = tabs["rectifications"]
    reg.rc_all = ct.a
    reg.rc_ordered = _dates(ct, "ordered", NONE)
    reg.rc_failed = np.fromiter(("fail".__eq__(r) is True for r in _col(ct, "result", None)), dtype=bool, count=ct.n)

    # ---- objections to a public notice
    ot = tabs["objections"]
    reg.ob_all = ot.a
    reg.ob_raised = _dates(ot, "raised", NONE)
    reg.ob_resolved = _dates(ot, "resolved", BIG)
    results = _col(ot, "result", None)
    reg.ob_has_result = np.fromiter((x is not None for x in results), dtype=bool, count=ot.n)
    reg.ob_upheld = np.fromiter(("upheld".__eq__(x) is True for x in results), dtype=bool, count=ot.n)

    reg.irregular = irregular
    return reg


def _amounts(t: _Table, k: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """An amount column in alliance order: given (not null), in yuan (0 when null or not whole yuan), and
    not whole yuan or negative — per distinct value, spread by the codes its check left (when it left them)."""
    if k not in t.cols:
        return np.zeros(t.n, dtype=bool), np.zeros(t.n, dtype=np.int64), np.zeros(t.n, dtype=bool)
    codes = t.codes.get(k)
    vals = list(t.uniq[k]) if codes is not None else list(dict.fromkeys(t.raw(k)))  # type: ignore[arg-type]
    us = [None if v is None else units(_dec(v)) for v in vals]
    has = np.array([v is not None for v in vals], dtype=bool)
    yuan = np.array([x or 0 for x in us], dtype=np.int64)
    bad = has & np.array([x is None or x < 0 for x in us], dtype=bool)
    if codes is None:
        of = {v: i for i, v in enumerate(vals)}
        raw = t.raw(k)
        codes = np.fromiter(map(of.__getitem__, raw), dtype=np.int64, count=t.n)  # type: ignore[arg-type]
    elif t.order is not None:
        codes = codes[t.order]
    if not len(vals):
        return np.zeros(t.n, dtype=bool), np.zeros(t.n, dtype=np.int64), np.zeros(t.n, dtype=bool)
    return has[codes], yuan[codes], bad[codes]


def _dec(v: Any) -> Decimal:
    return v if isinstance(v, Decimal) else Decimal(str(v))


class LazyFacts(Sequence[Facts]):
    """``Register.facts`` for a register built from tables: one alliance's :class:`Facts`, built when asked
    (the scalar path reads a few alliances; nothing is built for the others)."""

    def __init__(self, n: int, al: _Table, tabs: dict[str, _Table]):
        self.n, self.al, self.tabs = n, al, tabs
        self._starts_of: dict[str, np.ndarray] | None = None  # made when the first Facts is built
        self._cache: dict[int, Facts] = {}

    @property
    def _starts(self) -> dict[str, np.ndarray]:
        if self._starts_of is None:
            self._starts_of = {name: t.starts(self.n) for name, t in self.tabs.items()}
        return self._starts_of

    def __len__(self) -> int:
        return self.n

    def __iter__(self) -> Iterator[Facts]:
        return (self[i] for i in range(self.n))

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self.n))]
        i = int(i)
        if i < 0:
            i += self.n
        f = self._cache.get(i)
        if f is None:
            f = self._cache[i] = self._build(i)
        return f

    def _build(self, i: int) -> Facts:
        from ..facts import _build

        doc: dict[str, Any] = {k: v[i] for k, v in self.al.cols.items()}
        for name, t in self.tabs.items():
            s, e = int(self._starts[name][i]), int(self._starts[name][i + 1])
            keys = [k for k in t.cols if k != "alliance"]
            doc[name] = [{k: t.cols[k][t.row_of(j)] for k in keys} for j in range(s, e)]
        return _build(doc)
