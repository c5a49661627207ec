"""Where a main page spends its time: the Django test client against the database DATABASE_URL names,
signed in as ``bench_staff`` (made by bench/run_load.py); per page the mean time, the number of queries and
the slowest queries. ``.venv/bin/python bench/profile_pages.py [page ...]``; ``--compare``: one page of each
main list read in one query (before) and in two narrow ones (``page_rows``, now), interleaved."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ITISA_MODE", "demo")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from itisa.accounts.models import User  # noqa: E402

PAGES = {"register": "/register/", "alliances": "/work/alliances/", "cases": "/work/", "dashboard": "/dashboards/",
         "home": "/"}


def compare(repeat: int = 7) -> None:
    """One page of each main list read the former way (one query: joins, sort, cut) and the new way
    (``page_rows``: the ids, then the rows), interleaved; median milliseconds."""
    import statistics

    from itisa.access import visible_to
    from itisa.core.listing import page_rows
    from itisa.public.selectors import public_alliances
    from itisa.staff import selectors as sel

    user = User.objects.get(username="bench_staff")
    lists = {
        "register": public_alliances().order_by("name"),
        "alliances": sel.work_alliances(user).order_by("name", "pk"),
        "cases": sel.work_cases(user).select_related("alliance__lead").order_by("-updated_at", "-pk"),
        "home": visible_to(user, "register.view_alliance").order_by("-updated_at", "-pk"),
    }
    print("| list | one query (ms) | ids, then rows (ms) |")
    print("|---|---|---|")
    for name, qs in lists.items():
        old, new = [], []
        for _ in range(repeat):
            t = time.perf_counter()
            list(qs[:25])
            old.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            page_rows(qs, 0, 25)
            new.append((time.perf_counter() - t) * 1000)
        print(f"| {name} | {statistics.median(old):.1f} | {statistics.median(new):.1f} |", flush=True)


def main() -> None:
    if sys.argv[1:] == ["--compare"]:
        compare()
        return
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="bench_staff"))
    for name in sys.argv[1:] or list(PAGES):
        client.get(PAGES[name])  # warm
        times = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                response = client.get(PAGES[name])
                times.append((time.perf_counter() - t) * 1000)
        slow = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:3]
        print(f"{name}: {response.status_code} {sum(times) / len(times):.0f} ms, {len(ctx.captured_queries)} queries")
        for q in slow:
            print(f"   {float(q['time']) * 1000:.0f} ms  {q['sql'][:300]}")


if __name__ == "__main__":
    main()
