"""The tables of :func:`policy.vector.records.register_from_records`: their columns, read and checked.

A table is a mapping column → values, or :class:`Rows` (``values_list`` rows read in place). Each column is
checked with the facts format's own specs (:mod:`policy.facts_schema`), once per distinct value; see
:mod:`policy.vector.records` and ADR 0018.
"""

from __future__ import annotations

import gc
import operator
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from typing import Any

import numpy as np

from ..errors import FactsError, Problem
from ..facts_schema import ALLIANCE
from ..spec import Bool, ListOf, Money, OneOf, Spec, Text, Year

__all__ = ["MAX_PROBLEMS", "TABLES", "Rows", "gc_paused", "table_from_rows"]

#: table → the facts format's spec of one of its rows
TABLES: dict[str, Any] = {"alliances": ALLIANCE, **{k: ALLIANCE.fields[k].item for k in (  # type: ignore[attr-defined]
    "members", "levels", "achievements", "reports", "grades", "events", "payments", "rectifications", "objections")}}
MAX_PROBLEMS = 100


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector held off while the columns are built: they make no cycles, and each
    collection their allocations trigger walks the young million-item lists for nothing (3–5 % of the
    conversion's CPU at 100,000 alliances). Restored as it was, also on an error."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def table_from_rows(fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> dict[str, Sequence[Any]]:
    """Rows of tuples (``values_list``) as a table of columns."""
    return {f: list(map(operator.itemgetter(k), rows)) for k, f in enumerate(fields)}


@dataclass(frozen=True)
class Rows:
    """A table given as rows, as ``values_list`` gives them: ``fields`` names the positions of each row's
    values; ``columns`` adds whole columns (e.g. ``alliance`` when the rows do not carry it). Each column is
    read straight from the rows, without a list per column."""

    fields: Sequence[str]
    rows: Sequence[Sequence[Any]]
    columns: Mapping[str, Sequence[Any]] = field(default_factory=dict)

    def as_columns(self) -> dict[str, Sequence[Any]]:
        rows = self.rows if isinstance(self.rows, (list, tuple)) else list(self.rows)
        return {**{f: _RowColumn(rows, j) for j, f in enumerate(self.fields)}, **self.columns}


class _RowColumn(Sequence[Any]):
    """Position ``j`` of every row, read in place (iteration is one C-level pass)."""

    def __init__(self, rows: Sequence[Sequence[Any]], j: int):
        self.rows, self.j = rows, j

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Any]:
        return map(operator.itemgetter(self.j), self.rows)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [r[self.j] for r in self.rows[i]]
        return self.rows[i][self.j]


class _Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.more = 0

    def add(self, p: Problem) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(p)
        else:
            self.more += 1

    def raise_if_any(self) -> None:
        if self.items:
            out = list(self.items)
            if self.more:
                out.append(Problem("", f"另有 {self.more} 处问题未列出", f"{self.more} more problems not listed"))
            raise FactsError(out)


