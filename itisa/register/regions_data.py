"""Loader/validator for ``data/regions.csv`` (GB/T 2260 administrative divisions).

Pure Python: no Django import, so it can be used from migrations, management
commands, data generators and plain pytest alike.

File format (UTF-8, header row)::

    code,name,level,parent_code,valid_from,valid_to,successor_code

* ``code``            six ASCII digits, unique in the file
* ``level``           ``province`` | ``prefecture`` | ``county``
* ``parent_code``     empty for provinces, otherwise a code present in the file
                      whose level is higher than the row's own level
* ``valid_from`` / ``valid_to``  empty, a year (``2021``) or an ISO date
                      (``2021-03-01``); ``valid_to`` marks a retired code
* ``successor_code``  empty, or a code present in the file; a retired code
                      must name its successor, a current code must not

See ``data/REGIONS_PROVENANCE.md`` for where the data comes from.
"""

from __future__ import annotations

import csv
import datetime
import re
from pathlib import Path

__all__ = [
    "COLUMNS",
    "DEFAULT_PATH",
    "LEVELS",
    "RegionsDataError",
    "load_regions_csv",
]

COLUMNS = (
    "code",
    "name",
    "level",
    "parent_code",
    "valid_from",
    "valid_to",
    "successor_code",
)
LEVELS = ("province", "prefecture", "county")
_LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
_CODE_RE = re.compile(r"[0-9]{6}\Z")
_YEAR_RE = re.compile(r"[0-9]{4}\Z")

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "regions.csv"


class RegionsDataError(ValueError):
    """The regions file is malformed; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        shown = "\n".join(self.errors[:50])
        more = f"\n... and {len(self.errors) - 50} more" if len(self.errors) > 50 else ""
        super().__init__(f"{len(self.errors)} problem(s) in regions data:\n{shown}{more}")


def _check_date(value: str) -> bool:
    if _YEAR_RE.match(value):
        return True
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _year(value: str) -> int:
    return int(value[:4])


def load_regions_csv(path: str | Path = DEFAULT_PATH) -> list[dict]:
    """Parse and validate the regions CSV; return one dict per row, in file order.

    Each dict has exactly the keys in :data:`COLUMNS`; every value is a
    ``str`` (empty string for "none"). Raises :class:`RegionsDataError` listing
    *all* problems if the file is invalid (unique codes, known levels, every
    parent exists and sits at a higher level, every successor exists, retired
    codes have a successor, dates are years or ISO dates and not reversed).
    """
    path = Path(path)
    errors: list[str] = []
    rows: list[dict] = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = tuple(reader.fieldnames or ())
        if header != COLUMNS:
            raise RegionsDataError([f"header is {header!r}, expected {COLUMNS!r}"])
        for lineno, raw in enumerate(reader, start=2):
            if None in raw or any(v is None for v in raw.values()):
                errors.append(f"line {lineno}: wrong number of fields")
                continue
            row = {k: (raw[k] or "").strip() for k in COLUMNS}
            row["_line"] = lineno
            rows.append(row)

    by_code: dict[str, dict] = {}
    for row in rows:
        where = f"line {row['_line']} ({row['code'] or '?'})"
        code = row["code"]
        if not _CODE_RE.match(code):
            errors.append(f"{where}: code must be 6 digits")
        if code in by_code:
            errors.append(f"{where}: duplicate code (first at line {by_code[code]['_line']})")
        else:
            by_code[code] = row
        if not row["name"]:
            errors.append(f"{where}: empty name")
        if row["level"] not in _LEVEL_RANK:
            errors.append(f"{where}: level {row['level']!r} not one of {LEVELS}")
        for field in ("valid_from", "valid_to"):
            if row[field] and not _check_date(row[field]):
                errors.append(f"{where}: {field} {row[field]!r} is not a year or ISO date")

    for row in rows:
        where = f"line {row['_line']} ({row['code']})"
        level, parent = row["level"], row["parent_code"]
        if level == "province":
            if parent:
                errors.append(f"{where}: a province must not have a parent")
        elif level in _LEVEL_RANK:
            if not parent:
                errors.append(f"{where}: {level} needs a parent_code")
            elif parent not in by_code:
                errors.append(f"{where}: parent {parent} not in file")
            else:
                prow = by_code[parent]
                if _LEVEL_RANK.get(prow["level"], 99) >= _LEVEL_RANK[level]:
                    errors.append(f"{where}: parent {parent} is {prow['level']}, not above {level}")
                if parent[:2] != row["code"][:2]:
                    errors.append(f"{where}: parent {parent} is in another province")
        succ, valid_to = row["successor_code"], row["valid_to"]
        if succ:
            if succ not in by_code:
                errors.append(f"{where}: successor {succ} not in file")
            elif succ == row["code"]:
                errors.append(f"{where}: successor is the code itself")
            if not valid_to:
                errors.append(f"{where}: successor given but code not retired (no valid_to)")
        elif valid_to:
            errors.append(f"{where}: retired code (valid_to={valid_to}) has no successor_code")
        vf = row["valid_from"]
        if vf and valid_to and _check_date(vf) and _check_date(valid_to) and _year(valid_to) < _year(vf):
            errors.append(f"{where}: valid_to {valid_to} before valid_from {vf}")

    # successor chains must terminate (no cycles)
    for row in rows:
        seen = {row["code"]}
        cur = row["successor_code"]
        while cur and cur in by_code:
            if cur in seen:
                errors.append(f"line {row['_line']} ({row['code']}): successor chain loops at {cur}")
                break
            seen.add(cur)
            cur = by_code[cur]["successor_code"]

    if errors:
        raise RegionsDataError(errors)
    for row in rows:
        del row["_line"]
    return rows
