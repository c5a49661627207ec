"""Loading the shipped reference data (regions, bureaus, catalogues) into the database.

Called by data migrations with historical models, and by ``manage.py load_reference_data`` to
re-sync after the data files change. Idempotent: rows are created or updated by their key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db.models import F

from itisa.register.regions_data import load_regions_csv
from itisa.register.regions_history import RegionChanges, diff_rows

DATA_DIR = Path(__file__).resolve().parent / "data"


def _path_for(code: str, by_code: dict[str, dict[str, Any]]) -> str:
    chain = [code]
    parent = by_code[code]["parent_code"]
    while parent:
        chain.append(parent)
        parent = by_code[parent]["parent_code"]
    return "/".join(reversed(chain))


def _current_code(code: str, by_code: dict[str, dict[str, Any]]) -> str:
    """Follow successors to the code in force today (chains end: see regions_history)."""
    seen = {code}
    while by_code[code]["successor_code"] and by_code[code]["valid_to"]:
        code = by_code[code]["successor_code"]
        if code in seen:
            break
        seen.add(code)
    return code


def region_rows(region_model: Any) -> dict[str, dict[str, Any]]:
    """The regions in the database as rows of the regions.csv format."""
    fields = ("code", "name", "level", "parent_id", "valid_from", "valid_to", "successor_id")
    return {
        r["code"]: {
            "code": r["code"],
            "name": r["name"],
            "level": r["level"],
            "parent_code": r["parent_id"] or "",
            "valid_from": r["valid_from"],
            "valid_to": r["valid_to"],
            "successor_code": r["successor_id"] or "",
        }
        for r in region_model.objects.values(*fields)
    }


def sync_regions(region_model: Any, rows: list[dict[str, Any]] | None = None) -> RegionChanges:
    """Bring the table in line with *rows* (default: the shipped regions.csv), updating rows in place
    (organisations, alliances and bureaus point at them) and never deleting one. Bulk queries only:
    the test database is migrated on every run."""
    if rows is None:
        rows = load_regions_csv(DATA_DIR / "regions.csv")
    by_code = {row["code"]: row for row in rows}
    existing = region_rows(region_model)
    changes = diff_rows(existing, by_code)
    has_current_path = any(f.name == "current_path" for f in region_model._meta.get_fields())
    objs = {}
    for row in rows:
        values = {
            "name": row["name"],
            "level": row["level"],
            "parent_id": row["parent_code"] or None,
            "path": _path_for(row["code"], by_code),
            "valid_from": row.get("valid_from") or "",
            "valid_to": row.get("valid_to") or "",
            "successor_id": row.get("successor_code") or None,
        }
        if has_current_path:
            values["current_path"] = _path_for(_current_code(row["code"], by_code), by_code)
        objs[row["code"]] = region_model(code=row["code"], **values)
    fields = ["name", "level", "parent_id", "path", "valid_from", "valid_to", "successor_id"]
    # Foreign keys are deferred (checked at commit), so self-references may point forward.
    region_model.objects.bulk_create([objs[c] for c in changes.new], batch_size=1000)
    touched = {c for c, _ in changes.retired} | {c for c, _, _ in changes.renamed} | set(changes.changed)
    region_model.objects.bulk_update([objs[c] for c in sorted(touched)], fields, batch_size=500)
    if has_current_path:
        region_model.objects.filter(valid_to="").exclude(current_path=F("path")).update(current_path=F("path"))
        stale = [
            obj
            for code, current in region_model.objects.exclude(valid_to="").values_list("code", "current_path")
            if (obj := objs.get(code)) is not None and obj.current_path != current
        ]
        region_model.objects.bulk_update(stale, ["current_path"], batch_size=500)
    return changes


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