class _Table:
    """One table: its columns checked, its rows in alliance order (stable) with their alliance index."""

    def __init__(self, name: str, cols: Mapping[str, Sequence[Any]] | Rows, ids: dict[Any, int] | None,
                 out: _Problems, n_al: int | None = None):
        self.name, self.spec = name, TABLES[name]
        if isinstance(cols, Rows):
            cols = cols.as_columns()
        self.uniq: dict[str, dict[Any, Any]] = {}  # distinct values of a checked column
        self.codes: dict[str, np.ndarray] = {}  # … and the column as their codes (in order of first appearance)
        self.pre: dict[str, tuple[_AutoCodes, np.ndarray]] = {}  # coded by precode()
        self.arrays: dict[str, np.ndarray] = {}  # a checked boolean column
        self.types: dict[str, set[type]] = {}  # the types of a checked id column
        self.frozen: dict[str, list[tuple[Any, ...]]] = {}  # a checked list column, as tuples
        self.cols: dict[str, Any] = {k: (v if isinstance(v, (list, tuple, _RowColumn)) or (k == "alliance" and isinstance(v, np.ndarray))
                         else list(v)) for k, v in cols.items()}
        lens = {len(v) for v in self.cols.values()}
        self.ok = True
        if len(lens) > 1:
            out.add(Problem(name, f"各列长度不一：{sorted(lens)}", f"columns of different lengths: {sorted(lens)}"))
            self.ok, self.n = False, 0
            return
        self.n = lens.pop() if lens else 0
        spec = self.spec
        for k in self.cols:
            if k == "alliance" and ids is not None:
                continue
            if k not in spec.fields and not spec.extra:
                out.add(Problem(f"{name}.{k}", f"未知的列 {k!r}；可用的列：{'、'.join(spec.fields)}",
                                f"unknown column {k!r}; known columns: {', '.join(spec.fields)}"))
                self.ok = False
        if self.n:
            for k in spec.required:
                if k not in self.cols:
                    out.add(Problem(f"{name}.{k}", "缺少必填列", "required column, missing"))
                    self.ok = False
            if spec.either and not any(k in self.cols for k in spec.either):
                out.add(Problem(f"{name}.{spec.either[0]}", "缺少必填列", "required column, missing"))
                self.ok = False
        if ids is None:
            self.a = np.arange(self.n, dtype=np.int64)
            self.order = None
            return
        if self.n and "alliance" not in self.cols:
            out.add(Problem(f"{name}.alliance", "缺少必填列：所属联盟的 id", "required column, missing: the alliance's id"))
            self.ok = False
        col = self.cols.get("alliance", ())
        if n_al is None:  # the number of alliances (ids may name one by its raw and its text id)
            n_al = len(set(ids.values()))
        try:
            if isinstance(col, np.ndarray) and col.dtype.kind in "iu":  # positions in the alliances table
                a = col.astype(np.int64, copy=False)
                if len(a) and (a.min() < 0 or a.max() >= n_al):
                    raise KeyError
            else:
                a = _alliance_index(col, ids)
        except (KeyError, TypeError):
            if isinstance(col, np.ndarray) and col.dtype.kind in "iu":
                col = [int(x) if 0 <= x < n_al else f"#{x}" for x in col.tolist()]
                ids = {i: i for i in range(n_al)}
            a = np.fromiter((ids.get(x, ids.get(str(x), -1)) if _hashable(x) else -1 for x in col),
                            dtype=np.int64, count=len(col))
            for k in np.nonzero(a < 0)[0][:20]:
                out.add(Problem(f"{name}[{k}].alliance", f"没有 id 为 {col[k]!r} 的联盟",
                                f"no alliance with id {col[k]!r}"))
            self.ok = False
        if len(a) > 1 and (a[1:] < a[:-1]).any():
            self.order = np.argsort(a, kind="stable")
            self.a = a[self.order]
        else:
            self.order, self.a = None, a

    def raw(self, k: str) -> Sequence[Any] | None:
        """Column ``k`` in alliance order, or None when the table has no such column."""
        c = self.cols.get(k)
        if c is None:
            return None
        return c if self.order is None else [c[i] for i in self.order.tolist()]

    def row_of(self, j: int) -> int:
        """The row in the table as given, for a row in alliance order."""
        return j if self.order is None else int(self.order[j])

    def starts(self, n: int) -> np.ndarray:
        return np.searchsorted(self.a, np.arange(n + 1), side="left")

    def check(self, k: str, out: _Problems) -> None:
        """The door's check of column ``k``, once per distinct value (per row only where a value cannot be
        hashed, or a bool or a float could hide among equal ints or decimals)."""
        spec: Spec = self.spec.fields[k]
        col = self.cols[k]
        if isinstance(spec, Bool):
            if k in self.pre:  # coded with the other columns of the rows: only the types are left to read
                if set(map(type, col)) == {bool}:
                    auto, codes = self.pre[k]
                    self.arrays[k] = np.array(list(auto), dtype=bool)[codes]
                    return
                return self._per_row(k, spec, col, out)
            arr = np.array(col if isinstance(col, list) else list(col), dtype=object if not col else None)
            if arr.dtype == bool and arr.ndim == 1:
                self.arrays[k] = arr
                return
            return self._per_row(k, spec, col, out)
        if isinstance(spec, Text) and not spec.pattern:  # ids and names: millions of distinct values
            if isinstance(col, _RowColumn):  # read once, for the checks and the register, into an array of the
                # values: unlike a list of millions of ids, it is nothing the garbage collector walks
                col = self.cols[k] = np.fromiter(col, dtype=object, count=len(col))
            types = set(map(type, col))  # then the longest by len() (cheaper than one pass of str.__len__)
            if types <= {str} | ({int} if spec.numbers else set()) | ({type(None)} if spec.nullable else set()):
                strs = col if types <= {str} else [v for v in col if type(v) is str]
                if max(map(len, strs), default=0) <= spec.max_length:
                    self.types[k] = types
                    return
        as_tuples = False  # a list column coded by its rows as tuples
        try:
            if k in self.pre:
                auto, codes = self.pre[k]
            else:
                auto = _AutoCodes()
                codes = np.fromiter(map(auto.__getitem__, col), dtype=np.int32, count=len(col))
            u: dict[Any, Any] = auto
        except TypeError:  # lists (flags) or a mapping where a value was expected
            if isinstance(spec, ListOf) and set(map(type, col)) <= {list, tuple}:
                try:  # coded as read, for the register's flag matrix; the tuples die as they are coded (kept,
                    # 100,000 of them cost the next garbage collection more than making them)
                    auto = _AutoCodes()
                    codes = np.fromiter(map(auto.__getitem__, map(tuple, col)), dtype=np.int32, count=len(col))
                    u, as_tuples = auto, True
                except TypeError:
                    col = self.frozen[k] = list(map(tuple, col))
                    return self._per_row(k, spec, col, out)
            else:
                return self._per_row(k, spec, col, out)
        kt = set(map(type, u))
        if kt & {int, bool, float, Decimal}:  # 1 == True == 1.0 == Decimal(1): the first one hides the others
            types = set(map(type, col))
            if bool in types or (float in types and isinstance(spec, Money)):
                return self._per_row(k, spec, col, out)
        self.uniq[k] = u
        if u is auto:
            self.codes[k] = codes
        bad: dict[Any, list[Problem]] = {}
        if isinstance(spec, Money) and spec.passes_all(u):
            return
        for v in u:
            found: list[Problem] = []
            spec.check(v, "", found)
            if found:
                bad[v] = found
        if bad:
            for i, v in enumerate(map(tuple, col) if as_tuples else col):
                for p in bad.get(v, ()):
                    out.add(Problem(f"{self.name}[{i}].{k}{p.path}", p.zh, p.en))

    def precode(self) -> None:
        """Columns of few values read from the same rows (kinds, roles, regions, legal person …) coded in one
        pass over the rows, by their combination; each column's codes are then a numpy lookup of the
        combination's. (A boolean column's types are still read per row in :meth:`check`: ``1 == True``.)"""
        ks = [k for k, c in self.cols.items() if isinstance(c, _RowColumn) and k in self.spec.fields
              and (isinstance(self.spec.fields[k], (OneOf, Year, Bool)) or getattr(self.spec.fields[k], "pattern", None))]
        if len(ks) < 2:
            return
        cols = [c for c in (self.cols[k] for k in ks) if isinstance(c, _RowColumn)]
        rows = cols[0].rows
        if any(c.rows is not rows for c in cols):
            return
        combos = _AutoCodes()
        js = [c.j for c in cols]
        # adjacent positions of tuples: a slice of each row (cheaper than picking the values one by one)
        adjacent = js == list(range(js[0], js[-1] + 1)) and all(type(r) is tuple for r in rows[:1])
        key = operator.itemgetter(slice(js[0], js[-1] + 1)) if adjacent else operator.itemgetter(*js)
        try:
            combo = np.fromiter(map(combos.__getitem__, map(key, rows)), dtype=np.int32, count=len(rows))
        except TypeError:
            return  # a value that cannot be hashed: column by column
        keys = list(combos)
        for p, k in enumerate(ks):
            auto = _AutoCodes()
            of_combo = np.fromiter((auto[t[p]] for t in keys), dtype=np.int32, count=len(keys))
            # codes as narrow as the column's distinct values allow: a quarter of the memory (and of the
            # fresh pages a conversion touches) for a few kinds or roles over millions of rows
            self.pre[k] = (auto, of_combo.astype(code_dtype(len(auto)))[combo])

    def _per_row(self, k: str, spec: Spec, col: Sequence[Any], out: _Problems) -> None:
        for i, v in enumerate(col):
            found: list[Problem] = []
            spec.check(v, f"{self.name}[{i}].{k}", found)
            for p in found:
                out.add(p)


