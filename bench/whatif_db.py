"""The finance what-if end to end from the database: the former scalar path against the batch path.

    ITISA_DATA_DIR=/tmp/whatif .venv/bin/python manage.py migrate
    ITISA_DATA_DIR=/tmp/whatif .venv/bin/python manage.py generate_register --alliances 2000
    ITISA_DATA_DIR=/tmp/whatif .venv/bin/python bench/whatif_db.py [--repeat 3] [--on 2024-06-30]

Both sides run the same jurisdiction, date and overrides, interleaved (old, new, old, new …), and their
results are compared; the median of the repeats is printed, wall time (``perf_counter``) with CPU time
(``process_time``) in brackets, and the load average. The batch path is timed cold (the cached columns
dropped first: ``columns_bulk.forget()``) and warm (the same call again). The former path is kept as the oracle in
``itisa/funding/tests/test_simulation_batch.py``.
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
    from django.contrib.auth import get_user_model

    from itisa.funding.selectors import budget_simulate
    from itisa.funding.tests.test_simulation_batch import CASES, _scalar_reference
    from itisa.register import columns_bulk
    from itisa.register.models import Jurisdiction

    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--on", default="2024-06-30")
    args = ap.parse_args()
    on = dt.date.fromisoformat(args.on)
    user = get_user_model()(username="system", is_superuser=True)
    for code, pack, overrides in CASES:
        jur = Jurisdiction.objects.get(code=code)
        times: dict[str, list[tuple[float, float]]] = {"old": [], "cold": [], "warm": []}
        loads = [os.getloadavg()[0]]

        def timed(kind, f, times=times):
            t, c = time.perf_counter(), time.process_time()
            out = f()
            times[kind].append((time.perf_counter() - t, time.process_time() - c))
            return out

        same = True
        for _ in range(args.repeat):
            old = timed("old", lambda jur=jur, pack=pack, overrides=overrides: _scalar_reference(jur, pack, on, overrides))
            columns_bulk.forget()
            for kind in ("cold", "warm"):
                new = timed(kind, lambda jur=jur, pack=pack, overrides=overrides: budget_simulate(
                    user=user, jurisdiction=jur, pack=pack, on=on, overrides=overrides))
                same &= (old["baseline_total"], old["scenario_total"], old["by_article"], old["by_alliance"],
                         old["undecided"]) == (new.baseline_total, new.scenario_total, new.by_article,
                                               new.by_alliance, new.undecided)
            loads.append(os.getloadavg()[0])
        o, c, w = ((statistics.median(x for x, _ in times[k]), statistics.median(y for _, y in times[k]))
                   for k in ("old", "cold", "warm"))
        print(f"{code:14} {new.alliances:6d} alliances  scalar {o[0]:6.2f} s ({o[1]:5.2f})  batch cold {c[0]:6.2f} s "
              f"({c[1]:5.2f}) {o[0] / c[0]:5.1f}x  warm {w[0]:6.3f} s ({w[1]:5.3f})  identical={same}  "
              f"load {min(loads):.1f}-{max(loads):.1f}", flush=True)

if __name__ == "__main__":
    main()
