"""Re-sync regions, bureaus and catalogues from itisa/register/data, or apply next year's list of
divisions (``--regions FILE``) and report what changed. Rows are updated in place, never deleted:
organisations, alliances and bureaus point at them."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from itisa.register.models import IndustryField, Jurisdiction, Region
from itisa.register.reference_data import region_rows, sync_jurisdictions, sync_regions
from itisa.register.regions_data import COLUMNS, RegionsDataError, load_regions_csv
from itisa.register.regions_history import RegionChanges, apply_year_list

_LIST_LINE = re.compile(r"^\s*([0-9]{6})[\s,，\t]+(\S+)\s*$")


def read_year_list(path: Path) -> dict[str, str]:
    """A yearly list as 民政部 publishes it: one ``code name`` (or ``code,name``) per line."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        match = _LIST_LINE.match(line)
        if match:
            out[match.group(1)] = match.group(2)
    if not out:
        raise CommandError(f"{path}: no lines of the form '<6-digit code> <name>'")
    return out


class Command(BaseCommand):
    help = (
        "Load or update the shipped reference data (GB/T 2260 regions, bureaus, industry catalogues). "
        "With --regions FILE: apply a regions file — either the regions.csv format (full history) or a "
        "yearly list of '<code> <name>' lines, which takes effect in --year — and report new, retired "
        "and renamed codes. --dry-run reports without saving."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--regions", type=Path, help="regions.csv-format file or a yearly list")
        parser.add_argument("--year", help="year a yearly list takes effect (required for a yearly list)")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        path: Path | None = opts["regions"]
        with transaction.atomic():
            if path is None:
                changes = sync_regions(Region)
                bureaus = sync_jurisdictions(Jurisdiction, IndustryField, Region)
                self.stdout.write(f"{Region.objects.count()} regions, {bureaus} jurisdictions loaded")
            else:
                changes = sync_regions(Region, self._rows(path, opts["year"]))
            self._report(changes)
            if opts["dry_run"]:
                transaction.set_rollback(True)
                self.stdout.write("dry run: nothing saved")

    def _rows(self, path: Path, year: str | None) -> list[dict]:
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header = tuple(next(csv.reader(fh), ()))
        try:
            if header == COLUMNS:
                return load_regions_csv(path)
            if not year or not re.fullmatch(r"[0-9]{4}", year):
                raise CommandError("a yearly list needs --year YYYY (the year it takes effect)")
            rows = apply_year_list(region_rows(Region), read_year_list(path), year)
            ordered = [rows[code] for code in sorted(rows)]
            return ordered
        except RegionsDataError as exc:
            raise CommandError(str(exc)) from None

    def _report(self, changes: RegionChanges) -> None:
        names = dict(Region.objects.values_list("code", "name"))
        for code in changes.new:
            self.stdout.write(f"new      {code} {names.get(code, '')}")
        for code, successor in changes.retired:
            self.stdout.write(f"retired  {code} {names.get(code, '')} → {successor} {names.get(successor, '')}")
        for code, old, new in changes.renamed:
            self.stdout.write(f"renamed  {code} {old} → {new}")
        self.stdout.write(
            f"{len(changes.new)} new, {len(changes.retired)} retired, {len(changes.renamed)} renamed, "
            f"{len(changes.changed)} otherwise changed"
        )