def code_dtype(n: int) -> Any:
    """The narrowest signed integer type for codes 0 … n - 1 (codes are only ever looked up)."""
    return np.int8 if n <= 1 << 7 else np.int16 if n <= 1 << 15 else np.int32


class _AutoCodes(dict[Any, int]):
    """Value → code, a new value getting the next code: one pass over a column gives its distinct values and
    its codes."""

    def __missing__(self, k: Any) -> int:
        c = self[k] = len(self)
        return c


def _alliance_index(col: Sequence[Any], ids: dict[Any, int]) -> np.ndarray:
    """The alliance of each row: looked up once per run of rows naming the same id object (rows come grouped)."""
    m = len(col)
    if m < 2:
        return np.fromiter(map(ids.__getitem__, col), dtype=np.int64, count=m)
    new = np.fromiter(map(operator.is_not, islice(col, 1, None), col), dtype=bool, count=m - 1)
    starts = np.concatenate(([0], np.flatnonzero(new) + 1))
    if len(starts) * 2 > m:
        return np.fromiter(map(ids.__getitem__, col), dtype=np.int64, count=m)
    heads = np.fromiter(map(ids.__getitem__, map(col.__getitem__, starts.tolist())), dtype=np.int64,
                        count=len(starts))
    return np.repeat(heads, np.diff(np.append(starts, m)))


def _hashable(x: Any) -> bool:
    try:
        hash(x)
    except TypeError:
        return False
    return True
