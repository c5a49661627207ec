"""The finance what-if end to end from the database: the former batch path (rows → facts → columns) against
the columnar path (rows → columns, ADR 0017), cold (cache emptied) and warm (columns cached per register
version).

    export ITISA_DATA_DIR=/tmp/whatif          # or DATABASE_URL=postgres://…
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py generate_register --alliances 10000
    .venv/bin/python bench/whatif_columns.py [--repeat 3] [--on 2024-06-30]

Per case and repeat, interleaved: former, columnar cold, columnar warm; the three results are compared
(every field of the simulation). ``whole register`` runs the Jiangning text over every alliance of the
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
    args = ap.parse_args()
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

        times: dict[str, list[float]] = {"former": [], "cold": [], "warm": []}
        same = True
        for _ in range(args.repeat):
            t = time.perf_counter()
            old = former()
            times["former"].append(time.perf_counter() - t)
            columns_bulk.forget()
            t = time.perf_counter()
            cold = columnar()
            times["cold"].append(time.perf_counter() - t)
            t = time.perf_counter()
            warm = columnar()
            times["warm"].append(time.perf_counter() - t)
            same &= old == cold == warm
        f, c, w = (statistics.median(times[k]) for k in ("former", "cold", "warm"))
        print(f"{label:15} {old.alliances:6d} alliances  former {f:6.2f} s  columnar cold {c:6.2f} s ({f / c:4.1f}x)"
              f"  warm {w:6.3f} s ({f / w:5.0f}x)  identical={same}", flush=True)


if __name__ == "__main__":
    main()
