"""Two versions of the code, the same main pages, interleaved: the Django test client signed in as
``bench_staff`` (bench/run_load.py) against the database DATABASE_URL names; per page the median wall and CPU
milliseconds (``time.process_time``) over every round, the query count, and the load average.

    git archive <old commit> | tar -x -C /tmp/old
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/itisa_dash .venv/bin/python bench/pages_paired.py \
        --old /tmp/old [--rounds 6] [--each 5] cases dashboard

Each round runs one process per version (old, then new; the order alternates), each warming every page once
and then timing it ``--each`` times: the machine's load falls on both alike."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = {"register": "/register/", "alliances": "/work/alliances/", "cases": "/work/", "dashboard": "/dashboards/",
         "home": "/"}


def measure(root: str, pages: list[str], each: int, user: str = "bench_staff") -> dict[str, list[tuple[float, float, int]]]:
    """In a process of its own: (wall ms, cpu ms, queries) per timed request of each page, code from *root*."""
    sys.path.insert(0, root)
    os.chdir(root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ITISA_MODE", "demo")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    import itisa

    if not str(Path(itisa.__file__).resolve()).startswith(str(Path(root).resolve())):
        raise SystemExit(f"itisa imported from {itisa.__file__}, not {root}")
    from itisa.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=user))
    out: dict[str, list[tuple[float, float, int]]] = {}
    for name in pages:
        if client.get(PAGES[name]).status_code != 200:  # warm, and a page that fails is not timed
            raise SystemExit(f"{name}: not 200")
        for _ in range(each):
            with CaptureQueriesContext(connection) as ctx:
                t, c = time.perf_counter(), time.process_time()
                client.get(PAGES[name])
                wall, cpu = time.perf_counter() - t, time.process_time() - c
            out.setdefault(name, []).append((wall * 1000, cpu * 1000, len(ctx.captured_queries)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--old", required=True, help="the tree of the former code (e.g. from git archive)")
    ap.add_argument("--new", default=str(ROOT))
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--each", type=int, default=5)
    ap.add_argument("--user", default="bench_staff", help="the signed-in user (bench_staff: bench/run_load.py)")
    ap.add_argument("--measure", help=argparse.SUPPRESS)
    ap.add_argument("pages", nargs="*", default=["cases", "dashboard"])
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.pages, args.each, args.user)))
        return
    samples: dict[tuple[str, str], list[tuple[float, float, int]]] = {}
    loads = []
    for i in range(args.rounds):
        for label in (("old", "new") if i % 2 == 0 else ("new", "old")):
            root = args.old if label == "old" else args.new
            cmd = [sys.executable, __file__, "--old", args.old, "--measure", root, "--each", str(args.each),
                   "--user", args.user, *args.pages]
            done = subprocess.run(cmd, capture_output=True, text=True, check=True)  # noqa: S603 - this script
            for page, rows in json.loads(done.stdout.strip().splitlines()[-1]).items():
                samples.setdefault((page, label), []).extend(rows)
            loads.append(os.getloadavg()[0])
    print(f"{args.user}: median of {args.rounds} × {args.each} requests per version, interleaved; "
          f"load average {min(loads):.1f}–{max(loads):.1f}")
    print("| page | before: wall ms (CPU ms) | queries | after: wall ms (CPU ms) | queries |")
    print("|---|---|---|---|---|")
    for page in args.pages:
        cells = []
        for label in ("old", "new"):
            rows = samples[(page, label)]
            cells += [f"{statistics.median(r[0] for r in rows):.1f} ({statistics.median(r[1] for r in rows):.1f})",
                      str(rows[-1][2])]
        print(f"| {page} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
