"""A :class:`~policy.vector.columns.Register` built straight from columns, without a :class:`Facts` per alliance.

The caller (the register read with one query per table) hands plain columns — lists or arrays, one value per
row, dates as ``date.toordinal()`` — and gets the same register as ``Register(facts)`` would give for the
facts those rows describe (a test keeps the two equal). The facts of one alliance are rebuilt from the
columns only when the engine asks for them: the alliances it evaluates one by one (``Register.irregular``,
mechanisms without a kernel). Nothing here knows a database.

Tables (every key required unless marked optional):

* ``alliances``: ``id`` (str), ``kind`` (str), ``founded`` (ordinal, or ``NONE``), ``lead`` (str or None),
  ``flags`` (flag name → bool column over the alliances).
* ``members`` (rows grouped by alliance, in the alliances' order; within one alliance in any order — they
  are sorted by org id as the scalar path reads them, ties kept in the given order): ``alliance`` (row
  index into ``alliances``), ``org_id`` (str or int), ``kind``, ``role``, ``legal_person`` (bool),
  ``region_path`` (tuple of codes) — or ``region`` (any key) with ``paths`` (key → tuple of codes), so
  each path is built once —, ``chain_position`` (str or None), ``joined`` (ordinal, or ``NONE``),
  ``left`` (ordinal, or ``BIG`` while a member).
* ``levels`` (grouped by alliance, in the order the facts list them): ``alliance``, ``level``, ``since``
  (ordinal), ``jurisdiction`` (str), optional ``doc_no``, ``until`` (ordinal or ``BIG``),
  ``recommended_by``.
* ``achievements`` (grouped by alliance): ``alliance``, ``id`` (str), ``kind``, ``date`` (ordinal or
  ``NONE``), ``level`` (str or None), optional ``matter`` (str or None).

Facts the register read this way has none of (reports, grades, claims, payments, rectifications) are empty.
A missing ``lead`` is the first member in the role ``lead``, as :func:`policy.facts.facts_from_dict` reads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from ..types import LEVEL_RANK, Achievement, Facts, LevelRecord, Member
from .columns import BIG, NONE, Register, Vocab
from .grouped import lead_candidates, sort_within

Table = Mapping[str, Any]


def _i64(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=np.int64).reshape(-1)


def _col(t: Table, key: str, n: int, default: Any = None) -> list[Any]:
    v = t.get(key)
    return [default] * n if v is None else list(v)


def _date(o: int, missing: int) -> dt.date | None:
    return None if o == missing else dt.date.fromordinal(o)


class FactsOf(Sequence[Facts]):
    """``reg.facts`` of a register built from columns: one alliance's facts, rebuilt from them when asked."""

    def __init__(self, reg: Register, extra: dict[str, list[Any]]):
        self.reg, self.extra = reg, extra
        self._cache: dict[int, Facts] = {}

    def __len__(self) -> int:
        return self.reg.n

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        i = int(i)
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        f = self._cache.get(i)
        if f is None:
            f = self._cache[i] = self._build(i)
        return f

    def __iter__(self) -> Iterator[Facts]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def _build(self, i: int) -> Facts:
        r, x = self.reg, self.extra
        kinds, roles, paths = r.member_kind_vocab.values_list(), r.role_vocab.values_list(), r.path_vocab.values_list()
        chains = r.chain_vocab.values_list()
        members = []
        for k in range(int(r.m_start[i]), int(r.m_start[i + 1])):
            path = paths[r.m_path[k]]
            members.append(Member(
                org_id=r.m_org[k], kind=kinds[r.m_kind[k]], region=path[-1] if path else "", region_path=path,
                legal_person=bool(r.m_legal[k]), chain_position=chains[r.m_chain[k]], role=roles[r.m_role[k]],
                joined=_date(int(r.m_joined[k]), NONE), left=_date(int(r.m_left[k]), BIG)))
        jurs, recs = r.jur_vocab.values_list(), r.rec_vocab.values_list()
        rank = {v: k for k, v in LEVEL_RANK.items()}
        levels = tuple(
            LevelRecord(level=rank[int(r.lv_rank[k])], since=dt.date.fromordinal(int(r.lv_since[k])),
                        jurisdiction=jurs[r.lv_jur[k]], doc_no=x["lv_doc"][k],
                        until=_date(int(r.lv_until[k]), BIG), recommended_by=recs[r.lv_rec[k]])
            for k in np.nonzero(r.lv_all == i)[0].tolist())
        akinds, alevels = r.ach_kind_vocab.values_list(), r.ach_level_vocab.values_list()
        achievements = tuple(
            Achievement(id=r.ac_id[k], kind=akinds[r.ac_kind[k]], date=_date(int(r.ac_date[k]), NONE),
                        level=alevels[r.ac_level[k]], matter=x["ac_matter"][k])
            for k in np.nonzero(r.ac_all == i)[0].tolist())
        flags = frozenset(name for name, c in r.flag_vocab.items() if r.flags[i, c])
        return Facts(id=r.ids[i], kind=r.kind_vocab.values_list()[r.kind[i]],
                     founded=_date(int(r.founded[i]), NONE), lead=x["lead"][i], members=tuple(members),
                     levels=levels, flags=flags, achievements=achievements)


