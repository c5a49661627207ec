"""How the list of divisions changes from one year to the next (pure Python, no Django).

Used by ``scripts/build_regions.py`` to build ``data/regions.csv`` and by
``manage.py load_reference_data --regions FILE`` to apply next year's list. Rows are the dicts of
:mod:`itisa.register.regions_data` (``code, name, level, parent_code, valid_from, valid_to,
successor_code``). A code is never deleted: a code that leaves the list is retired and names a
successor, so a credit code issued under it still answers "is this in our region".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KEEP = frozenset({"100000", "710000"})  # added by hand; not in every published list
SUFFIX = re.compile(r"(自治县|自治州|自治旗|地区|林区|特区|矿区|新区|区|县|市|盟|旗)$")


def name_stem(name: str) -> str:
    """孟津县 → 孟津: the part of a name that survives 县→区, 县→市, 地区→市 reforms."""
    return SUFFIX.sub("", name) or name


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    return "prefecture" if code.endswith("00") else "county"


def parent_of(code: str, rows: dict[str, dict]) -> str:
    """A county sits under its prefecture when that exists, else (直辖市, 省直辖县) under the province."""
    level = level_of(code)
    if level == "province":
        return ""
    prefecture = code[:4] + "00"
    if level == "county" and prefecture in rows:
        return prefecture
    return code[:2] + "0000"


def _year(value: str) -> int:
    return int(value[:4]) if value else 1980


def derive_successor(row: dict, rows: dict[str, dict], _seen: frozenset[str] = frozenset()) -> str:
    """The successor of a retired code: a code of the same province in force after the retirement
    with the same name, else the same name stem (taking effect within a year of it), else the
    nearest ancestor still in force. Retirement years strictly increase along a chain, so chains end."""
    code, retired = row["code"], _year(row["valid_to"])
    later = [
        r
        for r in rows.values()
        if r["code"][:2] == code[:2] and r["code"] != code and (not r["valid_to"] or _year(r["valid_to"]) > retired)
    ]
    for same in (lambda r: r["name"] == row["name"], lambda r: name_stem(r["name"]) == name_stem(row["name"])):
        found = [r for r in later if same(r) and abs(_year(r["valid_from"]) - retired) <= 1]
        if found:
            found.sort(key=lambda r: (bool(r["valid_to"]), r["code"][:4] != code[:4], r["code"]))
            return str(found[0]["code"])
    parent = row["parent_code"]
    while parent and parent not in _seen:
        prow = rows[parent]
        if not prow["valid_to"]:
            return str(parent)
        parent = prow["successor_code"] or derive_successor(prow, rows, _seen | {code})
    return code[:2] + "0000"


@dataclass
class RegionChanges:
    """What a new list changes: codes added, retired (with successor), renamed (old → new name)."""

    new: list[str] = field(default_factory=list)
    retired: list[tuple[str, str]] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # any other field (years, parent, successor)

    def __bool__(self) -> bool:
        return bool(self.new or self.retired or self.renamed or self.changed)


def apply_year_list(rows: dict[str, dict], current: dict[str, str], year: str) -> dict[str, dict]:
    """Rows after the list *current* (code → name, complete for the country) takes effect in *year*.

    Codes absent from it are retired in *year*; new codes start in *year*; a code that comes back
    is in force again. Special codes not part of GB/T 2260 lists (100000) are kept as they are."""
    out = {code: dict(row) for code, row in rows.items()}
    for code, name in current.items():
        row = out.get(code)
        if row is None:
            out[code] = {
                "code": code,
                "name": name,
                "level": level_of(code),
                "parent_code": "",
                "valid_from": year,
                "valid_to": "",
                "successor_code": "",
            }
        else:
            row.update(name=name, valid_to="", successor_code="")
    for code, row in out.items():
        if not row["parent_code"] and row["level"] != "province":
            row["parent_code"] = parent_of(code, out)
    for code, row in out.items():
        if code not in current and not row["valid_to"] and code not in KEEP:
            row["valid_to"] = year
    for row in out.values():
        if row["valid_to"] and not row["successor_code"]:
            row["successor_code"] = derive_successor(row, out)
    return out


def diff_rows(old: dict[str, dict], new: dict[str, dict]) -> RegionChanges:
    changes = RegionChanges()
    for code in sorted(new):
        row, before = new[code], old.get(code)
        if before is None:
            changes.new.append(code)
            continue
        if row["valid_to"] and not before["valid_to"]:
            changes.retired.append((code, row["successor_code"]))
        if row["name"] != before["name"]:
            changes.renamed.append((code, before["name"], row["name"]))
        elif not (row["valid_to"] and not before["valid_to"]) and any(
            row[k] != before[k] for k in ("level", "parent_code", "valid_from", "valid_to", "successor_code")
        ):
            changes.changed.append(code)
    return changes
