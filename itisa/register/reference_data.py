"""Loading the shipped reference data (regions, bureaus, catalogues) into the database.

Called by data migrations with historical models, and by ``manage.py load_reference_data`` to
re-sync after the data files change. Idempotent: rows are created or updated by their key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from itisa.register.regions_data import load_regions_csv

DATA_DIR = Path(__file__).resolve().parent / "data"


def _path_for(code: str, by_code: dict[str, dict[str, Any]]) -> str:
    chain = [code]
    parent = by_code[code]["parent_code"]
    while parent:
        chain.append(parent)
        parent = by_code[parent]["parent_code"]
    return "/".join(reversed(chain))


def sync_regions(region_model: Any) -> int:
    rows = load_regions_csv(DATA_DIR / "regions.csv")
    by_code = {row["code"]: row for row in rows}
    # Parents first, successors afterwards: both are self-references.
    ordered = sorted(rows, key=lambda r: _path_for(r["code"], by_code).count("/"))
    for row in ordered:
        region_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "level": row["level"],
                "parent_id": row["parent_code"] or None,
                "path": _path_for(row["code"], by_code),
                "valid_from": row.get("valid_from") or "",
                "valid_to": row.get("valid_to") or "",
            },
        )
    for row in rows:
        region_model.objects.filter(code=row["code"]).update(successor_id=row.get("successor_code") or None)
    return len(rows)


def sync_jurisdictions(jurisdiction_model: Any, field_model: Any, region_model: Any) -> int:
    data = yaml.safe_load((DATA_DIR / "jurisdictions.yaml").read_text(encoding="utf-8"))
    count = 0
    for item in data["jurisdictions"]:
        parent = jurisdiction_model.objects.get(code=item["parent"]) if item.get("parent") else None
        juris, _ = jurisdiction_model.objects.update_or_create(
            code=item["code"],
            defaults={
                "name": item["name"],
                "level": item["level"],
                "region_id": item.get("region"),
                "parent": parent,
                "policy_pack": item.get("policy_pack", ""),
            },
        )
        count += 1
        for entry in item.get("catalogue", []):
            field_model.objects.update_or_create(
                jurisdiction=juris,
                code=entry["code"],
                defaults={
                    "name": entry["name"],
                    "article": entry.get("article", ""),
                    "named_in_text": entry.get("named_in_text", True),
                },
            )
    for parent_code, region_code in data["county_bureaus_under"].items():
        parent = jurisdiction_model.objects.get(code=parent_code)
        for region in region_model.objects.filter(parent_id=region_code, level="county", valid_to=""):
            jurisdiction_model.objects.update_or_create(
                code=f"{region.code}-kjj",
                defaults={
                    "name": f"{region.name}科学技术局",
                    "level": "district",
                    "region": region,
                    "parent": parent,
                },
            )
            count += 1
    return count