def register_from_columns(alliances: Table, members: Table, levels: Table, achievements: Table) -> Register:
    """The :class:`Register` of the alliances these columns describe (see the module docstring)."""
    reg = Register([])
    ids = [str(x) for x in alliances["id"]]
    n = reg.n = len(ids)
    reg.ids = ids
    irregular = np.zeros(n, dtype=bool)

    # ---- alliances
    reg.founded = _i64(alliances["founded"]) if n else np.zeros(0, dtype=np.int64)
    reg.has_founded = reg.founded != NONE
    reg.kind_vocab = Vocab()
    reg.kind = reg.kind_vocab.codes(list(alliances["kind"]))
    reg.flag_vocab = Vocab()
    flag_cols = [(name, np.asarray(col, dtype=bool).reshape(-1)) for name, col in alliances["flags"].items()]
    present = [(name, col) for name, col in flag_cols if col.any()]
    for name, _ in present:
        reg.flag_vocab.code(name)
    reg.flags = np.zeros((n, max(1, len(present))), dtype=bool)
    for c, (_, col) in enumerate(present):
        reg.flags[:, c] = col
    leads = [None if v is None else str(v) for v in _col(alliances, "lead", n)]
    m_all = _i64(members["alliance"])
    nm = len(m_all)
    orgs = np.asarray(members["org_id"]).astype(str).tolist() if nm else []
    if None in leads:  # as facts_from_dict: the first member in the lead role
        for i, o, ro in zip(m_all.tolist(), orgs, members["role"], strict=True):
            if leads[i] is None and ro == "lead":
                leads[i] = o

    # ---- members: sorted by org id within each alliance (stable: ties keep the given order), as the
    # records door sorts them (the same helpers)
    order = None if nm < 2 or not (m_all[1:] < m_all[:-1]).any() else np.argsort(m_all, kind="stable")
    if order is not None:
        m_all = m_all[order]
        orgs = [orgs[j] for j in order.tolist()]
    counts = np.bincount(m_all, minlength=n) if nm else np.zeros(n, dtype=np.int64)
    reg.m_start = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    within, orgs, dup = sort_within(m_all, orgs, reg.m_start)
    if within is not None:
        order = within if order is None else order[within]
    reg.m_all = m_all
    reg.m_org = orgs

    def take(col: Any) -> np.ndarray:
        return col if order is None else col[order]

    reg.member_kind_vocab = Vocab()
    reg.m_kind = take(reg.member_kind_vocab.codes(list(members["kind"])))
    reg.role_vocab = Vocab()
    reg.m_role = take(reg.role_vocab.codes(list(members["role"])))
    reg.m_legal = take(np.asarray(members["legal_person"], dtype=bool).reshape(-1))
    reg.path_vocab = Vocab()
    if "region_path" in members:
        reg.m_path = take(reg.path_vocab.codes([tuple(p) for p in members["region_path"]]))
    else:  # a region per member and each region's path: coded by region, then by path
        regions = Vocab()
        by_region = regions.codes(list(members["region"]))
        paths = members["paths"]
        remap = reg.path_vocab.codes([tuple(paths[r]) for r in regions])
        reg.m_path = take(remap[by_region]) if nm else by_region
    reg.chain_vocab = Vocab()
    reg.m_chain = take(reg.chain_vocab.codes(list(members["chain_position"])))
    reg.m_joined = take(_i64(members["joined"]))
    reg.m_left = take(_i64(members["left"]))
    dups = set(m_all[dup].tolist()) if dup.any() else set()
    reg.m_lead_cand = lead_candidates(orgs, reg.m_start, leads, dups)
    irregular[list(dups)] = True  # the same organisation twice in one alliance: the scalar path, whole

    # ---- level records
    nl = len(levels["alliance"])
    reg.lv_all = _i64(levels["alliance"])
    reg.lv_rank = np.array([LEVEL_RANK[v] for v in levels["level"]], dtype=np.int64)
    reg.lv_since = _i64(levels["since"])
    reg.lv_until = _i64(_col(levels, "until", nl, BIG))
    reg.jur_vocab = Vocab()
    reg.lv_jur = reg.jur_vocab.codes([str(v or "") for v in levels["jurisdiction"]])
    reg.rec_vocab = Vocab()
    reg.lv_rec = reg.rec_vocab.codes(_col(levels, "recommended_by", nl))

    # ---- achievements
    na = len(achievements["alliance"])
    reg.ac_all = _i64(achievements["alliance"])
    reg.ac_id = [str(v) for v in achievements["id"]]
    reg.ach_kind_vocab = Vocab()
    reg.ac_kind = reg.ach_kind_vocab.codes(list(achievements["kind"]))
    reg.ac_date = _i64(achievements["date"])
    reg.ach_level_vocab = Vocab()
    reg.ac_level = reg.ach_level_vocab.codes(list(achievements["level"]))
    ac_matter = _col(achievements, "matter", na)
    bad = [i for i, m in zip(reg.ac_all.tolist(), ac_matter, strict=True) if m is not None]
    if na:  # a matter, or an id twice in one alliance
        ids_ = np.asarray(reg.ac_id, dtype=str)
        o = np.lexsort((ids_, reg.ac_all))
        a_, i_ = reg.ac_all[o], ids_[o]
        bad += a_[1:][(a_[1:] == a_[:-1]) & (i_[1:] == i_[:-1])].tolist()
    irregular[bad] = True

    reg.irregular = irregular
    extra = {"lead": leads, "lv_doc": _col(levels, "doc_no", nl), "ac_matter": ac_matter}
    reg.facts = FactsOf(reg, extra)  # type: ignore[assignment]  # a read-only Sequence[Facts]
    return reg

