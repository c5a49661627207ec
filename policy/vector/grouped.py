"""Rows grouped by alliance (the member rows and the small tables of a :class:`~policy.vector.columns.Register`):
the order within each alliance, duplicates, list positions and the lead — shared by both doors to the columns
(:mod:`policy.vector.records`, checked tables, and :mod:`policy.vector.direct`, the app's own columns)."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from itertools import islice
from typing import Any

import numpy as np

__all__ = ["dup_ids", "dup_within", "index_in", "lead_candidates", "rank_in_group", "sort_within"]


def index_in(keys: Any, x: Any, s: int, e: int) -> int:
    """``keys.index(x, s, e)`` for a list or a numpy object array of the ids (ValueError when absent)."""
    if isinstance(keys, np.ndarray):
        return keys[s:e].tolist().index(x) + s
    return int(keys.index(x, s, e))


def dup_within(a: np.ndarray, keys: Any) -> np.ndarray:
    """Rows (in alliance order, sorted within the alliance) equal to the previous row of the same alliance."""
    if len(keys) < 2:
        return np.zeros(len(keys), dtype=bool)
    if isinstance(keys, np.ndarray):
        eq = np.asarray(keys[1:] == keys[:-1], dtype=bool)
    else:
        eq = np.fromiter(map(operator.eq, keys[1:], keys[:-1]), dtype=bool, count=len(keys) - 1)
    same = eq & (a[1:] == a[:-1])
    return np.concatenate(([False], same))


def dup_ids(a: np.ndarray, ids: Sequence[Any], n: int) -> np.ndarray:
    """Alliances with two rows of the same id (small tables: a set per alliance that has more than one row)."""
    out = np.zeros(n, dtype=bool)
    counts = np.bincount(a, minlength=n)
    multi = np.nonzero(counts > 1)[0]
    if len(multi):
        st = np.searchsorted(a, multi)
        for i, s in zip(multi.tolist(), st.tolist(), strict=True):
            c = int(counts[i])
            if len(set(ids[s:s + c])) != c:
                out[i] = True
    return out


def rank_in_group(a: np.ndarray, n: int) -> np.ndarray:
    """0, 1, 2 … within each alliance's rows (the list index in the facts format)."""
    st = np.searchsorted(a, np.arange(n))
    return np.arange(len(a), dtype=np.int64) - st[a] if len(a) else np.zeros(0, dtype=np.int64)


def sort_within(ma: np.ndarray, orgs: Any, st: np.ndarray) -> tuple[np.ndarray | None, Any, np.ndarray]:
    """Member rows (grouped by alliance: ``ma``, group starts ``st``) sorted by org id within their alliance,
    stably, as ``Register`` reads them: the order (None when already sorted: one comparison pass finds out),
    the org ids in that order, and the rows equal to the previous one of their alliance (duplicates).
    ``orgs``: a list, or a numpy object array of text (compared in numpy's loop)."""
    if len(orgs) < 2:
        return None, orgs, np.zeros(len(orgs), dtype=bool)
    # a row not after the previous one of its alliance is out of order or a duplicate
    if isinstance(orgs, np.ndarray):
        le = np.asarray(orgs[1:] <= orgs[:-1], dtype=bool)
    else:
        le = np.fromiter(map(operator.le, islice(orgs, 1, None), orgs), dtype=bool, count=len(orgs) - 1)
    le &= ma[1:] == ma[:-1]
    if not le.any():
        return None, orgs, np.zeros(len(orgs), dtype=bool)
    order = np.arange(len(orgs), dtype=np.int64)
    for i in np.unique(ma[1:][le]).tolist():
        s, e = int(st[i]), int(st[i + 1])
        order[s:e] = sorted(range(s, e), key=orgs.__getitem__)
    orgs = orgs[order] if isinstance(orgs, np.ndarray) else [orgs[j] for j in order.tolist()]
    return order, orgs, dup_within(ma, orgs)


def lead_candidates(orgs: Any, st: np.ndarray, leads: Sequence[Any], dups: set[int]) -> np.ndarray:
    """Member rows (sorted within their alliance) whose org is the alliance's lead: the first such row, or
    every such row in an alliance with duplicate org ids (``dups``; the scalar path decides those)."""
    n = len(leads)
    cand = np.zeros(len(orgs), dtype=bool)
    found: list[int] = []
    starts, ends = st[:-1].tolist(), st[1:].tolist()
    # most leads sort first among their members: those are found in one comparison each, the others searched
    nonempty = st[:-1] < st[1:]
    at = np.minimum(st[:-1], max(len(orgs) - 1, 0))
    firsts = (orgs[at].tolist() if isinstance(orgs, np.ndarray) else list(map(orgs.__getitem__, at.tolist()))) \
        if len(orgs) else [None] * n
    at_first = np.fromiter(map(operator.eq, firsts, leads), dtype=bool, count=n) & nonempty
    if dups:
        at_first[list(dups)] = False
    cand[st[:-1][at_first]] = True
    for i in np.flatnonzero(~at_first).tolist():
        x, s, e = leads[i], starts[i], ends[i]
        if x is None or s == e:
            continue
        if i in dups:
            cand[s:e] = [o == x for o in orgs[s:e]]
            continue
        try:
            found.append(index_in(orgs, x, s, e))
        except ValueError:
            pass
    cand[found] = True
    return cand
