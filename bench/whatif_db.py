"""The finance what-if end to end from the database: the former scalar path against the batch path.

    ITISA_DATA_DIR=/tmp/whatif .venv/bin/python manage.py migrate
    ITISA_DATA_DIR=/tmp/whatif .venv/bin/python manage.py generate_register --alliances 2000
    ITISA_DATA_DIR=/tmp/whatif .venv/bin/python bench/whatif_db.py [--repeat 3] [--on 2024-06-30]

Both sides run the same jurisdiction, date and overrides, interleaved (old, new, old, new …), and their
results are compared; the median of the repeats is printed. The former path is kept as the oracle in
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
    from itisa.register.models import Jurisdiction

    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--on", default="2024-06-30")
    args = ap.parse_args()
    on = dt.date.fromisoformat(args.on)
    user = get_user_model()(username="system", is_superuser=True)
    for code, pack, overrides in CASES:
        jur = Jurisdiction.objects.get(code=code)
        old_t, new_t = [], []
        for _ in range(args.repeat):
            t = time.perf_counter()
            old = _scalar_reference(jur, pack, on, overrides)
            old_t.append(time.perf_counter() - t)
            t = time.perf_counter()
            new = budget_simulate(user=user, jurisdiction=jur, pack=pack, on=on, overrides=overrides)
            new_t.append(time.perf_counter() - t)
        same = (old["baseline_total"], old["scenario_total"], old["by_article"], old["by_alliance"],
                old["undecided"]) == (new.baseline_total, new.scenario_total, new.by_article, new.by_alliance,
                                      new.undecided)
        o, n = statistics.median(old_t), statistics.median(new_t)
        print(f"{code:14} {new.alliances:6d} alliances  scalar {o:6.2f} s  batch {n:6.2f} s  {o / n:5.1f}x  "
              f"identical={same}", flush=True)


if __name__ == "__main__":
    main()
