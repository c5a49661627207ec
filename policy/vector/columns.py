"""A register of alliances as columns: the one-off, cacheable conversion of many :class:`Facts` to numpy arrays.

Nothing here depends on a pack or a date: every table keeps the facts as they are (codes for strings,
``date.toordinal()`` for dates, int64 in 1/10000 万元 — one yuan — for amounts), and the pack/date-specific
readings (active members, in-region, recognised since …) are computed by :mod:`policy.vector.kernels`.

Alliances whose facts the kernels do not cover exactly (an explicit ``matter`` on a claim, an item, or a
payment; duplicate ids; an amount finer than a yuan; a negative amount) are marked ``irregular``; the
batch path evaluates them one by one through the scalar path, so a result is always complete.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import numpy as np

from ..types import LEVEL_RANK, Facts

BIG = 1 << 40  # an ordinal after any date
NONE = -(1 << 40)  # an ordinal before any date
UNIT = Decimal(10000)  # 1/10000 万元 = one yuan


class Vocab(dict[Any, int]):
    """Values → dense codes, in order of first appearance."""

    def code(self, v: Any) -> int:
        c = self.get(v)
        if c is None:
            c = self[v] = len(self)
        return c

    def codes(self, values: Iterable[Any]) -> np.ndarray:
        vals = values if isinstance(values, list) else list(values)
        for v in dict.fromkeys(vals):
            if v not in self:
                self[v] = len(self)
        return np.fromiter(map(self.__getitem__, vals), dtype=np.int32, count=len(vals))

    def values_list(self) -> list[Any]:
        return list(self)

    def lookup(self, wanted: Iterable[Any]) -> np.ndarray:
        """A boolean table over the codes: True for the codes of ``wanted``."""
        w = set(wanted)
        return np.array([v in w for v in self], dtype=bool) if self else np.zeros(0, dtype=bool)


def _ord(d: Any, missing: int = NONE) -> int:
    return missing if d is None else d.toordinal()


def units(x: Decimal | None) -> int | None:
    """An amount in 万元 as an integer number of yuan, or None when it is not a whole number of yuan."""
    if x is None:
        return None
    u = x * UNIT
    i = int(u)
    return i if i == u else None


class Register:
    """Columns of many alliances' facts (see the module docstring)."""

    def __init__(self, facts: Sequence[Facts]):
        self.facts = list(facts)
        fs = self.facts
        n = self.n = len(fs)
        self.ids = [f.id for f in fs]
        irregular = np.zeros(n, dtype=bool)

        # ---- alliances
        self.founded = np.array([_ord(f.founded) for f in fs], dtype=np.int64)
        self.has_founded = self.founded != NONE
        self.kind_vocab = Vocab()
        self.kind = self.kind_vocab.codes(f.kind for f in fs)
        self.flag_vocab = Vocab()
        pairs = [(i, self.flag_vocab.code(x)) for i, f in enumerate(fs) for x in f.flags]
        self.flags = np.zeros((n, max(1, len(self.flag_vocab))), dtype=bool)
        if pairs:
            a = np.array(pairs, dtype=np.int64)
            self.flags[a[:, 0], a[:, 1]] = True

        # ---- members, sorted by org id within each alliance (the order Ctx.members reads them in)
        def _org(m: Any) -> str:
            return m.org_id

        ms_by = [sorted(f.members, key=_org) if len(f.members) > 1 else f.members for f in fs]
        counts = np.array([len(x) for x in ms_by], dtype=np.int64)
        self.m_start = np.concatenate(([0], np.cumsum(counts)))
        ms = [m for x in ms_by for m in x]
        self.m_all = np.repeat(np.arange(n, dtype=np.int64), counts)
        self.m_org = [m.org_id for m in ms]  # for the matters of per-member payments
        self.member_kind_vocab = Vocab()
        self.m_kind = self.member_kind_vocab.codes(m.kind for m in ms)
        self.role_vocab = Vocab()
        self.m_role = self.role_vocab.codes(m.role for m in ms)
        self.m_legal = np.array([m.legal_person for m in ms], dtype=bool)
        self.path_vocab = Vocab()
        self.m_path = self.path_vocab.codes(m.region_path for m in ms)
        self.chain_vocab = Vocab()
        self.m_chain = self.chain_vocab.codes(m.chain_position for m in ms)
        self.m_joined = np.array([NONE if m.joined is None else m.joined.toordinal() for m in ms], dtype=np.int64)
        self.m_left = np.array([BIG if m.left is None else m.left.toordinal() for m in ms], dtype=np.int64)
        leads = [f.lead for f in fs]
        self.m_lead_cand = np.array(
            [(m.org_id == leads[i]) if leads[i] is not None else (m.role == "lead")
             for i, m in zip(self.m_all.tolist(), ms, strict=True)], dtype=bool)
        irregular |= np.array([len({m.org_id for m in x}) != len(x) for x in ms_by], dtype=bool)  # duplicate ids

        # ---- level records
        lv = [(i, r) for i, f in enumerate(fs) for r in f.levels]
        self.lv_all = np.array([i for i, _ in lv], dtype=np.int64)
        self.lv_rank = np.array([LEVEL_RANK[r.level] for _, r in lv], dtype=np.int64)
        self.lv_since = np.array([_ord(r.since) for _, r in lv], dtype=np.int64)
        self.lv_until = np.array([_ord(r.until, BIG) for _, r in lv], dtype=np.int64)
        self.jur_vocab = Vocab()
        self.lv_jur = self.jur_vocab.codes(r.jurisdiction for _, r in lv)
        self.rec_vocab = Vocab()
        self.lv_rec = self.rec_vocab.codes(r.recommended_by for _, r in lv)

        # ---- achievements
        ac = [(i, a) for i, f in enumerate(fs) for a in f.achievements]
        self.ac_all = np.array([i for i, _ in ac], dtype=np.int64)
        self.ac_id = [a.id for _, a in ac]
        self.ach_kind_vocab = Vocab()
        self.ac_kind = self.ach_kind_vocab.codes(a.kind for _, a in ac)
        self.ac_date = np.array([_ord(a.date) for _, a in ac], dtype=np.int64)
        self.ach_level_vocab = Vocab()
        self.ac_level = self.ach_level_vocab.codes(a.level for _, a in ac)
        for i, f in enumerate(fs):
            if f.achievements and (any(a.matter is not None for a in f.achievements)
                                   or len({a.id for a in f.achievements}) != len(f.achievements)):
                irregular[i] = True

        # ---- grades
        gr = [(i, g) for i, f in enumerate(fs) for g in f.grades]
        self.gr_all = np.array([i for i, _ in gr], dtype=np.int64)
        self.gr_year = np.array([g.year for _, g in gr], dtype=np.int64)
        self.grade_vocab = Vocab()
        self.gr_grade = self.grade_vocab.codes(g.grade for _, g in gr)
        self.report_kind_vocab = Vocab()  # shared by reports and grade kinds (a duty's report_kind names both)
        self.gr_kind = self.report_kind_vocab.codes(g.kind for _, g in gr)
        self.gr_date = np.array([_ord(g.date) for _, g in gr], dtype=np.int64)

        # ---- reports
        rp = [(i, r) for i, f in enumerate(fs) for r in f.reports]
        self.rp_all = np.array([i for i, _ in rp], dtype=np.int64)
        self.rp_kind = self.report_kind_vocab.codes(r.kind for _, r in rp)
        self.rp_year = np.array([NONE if r.year is None else r.year for _, r in rp], dtype=np.int64)
        self.rp_filed = np.array([_ord(r.filed) for _, r in rp], dtype=np.int64)

        # ---- events (claims and dated happenings)
        ev = [(i, e) for i, f in enumerate(fs) for e in f.events]
        self.ev_all = np.array([i for i, _ in ev], dtype=np.int64)
        self.ev_id = [e.id for _, e in ev]
        self.event_kind_vocab = Vocab()
        self.ev_kind = self.event_kind_vocab.codes(e.kind for _, e in ev)
        self.ev_date = np.array([_ord(e.date) for _, e in ev], dtype=np.int64)
        self.ev_year = np.array([NONE if e.year is None else e.year for _, e in ev], dtype=np.int64)
        base = [units(e.base) for _, e in ev]
        dec = [units(e.decided) for _, e in ev]
        self.ev_has_base = np.array([e.base is not None for _, e in ev], dtype=bool)
        self.ev_base = np.array([b or 0 for b in base], dtype=np.int64)
        self.ev_has_decided = np.array([e.decided is not None for _, e in ev], dtype=bool)
        self.ev_decided = np.array([d or 0 for d in dec], dtype=np.int64)
        self.ev_payee = [e.payee for _, e in ev]
        rows: dict[int, dict[str, int]] = {}  # Ctx.member(org id), for the alliances whose claims name a payee
        payee_row = []
        for i, e in ev:
            if e.payee is None:
                payee_row.append(-1)
                continue
            row = rows.get(i)
            if row is None:
                b = int(self.m_start[i])
                row = rows[i] = {m.org_id: b + k for k, m in enumerate(ms_by[i])}
            payee_row.append(row.get(e.payee, -1))
        self.ev_payee_row = np.array(payee_row, dtype=np.int64)
        self.ev_flag_vocab = Vocab()
        epairs = [(k, self.ev_flag_vocab.code(x)) for k, (_, e) in enumerate(ev) for x in e.flags]
        self.ev_flags = np.zeros((len(ev), max(1, len(self.ev_flag_vocab))), dtype=bool)
        if epairs:
            a = np.array(epairs, dtype=np.int64)
            self.ev_flags[a[:, 0], a[:, 1]] = True
        for k, (i, e) in enumerate(ev):
            bk, dk = base[k], dec[k]
            if e.matter is not None or (e.base is not None and (bk is None or bk < 0)) \
                    or (e.decided is not None and (dk is None or dk < 0)):
                irregular[i] = True
        for i, f in enumerate(fs):
            if len(f.events) > 1 and len({e.id for e in f.events}) != len(f.events):
                irregular[i] = True

        # ---- payments
        pm = [(i, p) for i, f in enumerate(fs) for p in f.payments]
        self.pm_all = np.array([i for i, _ in pm], dtype=np.int64)
        self.pm_amount = np.array([units(p.amount) or 0 for _, p in pm], dtype=np.int64)
        self.pm_date = np.array([_ord(p.date) for _, p in pm], dtype=np.int64)
        self.pm_year = np.array([p.year if p.year is not None else (p.date.year if p.date else NONE)
                                 for _, p in pm], dtype=np.int64)
        self.pm_rule_vocab = Vocab()
        self.pm_rule = self.pm_rule_vocab.codes(p.rule for _, p in pm)
        self.article_vocab = Vocab()
        self.pm_article = self.article_vocab.codes(p.article for _, p in pm)
        self.pm_no_source = np.array([p.source is None for _, p in pm], dtype=bool)
        for i, p in pm:
            if p.matter is not None or units(p.amount) is None:
                irregular[i] = True

        # ---- rectifications
        rc = [(i, r) for i, f in enumerate(fs) for r in f.rectifications]
        self.rc_all = np.array([i for i, _ in rc], dtype=np.int64)
        self.rc_ordered = np.array([_ord(r.ordered) for _, r in rc], dtype=np.int64)
        self.rc_failed = np.array([r.result == "fail" for _, r in rc], dtype=bool)

        # ---- objections to a public notice
        ob = [(i, o) for i, f in enumerate(fs) for o in f.objections]
        self.ob_all = np.array([i for i, _ in ob], dtype=np.int64)
        self.ob_raised = np.array([_ord(o.raised) for _, o in ob], dtype=np.int64)
        self.ob_resolved = np.array([_ord(o.resolved, BIG) for _, o in ob], dtype=np.int64)
        self.ob_has_result = np.array([o.result is not None for _, o in ob], dtype=bool)
        self.ob_upheld = np.array([o.result == "upheld" for _, o in ob], dtype=bool)

        self.irregular = irregular

    # ------------------------------------------------------------------------------ helpers
    def flag(self, name: str) -> np.ndarray:
        c = self.flag_vocab.get(name)
        return self.flags[:, c] if c is not None else np.zeros(self.n, dtype=bool)

    def ev_flag(self, name: str) -> np.ndarray:
        c = self.ev_flag_vocab.get(name)
        return self.ev_flags[:, c] if c is not None else np.zeros(len(self.ev_all), dtype=bool)

    @classmethod
    def from_dicts(cls, data: Iterable[dict[str, Any]]) -> Register:
        from ..facts import facts_from_dict

        return cls([facts_from_dict(d) for d in data])
