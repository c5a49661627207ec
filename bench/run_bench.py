"""The benchmark (not a test): our policy engine vs the same Jiangning rules written for OpenFisca.

    .venv/bin/python bench/run_bench.py            # full run: 100,000 alliances (make bench)
    .venv/bin/python bench/run_bench.py --quick    # 10,000 alliances, fewer repeats

(a) single case: one alliance's eligibility + entitlements + deadlines, with the full trace, per pack;
    OpenFisca: one Simulation per alliance (trace off, and trace on).
(b) bulk: the same for N synthetic alliances — our engine's batch / what-if path; OpenFisca: one
    vectorised Simulation.
Rates are best-of-R after a warm-up, timed with ``time.perf_counter``. Inputs are prepared before the
clock starts on both sides (records → OpenFisca arrays, records → Facts); the conversion times are
printed apart. A sample is run through both systems and every disagreement printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy  # noqa: E402
import openfisca_core  # noqa: E402
from openfisca_core.simulations import SimulationBuilder  # noqa: E402

from bench import engine_adapter, synthetic  # noqa: E402
from bench.openfisca_jiangning import OUTPUTS, JiangningSystem  # noqa: E402

PERIOD = str(synthetic.AS_OF.year)
MONEY = [
    "one_off_subsidy", "national_member_award", "matching_support", "exchange_subsidy_max", "standards_award",
    "operating_subsidy_min", "operating_subsidy_max", "total_min", "total_max",
]
TOLERANCE = Decimal("0.01")  # 万元: OpenFisca computes money in float32


# ---- machine ------------------------------------------------------------------------------------------
def machine() -> dict[str, str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except (OSError, ValueError):
        pass
    return {
        "cpu": cpu,
        "nproc": str(os.cpu_count()),
        "memory": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "openfisca-core": openfisca_core.__version__ if hasattr(openfisca_core, "__version__") else _dist("openfisca-core"),
        "numpy": numpy.__version__,
    }


def _dist(name: str) -> str:
    from importlib.metadata import version

    return version(name)


# ---- timing -------------------------------------------------------------------------------------------
def best_of(fn, repeat: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


# ---- OpenFisca ----------------------------------------------------------------------------------------
def of_run(tbs, arrays: dict[str, Any], n: int, trace: bool = False) -> dict[str, Any]:
    sim = SimulationBuilder.build_default_simulation(tbs, n)
    sim.trace = trace
    for name, value in arrays.items():
        sim.set_input(name, PERIOD, value)
    out = {name: sim.calculate(name, PERIOD) for name in OUTPUTS}
    if trace:
        out["_trace"] = sim.tracer.trees  # the full computation tree, kept as OpenFisca keeps it
    return out


def of_row(out: dict[str, Any], i: int) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for name in OUTPUTS:
        v = out[name][i]
        if name in MONEY:
            row[name] = Decimal(repr(float(v))).quantize(Decimal("0.0001"))
        elif isinstance(v, numpy.datetime64):
            row[name] = date.fromisoformat(str(v))
        else:
            row[name] = bool(v)
    return row


# ---- comparison ---------------------------------------------------------------------------------------
def compare(of_rows: list[dict[str, Any]], ours: list[dict[str, Any]], ids: list[str]) -> list[str]:
    problems = []
    for rid, a, b in zip(ids, of_rows, ours, strict=True):
        for key, mine in b.items():
            if key not in a:
                continue
            theirs = a[key]
            if mine is None and key not in MONEY:
                continue  # the engine gives no value (e.g. a done duty without its due date): nothing to compare
            if key in MONEY:
                if mine is None or abs(Decimal(mine) - theirs) > TOLERANCE:
                    problems.append(f"{rid} {key}: engine {mine} vs OpenFisca {theirs}")
            elif mine != theirs:
                problems.append(f"{rid} {key}: engine {mine} vs OpenFisca {theirs}")
    return problems


# ---- main ---------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="alliances in the bulk run (default 100000)")
    ap.add_argument("--single", type=int, default=300, help="alliances timed one by one (default 300)")
    ap.add_argument("--repeat", type=int, default=5, help="best of R (default 5)")
    ap.add_argument("--check", type=int, default=2000, help="alliances compared engine vs OpenFisca")
    ap.add_argument("--seed", type=int, default=20190101)
    ap.add_argument("--quick", action="store_true", help="10,000 alliances, 100 single, best of 3")
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    if args.quick:
        args.n, args.single, args.repeat, args.check = 10_000, 100, 3, 1000

    info = machine()
    print("## Machine\n")
    for k, v in info.items():
        print(f"- {k}: {v}")
    print()

    t0 = time.perf_counter()
    records = synthetic.generate(args.n, seed=args.seed)
    gen_s = time.perf_counter() - t0
    s = synthetic.summary(records)
    print(f"generated {s['records']:,} alliances ({s['members']:,} members, {s['recognised']:,} recognised, "
          f"{s['members>=20']:,} with ≥ 20 members) in {gen_s:.1f} s, seed {args.seed}, as of {synthetic.AS_OF}")

    results: dict[str, Any] = {"machine": info, "n": args.n, "single": args.single, "repeat": args.repeat}
    rows: list[tuple[str, str, str, str]] = []  # (what, system, time, rate)

    # -- OpenFisca
    t0 = time.perf_counter()
    tbs = JiangningSystem()
    results["of_system_build_s"] = time.perf_counter() - t0
    sample = records[: args.single]
    cases = [synthetic.to_openfisca_case(r) for r in sample]

    def of_single(trace: bool) -> None:
        for c in cases:
            of_run(tbs, c, 1, trace)

    for trace in (False, True):
        dt = best_of(lambda trace=trace: of_single(trace), args.repeat)
        rate = len(cases) / dt
        results[f"of_single_rate_trace_{trace}"] = rate
        rows.append((
            "(a) single case, Jiangning", f"OpenFisca {info['openfisca-core']}, 1 Simulation/alliance, "
            f"trace {'on' if trace else 'off'}", f"{dt / len(cases) * 1e6:,.0f} µs/case", f"{rate:,.0f} cases/s",
        ))

    t0 = time.perf_counter()
    arrays = synthetic.to_openfisca_arrays(records)
    conv_s = time.perf_counter() - t0
    results["of_records_to_arrays_s"] = conv_s
    holder: dict[str, Any] = {}

    def of_bulk() -> None:
        holder["out"] = of_run(tbs, arrays, args.n)

    dt = best_of(of_bulk, args.repeat)
    results["of_bulk_s"] = dt
    results["of_bulk_rate"] = args.n / dt
    rows.append((f"(b) bulk, {args.n:,} alliances", f"OpenFisca {info['openfisca-core']}, 1 vectorised Simulation",
                 f"{dt * 1000:,.1f} ms", f"{args.n / dt:,.0f} alliances/s"))
    rows.append((f"(b) bulk, {args.n:,} alliances", "OpenFisca, + records → numpy arrays (once, not best-of)",
                 f"{(dt + conv_s) * 1000:,.1f} ms", f"{args.n / (dt + conv_s):,.0f} alliances/s"))
    of_out = holder["out"]
    elig = of_out["eligible"]
    print(f"OpenFisca: {int(elig.sum()):,} of {args.n:,} machine-eligible; total_max "
          f"{float(of_out['total_max'].astype(numpy.float64).sum()):,.2f} 万元")

    # -- our engine
    ok, why = engine_adapter.status()
    engine_problems: list[str] = []
    if not ok:
        print(f"\nENGINE HOOK: our engine's side skipped — {why}")
        rows.append(("(a) / (b)", "our engine", "not run", why))
    else:
        try:
            engine_rows, engine_problems, extra = run_engine(args, records, of_out, info)
            rows.extend(engine_rows)
            results.update(extra)
        except NotImplementedError as e:
            print(f"\nENGINE HOOK: {e}")
            rows.append(("(a) / (b)", "our engine", "not run", str(e)))

    print("\n## Results\n")
    print("| run | system | time | rate |")
    print("|---|---|---:|---:|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print(f"\nrecords → OpenFisca arrays: {conv_s * 1000:,.0f} ms for {args.n:,} (outside the timed runs); "
          f"OpenFisca system build: {results['of_system_build_s'] * 1000:,.0f} ms (once)")
    if engine_problems:
        print(f"\n## Disagreements engine vs OpenFisca ({len(engine_problems)})\n")
        for p in engine_problems[:200]:
            print(f"- {p}")
    results["disagreements"] = engine_problems
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


def run_engine(args, records, of_out, info):  # pragma: no cover - filled when the engine is ready
    """Our engine's rows: (a) per pack, single case with full trace; (b) the batch path; the agreement check."""
    rows: list[tuple[str, str, str, str]] = []
    extra: dict[str, Any] = {}
    on = synthetic.AS_OF

    t0 = time.perf_counter()
    facts = [engine_adapter.to_facts(r) for r in records]
    extra["engine_records_to_facts_s"] = time.perf_counter() - t0

    sample = facts[: args.single]
    if engine_adapter.SKIPPED:
        for f, why in engine_adapter.SKIPPED.items():
            print(f"pack skipped (does not load): {f}: {why}")
    for pack in engine_adapter.packs():
        dt = best_of(lambda pack=pack: [engine_adapter.single(pack, f, on) for f in sample], args.repeat)
        rate = len(sample) / dt
        extra[f"engine_single_rate[{pack}]"] = rate
        rows.append((f"(a) single case, {pack}", "our engine, full trace",
                     f"{dt / len(sample) * 1e6:,.0f} µs/case", f"{rate:,.0f} cases/s"))

    holder: dict[str, Any] = {}

    def bulk() -> None:
        holder["out"] = engine_adapter.batch(engine_adapter.JIANGNING, facts, on)

    dt = best_of(bulk, args.repeat)
    extra["engine_bulk_s"] = dt
    rows.append((f"(b) bulk, {args.n:,} alliances", f"our engine: {engine_adapter.batch_path()}",
                 f"{dt * 1000:,.1f} ms", f"{args.n / dt:,.0f} alliances/s"))

    # agreement: engine single, engine batch and OpenFisca on the first --check alliances
    k = min(args.check, len(records))
    ids = [r["id"] for r in records[:k]]
    of_rows = [of_row(of_out, i) for i in range(k)]
    single_rows = [engine_adapter.comparable(engine_adapter.single(engine_adapter.JIANGNING, f, on)) for f in facts[:k]]
    batch_rows = engine_adapter.comparable_batch(holder["out"])[:k]
    problems = compare(of_rows, single_rows, ids)
    problems += [f"batch≠single {p}" for p in compare(
        [{key: (Decimal(v) if key in MONEY and v is not None else v) for key, v in r.items()} for r in single_rows],
        batch_rows, ids)]
    # the bulk totals, all N: engine batch vs OpenFisca vectorised
    all_rows = engine_adapter.comparable_batch(holder["out"])
    for key in ("total_min", "total_max"):
        ours = sum((r[key] for r in all_rows), Decimal(0))
        theirs = Decimal(repr(float(of_out[key].astype(numpy.float64).sum()))).quantize(Decimal("0.01"))
        print(f"bulk {key}: engine {ours:,.2f} 万元, OpenFisca {theirs:,.2f} 万元")
        extra[f"bulk_{key}"] = {"engine": str(ours), "openfisca": str(theirs)}
    print(f"agreement check on {k:,} alliances: {len(problems)} disagreement(s)")
    return rows, problems, extra


if __name__ == "__main__":
    raise SystemExit(main())
