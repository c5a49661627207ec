"""The dashboard's figures with the bureau scope given as a list of ids (read once) or as a sub-query, per
bureau, interleaved: where the list stops paying. Against the database DATABASE_URL names (e.g. the load
database of docs/benchmarks.md "Web throughput"); makes one bureau-staff user per bureau (``bench_dash_…``).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/itisa_load .venv/bin/python bench/dashboard_scope.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ITISA_MODE", "test")


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from itisa.accounts.models import RoleAssignment, User
    from itisa.dashboards import selectors
    from itisa.dashboards.views import _tables
    from itisa.register.models import Jurisdiction

    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--sizes", default="", help="e.g. 50,200,500,1000: the national scope cut to its first K "
                    "alliances (one id bound, pk <= the K-th id), both ways: where the list stops paying")
    ap.add_argument("bureaus", nargs="*", default=["most", "henan-kjt", "luoyang-kjj", "jiangning-kjj"])
    args = ap.parse_args()
    today = timezone.localdate()
    print(f"{connection.vendor}; median of {args.repeat}, interleaved; wall ms (cpu ms)", flush=True)
    for code in args.bureaus:
        jur = Jurisdiction.objects.get(code=code)
        user, _ = User.objects.get_or_create(username=f"bench_dash_{code}", defaults={"full_name": "压测职员"})
        RoleAssignment.objects.get_or_create(user=user, role="bureau_staff", jurisdiction=jur)

        def page(limit: int, user=user) -> int:
            scope = selectors.scope_of(user, ids_at_most=limit)
            _tables(scope)
            selectors.deadline_counts(scope, today)
            selectors.deadlines_overdue(scope, today)
            selectors.deadlines_coming(scope, today)
            return len(scope.ids) if scope.ids is not None else -1

        times: dict[str, list[tuple[float, float]]] = {"ids": [], "sub": []}
        n = page(10**9)  # warm-up; the size of the scope
        page(0)
        for _ in range(args.repeat):
            for kind, limit in (("ids", 10**9), ("sub", 0)):
                t, c = time.perf_counter(), time.process_time()
                page(limit)
                times[kind].append((time.perf_counter() - t, time.process_time() - c))

        def med(kind: str, times=times) -> str:
            return (f"{1000 * statistics.median(w for w, _ in times[kind]):7.1f} "
                    f"({1000 * statistics.median(c for _, c in times[kind]):5.1f})")

        print(f"{code:14} {n:6d} alliances in scope  ids {med('ids')}  sub-query {med('sub')}  "
              f"load {os.getloadavg()[0]:.1f}", flush=True)


    if args.sizes:
        sizes(args, today)


def sizes(args, today) -> None:
    from itisa.access import visible_to
    from itisa.accounts.models import User
    from itisa.dashboards import selectors
    from itisa.dashboards.views import _tables

    user = User.objects.get(username="bench_dash_most")
    full = visible_to(user, "dashboards.view_alliance").order_by()
    all_ids = sorted(full.values_list("pk", flat=True).distinct())
    for k in (int(x) for x in args.sizes.split(",")):
        cut = full.filter(pk__lte=all_ids[k - 1])

        def page(kind: str, cut=cut) -> None:
            scope = (selectors.Scope(user, tuple(sorted(cut.values_list("pk", flat=True).distinct())))
                     if kind == "ids" else selectors.Scope(user, None, cut.values("pk")))
            _tables(scope)
            selectors.deadline_counts(scope, today)
            selectors.deadlines_overdue(scope, today)
            selectors.deadlines_coming(scope, today)

        times: dict[str, list[tuple[float, float]]] = {"ids": [], "sub": []}
        page("ids")
        page("sub")
        for _ in range(args.repeat):
            for kind in ("ids", "sub"):
                t, c = time.perf_counter(), time.process_time()
                page(kind)
                times[kind].append((time.perf_counter() - t, time.process_time() - c))
        w = {kd: 1000 * statistics.median(x for x, _ in v) for kd, v in times.items()}
        c = {kd: 1000 * statistics.median(y for _, y in v) for kd, v in times.items()}
        print(f"national cut to {k:5d}  ids {w['ids']:7.1f} ({c['ids']:5.1f})  sub-query {w['sub']:7.1f} "
              f"({c['sub']:5.1f})  load {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
