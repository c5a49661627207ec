"""The benchmark (not a test): our policy engine vs the same Jiangning rules written for OpenFisca.

    .venv/bin/python bench/run_bench.py            # full run: 100,000 alliances (make bench)
    .venv/bin/python bench/run_bench.py --quick    # 10,000 alliances, fewer repeats

(a) single case: one alliance's eligibility + entitlements + deadlines, with the full trace, per pack;
    OpenFisca: one Simulation per alliance (trace off, and trace on).
(b) bulk, end to end from the same records, paired and interleaved: each round runs both systems one after
    the other (the order alternating; one warm-up round first, printed and kept out of the medians, as a
    long-running process is past it), from the same synthetic records to the results and a what-if —
    OpenFisca: records → arrays, one vectorised Simulation, then the same arrays under a Reform (the district
    recognition award, 第十条1, 30 → 40 万元: parameters modified); our engine: records → plain tables →
    columns (``policy.api.columns_from_records``), ``policy.batch.prepare``, ``policy.batch.evaluate`` and
    ``evaluate(prepared, overrides)`` with the same change. Medians over the rounds and the per-round ratios.
    Then the evaluations alone (best of R after a warm-up) and the other packs.
Timed with ``time.perf_counter``. The vector results (and the what-if's) are compared with OpenFisca's on every
alliance, and a sample through the single path too; every disagreement is printed.
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
    ap.add_argument("--rounds", type=int, default=3, help="paired end-to-end rounds (default 3)")
    ap.add_argument("--warmup", type=int, default=1,
                    help="paired rounds run first and reported apart, not in the medians (default 1)")
    ap.add_argument("--facts-path", action="store_true",
                    help="also time the former records → Facts → columns path on all N (slow)")
    ap.add_argument("--quick", action="store_true", help="10,000 alliances, 100 single, best of 3")
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    if args.quick:
        args.n, args.single, args.repeat, args.check, args.rounds = 10_000, 100, 3, 1000, 3

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

    ok, why = engine_adapter.status()
    engine_problems: list[str] = []
    if not ok:
        print(f"\nENGINE HOOK: our engine's side skipped — {why}")
        rows.append(("(a) / (b)", "our engine", "not run", why))
    else:
        engine_rows, engine_problems, extra = run_engine(args, records, tbs, info)
        rows.extend(engine_rows)
        results.update(extra)
    print("\n## Results\n")
    print("| run | system | time | rate |")
    print("|---|---|---:|---:|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    if "engine_bulk_s" in results:
        print("\n## Ratios\n")
        for line in ratios(results, args.n):
            print(f"- {line}")
    print(f"\nOpenFisca system build: {results['of_system_build_s'] * 1000:,.0f} ms (once)")
    if engine_problems:
        print(f"\n## Disagreements engine vs OpenFisca ({len(engine_problems)})\n")
        for p in engine_problems[:200]:
            print(f"- {p}")
    results["disagreements"] = engine_problems
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


def ratios(r: dict[str, Any], n: int) -> list[str]:
    """The targets, said plainly: (a) faster than OpenFisca per case, with traces; (b) end to end from the same
    records at least as fast as OpenFisca (paired rounds), the what-if against an OpenFisca reform, and the
    evaluations alone."""
    out = []
    jn = engine_adapter.JIANGNING
    ours = r[f"engine_single_rate[{jn}]"]
    off, on_ = r["of_single_rate_trace_False"], r["of_single_rate_trace_True"]
    met = ours > off and ours > on_
    out.append(f"(a) {jn}, full trace: {ours:,.0f} cases/s vs OpenFisca {off:,.0f} (trace off) = {ours / off:.1f}×, "
               f"{on_:,.0f} (trace on) = {ours / on_:.1f}× — target {'met' if met else 'NOT met'}")
    for key, what in (("e2e", "records → results"), ("e2e_whatif", "records → results + what-if")):
        o, e = r[f"paired_{key}_of_median_s"], r[f"paired_{key}_engine_median_s"]
        rs = r[f"paired_{key}_ratios"]
        out.append(f"(b) end to end, {n:,} alliances, {what}: our engine {e:,.2f} s vs OpenFisca {o:,.2f} s (medians of "
                   f"{len(rs)} paired rounds) — OpenFisca/ours per round: {', '.join(f'{x:.2f}' for x in rs)} — "
                   f"at least as fast as OpenFisca: {'met' if min(rs) >= 1 else ('NOT met' if max(rs) < 1 else 'in some rounds only')}")
        oc, ec, cs = r[f"paired_{key}_of_cpu_median_s"], r[f"paired_{key}_engine_cpu_median_s"], r[f"paired_{key}_cpu_ratios"]
        out.append(f"    CPU time (process_time): our engine {ec:,.2f} s vs OpenFisca {oc:,.2f} s (medians) — OpenFisca/ours "
                   f"per round: {', '.join(f'{x:.2f}' for x in cs)}")
    e, o = r["engine_bulk_s"], r["of_bulk_s"]
    out.append(f"(b) evaluation alone: evaluate(prepared) {e * 1000:,.1f} ms vs OpenFisca's vectorised Simulation "
               f"{o * 1000:,.1f} ms: " + (f"{o / e:.2f}× faster" if e <= o else f"{e / o:.2f}× slower"))
    w, ow = r["engine_whatif_s"], r["of_reform_s"]
    out.append(f"(b) what-if alone: evaluate(prepared, overrides) {w * 1000:,.1f} ms vs OpenFisca's Simulation under the "
               f"reform {ow * 1000:,.1f} ms: " + (f"{ow / w:.2f}× faster" if w <= ow else f"{w / ow:.2f}× slower"))
    for key in sorted(r):
        if key.startswith("engine_bulk_s[") and jn not in key:
            pk = key[len("engine_bulk_s["):-1]
            x = r[key]
            out.append(f"(b) {pk}: evaluate {x * 1000:,.1f} ms, prepare {r[f'engine_prepare_s[{pk}]'] * 1000:,.0f} ms "
                       "(on the same columns)")
    return out


def _median(xs: list[float]) -> float:
    ys = sorted(xs)
    k = len(ys) // 2
    return ys[k] if len(ys) % 2 else (ys[k - 1] + ys[k]) / 2


def district_award_reform(tbs, value: int):
    """The what-if as OpenFisca writes one: a Reform whose parameters are modified (第十条1, district 30 → value)."""
    from openfisca_core import periods
    from openfisca_core.reforms import Reform

    class DistrictAward(Reform):
        name = f"第十条1 district award {value}"

        def apply(self) -> None:
            def modify(parameters):
                parameters.jiangning.money.cumulative_subsidy.district.update(
                    start=periods.instant("2019-01-01"), value=value)
                return parameters

            self.modify_parameters(modifier_function=modify)

    return DistrictAward(tbs)


def compare_columns(of_out: dict[str, Any], cols: dict[str, Any], ids: list[str]) -> tuple[list[str], dict[str, int]]:
    """Every alliance at once: the engine's vector columns vs OpenFisca's vectorised outputs."""
    problems: list[str] = []
    counts: dict[str, int] = {}
    for name, col in cols.items():
        if name not in of_out:
            continue
        theirs = of_out[name]
        if name in MONEY:
            bad = numpy.abs(col / 10000 - theirs.astype(numpy.float64)) > float(TOLERANCE) + 1e-9
        else:
            bad = col.astype(bool) != theirs.astype(bool)
        idx = numpy.nonzero(bad)[0]
        if len(idx):
            counts[name] = len(idx)
        for i in idx[:50]:
            mine = Decimal(int(col[i])) / 10000 if name in MONEY else bool(col[i])
            their = float(theirs[i]) if name in MONEY else bool(theirs[i])
            problems.append(f"vector {ids[i]} {name}: engine {mine} vs OpenFisca {their}")
    return problems, counts


def compare_exact(a_rows: list[Any], b_rows: list[Any], ids: list[str], what: str) -> list[str]:
    """Two engine paths that must agree exactly (Decimals to the yuan, bools, BatchRows)."""
    problems = []
    for rid, a, b in zip(ids, a_rows, b_rows, strict=True):
        if isinstance(a, dict):
            problems += [f"{what} {rid} {k}: {b.get(k)} vs {a[k]}" for k in a if k in b and a[k] != b[k]]
        elif a != b:
            problems.append(f"{what} {rid}: {b} vs {a}")
    return problems


def _bulk_row(n: int, system: str, dt: float) -> tuple[str, str, str, str]:
    return (f"(b) bulk, {n:,} alliances", system, f"{dt * 1000:,.1f} ms", f"{n / dt:,.0f} alliances/s")


def paired(args, records, tbs, reform, on) -> tuple[dict[str, Any], dict[str, Any]]:
    """End to end from the same records, both systems in each round, the order alternating: OpenFisca (records →
    arrays, Simulation, Simulation under the reform) and our engine (records → tables → columns, prepare,
    evaluate, evaluate with the what-if). Returns the per-round timings and the last outputs of each side."""
    import gc

    jn = engine_adapter.JIANGNING
    t: dict[str, list[float]] = {}
    last: dict[str, Any] = {}

    def add(key: str, dt: float) -> None:
        t.setdefault(key, []).append(dt)

    def openfisca() -> None:
        c0 = time.process_time()
        t0 = time.perf_counter()
        arrays = synthetic.to_openfisca_arrays(records)
        t1 = time.perf_counter()
        ca = time.process_time()
        out = of_run(tbs, arrays, args.n)
        t2 = time.perf_counter()
        c1 = time.process_time()
        out_w = of_run(reform, arrays, args.n)
        t3 = time.perf_counter()
        add("of_records_to_arrays", t1 - t0)
        add("of_simulation", t2 - t1)
        add("of_reform_simulation", t3 - t2)
        add("of_records_to_arrays_cpu", ca - c0)
        add("of_cpu_e2e", c1 - c0)  # CPU time of this process (time.process_time), records → results
        add("of_cpu_e2e_whatif", time.process_time() - c0)
        last["of"], last["of_whatif"] = out, out_w

    def engine() -> None:
        wall, cpu = [time.perf_counter()], [time.process_time()]

        def step() -> None:
            wall.append(time.perf_counter())
            cpu.append(time.process_time())

        tables = engine_adapter.to_tables(records)
        step()
        reg = engine_adapter.columns_from_tables(tables)
        step()
        prepared = engine_adapter.prepare(jn, reg, on)
        step()
        res = engine_adapter.evaluate(prepared)
        step()
        res_w = engine_adapter.evaluate(prepared, engine_adapter.WHATIF)
        step()
        for k, key in enumerate(("engine_records_to_tables", "engine_tables_to_columns", "engine_prepare",
                                 "engine_evaluate", "engine_whatif")):
            add(key, wall[k + 1] - wall[k])
            add(f"{key}_cpu", cpu[k + 1] - cpu[k])  # CPU time of each step (time.process_time)
        add("engine_cpu_e2e", cpu[4] - cpu[0])
        add("engine_cpu_e2e_whatif", cpu[5] - cpu[0])
        last["reg"], last["prepared"], last["res"], last["res_whatif"] = reg, prepared, res, res_w

    for k in range(-args.warmup, args.rounds):
        if k == 0:  # the warm-up rounds (a fresh process: the allocator still growing) are reported, not kept
            warm, t = t, {}
        for side in ((openfisca, engine) if k % 2 == 0 else (engine, openfisca)):
            gc.collect()
            side()
        add("load_average_1min", os.getloadavg()[0])
        print(f"{'round ' + str(k + 1) if k >= 0 else 'warm-up round (not kept)'}: OpenFisca {t['of_records_to_arrays'][-1] + t['of_simulation'][-1]:,.2f} s "
              f"(CPU {t['of_cpu_e2e'][-1]:,.2f} s), "
              f"our engine {sum(t[x][-1] for x in ('engine_records_to_tables', 'engine_tables_to_columns', 'engine_prepare', 'engine_evaluate')):,.2f} s"
              f" (CPU {t['engine_cpu_e2e'][-1]:,.2f} s) (records → results); load average {t['load_average_1min'][-1]:.1f}",
              flush=True)
    if args.warmup:
        last["warmup"] = warm
    return t, last


def run_engine(args, records, tbs, info):
    """(a) per pack, single case with full trace; (b) the paired end-to-end rounds, the evaluations alone, the other
    packs; the agreement checks (vector and what-if vs OpenFisca on every alliance, single vs OpenFisca and vector
    vs single on the first --check)."""
    rows: list[tuple[str, str, str, str]] = []
    extra: dict[str, Any] = {}
    problems: list[str] = []
    on = synthetic.AS_OF
    jn = engine_adapter.JIANGNING
    k = min(args.check, len(records))
    facts = [engine_adapter.to_facts(r) for r in records[: max(k, args.single)]]

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

    # -- (b) end to end, paired and interleaved
    t0 = time.perf_counter()
    reform = district_award_reform(tbs, int(engine_adapter.WHATIF_VALUE))
    extra["of_reform_build_s"] = time.perf_counter() - t0
    t, last = paired(args, records, tbs, reform, on)
    med = {key: _median(v) for key, v in t.items()}
    extra["paired_rounds"] = t
    extra["paired_warmup_rounds"] = last.get("warmup", {})
    of_e2e = [a + b for a, b in zip(t["of_records_to_arrays"], t["of_simulation"], strict=True)]
    of_e2e_w = [a + b for a, b in zip(of_e2e, t["of_reform_simulation"], strict=True)]
    steps = ("engine_records_to_tables", "engine_tables_to_columns", "engine_prepare", "engine_evaluate")
    en_e2e = [sum(x) for x in zip(*(t[s_] for s_ in steps), strict=True)]
    en_e2e_w = [a + b for a, b in zip(en_e2e, t["engine_whatif"], strict=True)]
    for key, o, e in (("e2e", of_e2e, en_e2e), ("e2e_whatif", of_e2e_w, en_e2e_w)):
        extra[f"paired_{key}_of_median_s"], extra[f"paired_{key}_engine_median_s"] = _median(o), _median(e)
        extra[f"paired_{key}_ratios"] = [a / b for a, b in zip(o, e, strict=True)]
        oc, ec = t[f"of_cpu_{key}"], t[f"engine_cpu_{key}"]
        extra[f"paired_{key}_of_cpu_median_s"], extra[f"paired_{key}_engine_cpu_median_s"] = _median(oc), _median(ec)
        extra[f"paired_{key}_cpu_ratios"] = [a / b for a, b in zip(oc, ec, strict=True)]
    n = args.n
    r_ = f"(b) end to end, {n:,} alliances (median of {args.rounds} paired rounds)"
    rows += [
        (r_, "OpenFisca: records → numpy arrays", f"{med['of_records_to_arrays'] * 1000:,.0f} ms", ""),
        (r_, "OpenFisca: vectorised Simulation", f"{med['of_simulation'] * 1000:,.0f} ms", ""),
        (r_, "OpenFisca: vectorised Simulation under the reform (第十条1 district 30 → 40)",
         f"{med['of_reform_simulation'] * 1000:,.0f} ms", ""),
        (r_, "our engine: records → tables (bench/engine_adapter.to_tables)",
         f"{med['engine_records_to_tables'] * 1000:,.0f} ms", ""),
        (r_, "our engine: tables → columns (policy.api.columns_from_records)",
         f"{med['engine_tables_to_columns'] * 1000:,.0f} ms", ""),
        (r_, f"our engine: prepare, {jn}", f"{med['engine_prepare'] * 1000:,.0f} ms", ""),
        (r_, "our engine: evaluate(prepared)", f"{med['engine_evaluate'] * 1000:,.0f} ms", ""),
        (r_, "our engine: evaluate(prepared, what-if)", f"{med['engine_whatif'] * 1000:,.0f} ms", ""),
        (r_, "OpenFisca, records → results", f"{_median(of_e2e) * 1000:,.0f} ms", f"{n / _median(of_e2e):,.0f} /s"),
        (r_, "our engine, records → results", f"{_median(en_e2e) * 1000:,.0f} ms", f"{n / _median(en_e2e):,.0f} /s"),
        (r_, "OpenFisca, records → results + reform", f"{_median(of_e2e_w) * 1000:,.0f} ms", ""),
        (r_, "our engine, records → results + what-if", f"{_median(en_e2e_w) * 1000:,.0f} ms", ""),
        (r_, "OpenFisca, records → results, CPU time (process_time)", f"{_median(t['of_cpu_e2e']) * 1000:,.0f} ms", ""),
        (r_, "our engine, records → results, CPU time (process_time)",
         f"{_median(t['engine_cpu_e2e']) * 1000:,.0f} ms", ""),
    ]
    reg, prepared, res, wi = last["reg"], last["prepared"], last["res"], last["res_whatif"]
    of_out, of_wi = last["of"], last["of_whatif"]

    # -- the evaluations alone, best of R after a warm-up
    arrays = synthetic.to_openfisca_arrays(records)
    holder: dict[str, Any] = {}
    whatif = dict(engine_adapter.WHATIF)
    for key, fn in (("of_bulk_s", lambda: of_run(tbs, arrays, n)), ("of_reform_s", lambda: of_run(reform, arrays, n)),
                    ("engine_bulk_s", lambda: engine_adapter.evaluate(prepared)),
                    ("engine_whatif_s", lambda: engine_adapter.evaluate(prepared, whatif))):
        extra[key] = best_of(fn, args.repeat)
    arrays = {}  # memory back before the other packs
    rows += [
        _bulk_row(n, "OpenFisca, 1 vectorised Simulation (best of R)", extra["of_bulk_s"]),
        _bulk_row(n, "OpenFisca, 1 vectorised Simulation under the reform (best of R)", extra["of_reform_s"]),
        _bulk_row(n, f"our engine, {jn}: evaluate(prepared) (best of R)", extra["engine_bulk_s"]),
        _bulk_row(n, "our engine, what-if: evaluate(prepared, overrides) (best of R)", extra["engine_whatif_s"]),
    ]
    [(name, value)] = whatif.items()
    cold = {name: engine_adapter.WHATIF_COLD}
    t0 = time.perf_counter()
    engine_adapter.evaluate(prepared, cold)
    extra["engine_whatif_cold_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    reform_cold = district_award_reform(tbs, int(engine_adapter.WHATIF_COLD))
    of_run(reform_cold, synthetic.to_openfisca_arrays(records[:1]), 1)
    extra["of_reform_cold_build_s"] = time.perf_counter() - t0
    rows.append(("(b) a new what-if value (once)", f"our engine: first evaluate with {name} = "
                 f"{engine_adapter.WHATIF_COLD} (pack compile included)", f"{extra['engine_whatif_cold_s'] * 1000:,.0f} ms", ""))
    rows.append(("(b) a new what-if value (once)", "OpenFisca: Reform(tbs) for district 41 (the reformed system "
                 "built; its Simulation not included)", f"{extra['of_reform_cold_build_s'] * 1000:,.0f} ms", ""))

    # -- the other packs, on the same columns
    for pack in (p for p in engine_adapter.packs() if p != jn):
        t0 = time.perf_counter()
        prep = engine_adapter.prepare(pack, reg, on)
        extra[f"engine_prepare_s[{pack}]"] = time.perf_counter() - t0
        extra[f"engine_bulk_s[{pack}]"] = dt = best_of(lambda prep=prep, pack=pack: holder.__setitem__(pack, engine_adapter.evaluate(prep)),
                                                       args.repeat)
        fb = holder[pack].fallbacks
        note = "" if not fb else f" — on the scalar fallback: {sorted(fb)}"
        rows.append(_bulk_row(n, f"our engine, {pack}: evaluate(prepared) (prepare "
                              f"{extra[f'engine_prepare_s[{pack}]'] * 1000:,.0f} ms, once){note}", dt))

    # -- the former path, records → Facts → columns (optional: slow)
    if args.facts_path:
        t0 = time.perf_counter()
        all_facts = [engine_adapter.to_facts(r) for r in records]
        t1 = time.perf_counter()
        engine_adapter.register(all_facts)
        t2 = time.perf_counter()
        extra["engine_records_to_facts_s"], extra["engine_facts_to_columns_s"] = t1 - t0, t2 - t1
        rows.append(("(b) former path (once)", "our engine: records → Facts", f"{(t1 - t0) * 1000:,.0f} ms", ""))
        rows.append(("(b) former path (once)", "our engine: Facts → columns, policy.batch.register",
                     f"{(t2 - t1) * 1000:,.0f} ms", ""))
        del all_facts
    t0 = time.perf_counter()
    all_rows = engine_adapter.batch_rows(res)
    extra["engine_rows_s"] = time.perf_counter() - t0
    rows.append(_bulk_row(n, "our engine, VectorResult.rows() → BatchRow objects (once; not needed for totals)",
                          extra["engine_rows_s"]))
    base_total = res.total_decimal()
    print(f"\nJiangning bulk, fixed amounts due: {base_total:,.2f} 万元; what-if {name} = {value}: "
          f"{wi.total_decimal():,.2f} 万元 (Δ {wi.total_decimal() - base_total:,.2f})")
    extra["whatif_total"] = {"base": str(base_total), "whatif": str(wi.total_decimal())}

    # -- agreement
    ids = [r["id"] for r in records]
    # 1. vector columns vs OpenFisca's vectorised outputs, every alliance; the what-if vs the reform
    cols = engine_adapter.vector_columns(jn, res)
    vec_problems, counts = compare_columns(of_out, cols, ids)
    wi_problems, wi_counts = compare_columns(of_wi, engine_adapter.vector_columns(jn, wi), ids)
    problems += vec_problems + [f"what-if {p}" for p in wi_problems]
    print(f"agreement vector vs OpenFisca on all {n:,} alliances: "
          f"{sum(counts.values())} disagreement(s){' ' + str(counts) if counts else ''}; what-if vs the reform: "
          f"{sum(wi_counts.values())}{' ' + str(wi_counts) if wi_counts else ''}")
    extra["vector_vs_openfisca_counts"], extra["whatif_vs_reform_counts"] = counts, wi_counts
    # 2. single path (full trace, with dates) vs OpenFisca, first k
    of_rows = [of_row(of_out, i) for i in range(k)]
    single = [engine_adapter.single(jn, f, on) for f in facts[:k]]
    single_rows = [engine_adapter.comparable(x) for x in single]
    sp = compare(of_rows, single_rows, ids[:k])
    problems += [f"single {p}" for p in sp]
    print(f"agreement single vs OpenFisca on {k:,} alliances: {len(sp)} disagreement(s)")
    # 3. vector ≡ single, exactly, first k: the comparable fields and the BatchRow summary
    from policy.batch import summary

    vp = compare_exact(single_rows, engine_adapter.comparable_batch(jn, res, k), ids[:k], "vector≠single")
    vp += compare_exact([summary(*x) for x in single], all_rows[:k], ids[:k], "vector≠single row")
    # 4. the what-if: vector ≡ scalar path with the same overrides, first k
    vp += compare_exact(engine_adapter.scalar_rows(jn, facts[:k], on, whatif), wi.rows()[:k], ids[:k],
                        "what-if vector≠scalar")
    problems += vp
    print(f"agreement vector vs single (and what-if vector vs scalar) on {k:,} alliances: {len(vp)} disagreement(s)")
    for key in ("total_min", "total_max"):
        for label, mine, theirs_out in (("", cols, of_out), ("what-if ", engine_adapter.vector_columns(jn, wi), of_wi)):
            ours = Decimal(int(mine[key].sum())) / 10000
            theirs = Decimal(repr(float(theirs_out[key].astype(numpy.float64).sum()))).quantize(Decimal("0.01"))
            print(f"bulk {label}{key}: engine {ours:,.2f} 万元, OpenFisca {theirs:,.2f} 万元")
            extra[f"bulk_{label.strip()}{'_' if label else ''}{key}"] = {"engine": str(ours), "openfisca": str(theirs)}
    print(f"OpenFisca: {int(of_out['eligible'].sum()):,} of {n:,} machine-eligible")
    return rows, problems, extra


if __name__ == "__main__":
    raise SystemExit(main())
