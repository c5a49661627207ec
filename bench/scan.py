"""The daily deadline scan over a whole register: the former per-alliance scan against the batch scan.

    ITISA_MODE=test ITISA_DATA_DIR=$PWD/var/scanbench .venv/bin/python manage.py migrate
    ITISA_MODE=test ITISA_DATA_DIR=$PWD/var/scanbench .venv/bin/python manage.py generate_register --alliances 2000
    ITISA_MODE=test ITISA_DATA_DIR=$PWD/var/scanbench .venv/bin/python bench/scan.py [--repeat 1] [--on 2024-12-16]

Two cases, each path in a transaction rolled back afterwards so both start from the same rows:
"first" — no Deadline row stored yet (every row is created, every reminder logged); "next day" — the day
after a committed scan of *on* (the daily case: most rows unchanged, some change status). The paths run
interleaved (old, new, old, new …) and their stored rows, notices and run counts are compared. E-mails go
out after commit, so neither path's sending is timed (it is the same per e-mail on both). Printed: wall time
(``perf_counter``), CPU time (``process_time``), queries, and the load average before and after. The former
path is kept verbatim as the test oracle ``itisa/supervision/tests/legacy_scan.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ITISA_MODE", "test")


class _Rollback(Exception):
    pass


def _people() -> None:
    """A lead-unit office per alliance and a bureau's staff member per jurisdiction, with e-mail addresses
    (the generated register has no users), so that both paths look up and log reminders."""
    from itisa.accounts.models import Role, RoleAssignment, User
    from itisa.register.models import Alliance, Jurisdiction

    if RoleAssignment.objects.exists():
        return
    users = User.objects.bulk_create(
        [User(username=f"lead{pk}", email=f"lead{pk}@example.cn") for pk in Alliance.objects.values_list("pk", flat=True)]
        + [User(username=f"staff{pk}", email=f"staff{pk}@example.cn") for pk in Jurisdiction.objects.values_list("pk", flat=True)])
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=u, role=Role.LEAD_UNIT, alliance_id=int(u.username[4:])) for u in users if u.username[:4] == "lead"]
        + [RoleAssignment(user=u, role=Role.BUREAU_STAFF, jurisdiction_id=int(u.username[5:])) for u in users
           if u.username[:5] == "staff"])


def main() -> None:
    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # nothing printed or sent
    from django.db import connection, transaction

    from itisa.supervision.models import Deadline, Notification, ScanRun
    from itisa.supervision.services import deadlines_scan
    from itisa.supervision.tasks import SCAN
    from itisa.supervision.tests import legacy_scan
    from itisa.supervision.tests.test_scan_batch import _snapshot

    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--on", default="2024-12-16")
    args = ap.parse_args()
    on = dt.date.fromisoformat(args.on)
    paths = {"old": lambda day: legacy_scan.deadlines_scan(actor=SCAN, on=day),
             "new": lambda day: deadlines_scan(actor=SCAN, on=day)}
    count = [0]

    def counting(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        count[0] += 1
        return execute(sql, params, many, context)

    def timed(path: str, day: dt.date) -> tuple[float, float, int, tuple, tuple]:
        out: list = []
        try:
            with transaction.atomic(), connection.execute_wrapper(counting):
                count[0] = 0
                t, c = time.perf_counter(), time.process_time()
                run = paths[path](day)
                out = [time.perf_counter() - t, time.process_time() - c, count[0]]
                out += [_snapshot(), (run.alliances, run.deadlines_created, run.deadlines_changed, run.notifications)]
                raise _Rollback
        except _Rollback:
            pass
        return tuple(out)  # type: ignore[return-value]

    def case(name: str, day: dt.date) -> None:
        loads = [os.getloadavg()[0]]
        seen: dict[str, list] = {"old": [], "new": []}
        for _ in range(args.repeat):
            for path in ("old", "new"):
                seen[path].append(timed(path, day))
        loads.append(os.getloadavg()[0])
        same = all(o[3:] == n[3:] for o, n in zip(seen["old"], seen["new"], strict=True))
        counts = seen["new"][0][4]
        print(f"{name} ({day}): {counts[0]} alliances, {counts[1]} rows created, {counts[2]} changed, "
              f"{counts[3]} notices; identical={same}; load {loads[0]:.1f} → {loads[1]:.1f}")
        for path in ("old", "new"):
            for wall, cpu, queries, *_ in seen[path]:
                print(f"  {path}: {wall:7.2f} s wall, {cpu:7.2f} s CPU, {queries} queries")

    _people()
    with transaction.atomic():
        Notification.objects.all().delete()
        Deadline.objects.all().delete()
        ScanRun.objects.all().delete()
    case("first scan", on)
    deadlines_scan(actor=SCAN, on=on)  # committed: the state the next day's scan starts from
    case("next day", on + dt.timedelta(days=1))


if __name__ == "__main__":
    main()
