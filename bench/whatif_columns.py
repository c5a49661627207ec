"""The finance what-if end to end from the database: the former batch path (rows → facts → columns) against
the columnar path (rows → columns, ADR 0017), cold (cache emptied) and warm (columns cached per register
version).

    export ITISA_DATA_DIR=/tmp/whatif          # or DATABASE_URL=postgres://…
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py generate_register --alliances 10000
    .venv/bin/python bench/whatif_columns.py [--repeat 3] [--on 2024-06-30]

Per case and repeat, interleaved: former, columnar cold, columnar warm; the three results are compared
(every field of the simulation). With ``--write`` (it writes to the database: one audited alliance edit per
repeat, undone by the next), also "after a write": the edit, the background warm-up run as the task worker
runs it (``itisa.funding.tasks.warm_register_columns``; its time is reported apart, as "worker"), then the
what-if in a process that has not prepared the new version (this process's prepared registers dropped): the
version, the columns from the shared cache, prepare, both evaluations. Wall time (``perf_counter``) and CPU
time (``process_time``) are printed, with the load average. ``whole register`` runs the Jiangning text over every alliance of the
register (the 10,000-alliance target); the other cases are the bureaus' scopes as the page runs them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ITISA_MODE", "test")  # read-only: no demo secret is needed


def main() -> None:
    import django

    django.setup()
    from decimal import Decimal

    from django.db import connection

    from itisa.funding import engine_io
    from itisa.funding.selectors import _simulation_scope, simulate_prepared
    from itisa.register import columns_bulk
    from itisa.register.facts_bulk import facts_of_alliances
    from itisa.register.models import Alliance, Jurisdiction
    from policy.api import batch, facts_from_dict

    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--on", default="2024-06-30")
    ap.add_argument("--write", action="store_true", help="also time the what-if after an audited write")
    ap.add_argument("--no-former", action="store_true", help="skip the former path (slow)")
    args = ap.parse_args()
    from itisa.access import system
    from itisa.funding.tasks import warm_register_columns
    from itisa.register.services import alliance_update

    actor = system("benchmark write", "register.edit_alliance")
    edited = Alliance.objects.order_by("pk").first()
    base_staff = edited.full_time_staff
    on = dt.date.fromisoformat(args.on)
    cases = [
        ("whole register", None, "320115-jiangning/2019", {"jiangning.recognition_award.district": Decimal("40")}),
        ("jiangning-kjj", "jiangning-kjj", "320115-jiangning/2019",
         {"jiangning.recognition_award.district": Decimal("40")}),
        ("henan-kjt", "henan-kjt", "410000-henan/2013", {}),
    ]
    print(f"{connection.vendor}, {Alliance.objects.count()} alliances in the register, on {on}", flush=True)
    for label, code, pack, overrides in cases:
        p = engine_io.pack_of(pack)
        if code is None:
            scope, qs = "all", Alliance.objects.all()
        else:
            jur = Jurisdiction.objects.get(code=code)
            scope, qs = f"bureau:{jur.pk}", _simulation_scope(jur)

        def former(qs=qs, p=p, overrides=overrides):
            facts = facts_of_alliances(qs, on=on, matters=False)
            prepared = batch.prepare(p, batch.register(facts_from_dict(f) for f in facts), on)
            return simulate_prepared(p, prepared, on, overrides)

        def columnar(qs=qs, p=p, overrides=overrides, scope=scope):
            return simulate_prepared(p, columns_bulk.cached_prepared(scope, qs, p, on=on), on, overrides)

        times: dict[str, list[tuple[float, float]]] = {k: [] for k in ("former", "cold", "warm", "worker", "after")}
        same = True

        def timed(kind, f, times=times):
            t, c = time.perf_counter(), time.process_time()
            out = f()
            times[kind].append((time.perf_counter() - t, time.process_time() - c))
            return out

        loads = [os.getloadavg()[0]]
        for i in range(args.repeat):
            old = timed("former", former) if not args.no_former else None
            columns_bulk.forget()
            cold = timed("cold", columnar)
            warm = timed("warm", columnar)
            same &= (old is None or old == cold) and cold == warm
            if args.write:
                staff = base_staff + (1 if i % 2 == 0 else 0)  # undone by the next repeat
                alliance_update(actor=actor, alliance=edited, reason="benchmark", full_time_staff=staff)
                timed("worker", lambda: warm_register_columns.call())
                columns_bulk._PREPARED.clear()  # as another process: nothing prepared for the new version
                after = timed("after", columnar)
                columns_bulk.forget()
                same &= after == columnar()  # the warmed columns give what a cold read gives
            loads.append(os.getloadavg()[0])

        def med(kind, times=times):
            if not times[kind]:
                return "      -      "
            return (f"{statistics.median(w for w, _ in times[kind]):6.3f} s "
                    f"(cpu {statistics.median(c for _, c in times[kind]):5.3f})")
        print(f"{label:15} {cold.alliances:6d} alliances  former {med('former')}  cold {med('cold')}  "
              f"warm {med('warm')}  after a write {med('after')}  worker {med('worker')}  identical={same}  "
              f"load {min(loads):.1f}-{max(loads):.1f}", flush=True)


if __name__ == "__main__":
    main()
