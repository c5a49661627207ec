"""Memory of a 50,000-row export (issue 15 §4: "adds < 50 MB to a worker's memory").

Exports the member list's eight columns (itisa.leadunit.views.MEMBERS) over every membership of the
synthetic register, cut at 50,000 rows, the way a list page does: CSV through the streamed response, the
workbook through ``xlsx_write`` into a temporary file (the background task's path). Reports the peak Python
allocation (tracemalloc) and the growth of the process's peak RSS, for the values_list path and, for
comparison, the row-object path the exports used before (same columns read as ``lambda obj: ...``).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/itisa_load .venv/bin/python bench/export_memory.py [rows]

Each measurement runs in its own process, so one's peak does not hide the next one's."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ITISA_MODE", "demo")


def measure(kind: str, path: str, rows: int) -> None:
    import django

    django.setup()
    from django.utils import translation

    from itisa.core.exports import csv_response, xlsx_write
    from itisa.core.listing import Column, export_rows
    from itisa.leadunit.views import MEMBERS
    from itisa.register.models import Membership

    translation.activate("zh-hans")
    columns = list(MEMBERS.columns)
    if path == "objects":  # the former path: one model object per row, labels asked per row
        columns = [
            Column(c.label, value=(lambda f: lambda m: _walk(m, f))(c.fields[0])) for c in columns]
    queryset = Membership.objects.select_related("organisation__region").order_by("pk")
    headers = [str(c.label) for c in columns]
    list(Membership.objects.values_list("pk")[:10])  # connection and app registry warm before measuring
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    if kind == "csv":
        response = csv_response("members", headers, export_rows(queryset, columns, limit=rows))
        size = sum(len(chunk) for chunk in response.streaming_content)
        written = rows
    else:
        with tempfile.TemporaryFile() as fh:
            written = xlsx_write(fh, "members", headers, export_rows(queryset, columns, limit=rows))
            size = fh.tell()
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base_rss
    print(f"| {kind} | {path} | {written:,} | {size / 1e6:.1f} MB | {elapsed:.1f} s | {peak / 1e6:.1f} MB | "
          f"{grown / 1024:.1f} MB |", flush=True)


def _walk(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part) if obj is not None else None
    return obj


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        measure(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    print("| export | rows read as | rows | file | time | tracemalloc peak | peak RSS growth |")
    print("|---|---|---|---|---|---|---|")
    for kind in ("csv", "xlsx"):
        for path in ("values_list", "objects"):
            subprocess.run([sys.executable, __file__, "--one", kind, path, str(rows)], check=True)  # noqa: S603


if __name__ == "__main__":
    main()
