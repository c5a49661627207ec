"""The benchmark (not a test): our policy engine vs the same Jiangning rules written for OpenFisca.

    .venv/bin/python bench/run_bench.py            # full run: 100,000 alliances (make bench)
    .venv/bin/python bench/run_bench.py --quick    # 10,000 alliances, fewer repeats

(a) single case: one alliance's eligibility + entitlements + deadlines, with the full trace, per pack;
    OpenFisca: one Simulation per alliance (trace off, and trace on).
(b) bulk: the same for N synthetic alliances — our engine's vectorised path per pack: ``policy.batch.prepare``
    (once: the parameter-free part, the analogue of OpenFisca's records → arrays) then ``policy.batch.evaluate``
    (best of R; and a what-if over the same prepared register); OpenFisca: one vectorised Simulation.
Rates are best-of-R after a warm-up, timed with ``time.perf_counter``. Inputs are prepared before the
clock starts on both sides (records → OpenFisca arrays; records → Facts → columns); the conversion times are
printed as their own rows. The vector results are compared with OpenFisca's on every alliance, and a sample
through the single path too; every disagreement is printed.
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
    rows.append(("(b) conversion", "OpenFisca: records → numpy arrays (once)", f"{conv_s * 1000:,.0f} ms", ""))
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
    if "engine_bulk_s" in results:
        print("\n## Ratios\n")
        for line in ratios(results, args.n):
            print(f"- {line}")
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


def ratios(r: dict[str, Any], n: int) -> list[str]:
    """The two targets, said plainly: (a) faster than OpenFisca per case, with traces; (b) N alliances in under
    one second, and no slower than OpenFisca's vectorised run."""
    out = []
    jn = engine_adapter.JIANGNING
    ours = r[f"engine_single_rate[{jn}]"]
    off, on_ = r["of_single_rate_trace_False"], r["of_single_rate_trace_True"]
    met = ours > off and ours > on_
    out.append(f"(a) {jn}, full trace: {ours:,.0f} cases/s vs OpenFisca {off:,.0f} (trace off) = {ours / off:.1f}×, "
               f"{on_:,.0f} (trace on) = {ours / on_:.1f}× — target {'met' if met else 'NOT met'}")
    for pack in engine_adapter.packs():
        if pack != jn:
            x = r[f"engine_single_rate[{pack}]"]
            out.append(f"(a) {pack}: {x / off:.1f}× OpenFisca's Jiangning (trace off), {x / on_:.1f}× (trace on)")
    e, o, conv = r["engine_bulk_s"], r["of_bulk_s"], r["of_records_to_arrays_s"]
    prep = r["engine_prepare_s"]
    under = e < 1.0
    no_slower = e <= o
    out.append(f"(b) {jn}, {n:,} alliances: evaluate(prepared) {e * 1000:,.1f} ms — under one second: "
               f"{'yes' if under else 'NO'}; vs OpenFisca's vectorised Simulation {o * 1000:,.1f} ms: "
               + (f"{o / e:.2f}× faster" if no_slower else f"{e / o:.2f}× slower") + " — no slower than OpenFisca: "
               + ("met" if no_slower else "NOT met"))
    w = r["engine_whatif_s"]
    out.append(f"(b) what-if over the prepared register: {w * 1000:,.1f} ms — under one second: "
               f"{'yes' if w < 1 else 'NO'}; " + (f"{o / w:.2f}× faster" if w <= o else f"{w / o:.2f}× slower")
               + " than OpenFisca's vectorised run")
    out.append(f"(b) prepare {prep * 1000:,.0f} ms vs OpenFisca's records → arrays {conv * 1000:,.0f} ms: "
               + (f"{conv / prep:.1f}× faster" if prep <= conv else f"{prep / conv:.1f}× slower"))
    ours1, theirs1 = e + prep, o + conv
    out.append(f"(b) evaluate + prepare {ours1 * 1000:,.0f} ms vs OpenFisca's run + records → arrays "
               f"{theirs1 * 1000:,.0f} ms: "
               + (f"{theirs1 / ours1:.1f}× faster" if ours1 <= theirs1 else f"{ours1 / theirs1:.1f}× slower"))
    reg = r["engine_facts_to_columns_s"]
    ours_c = ours1 + reg
    out.append(f"(b) with Facts → columns too: engine {ours_c * 1000:,.0f} ms vs OpenFisca {theirs1 * 1000:,.0f} ms: "
               + (f"{theirs1 / ours_c:.1f}× faster" if ours_c <= theirs1 else f"{ours_c / theirs1:.1f}× slower"))
    for key in sorted(r):
        if key.startswith("engine_bulk_s[") and jn not in key:
            pk = key[len("engine_bulk_s["):-1]
            x = r[key]
            out.append(f"(b) {pk}: evaluate {x * 1000:,.1f} ms ({'under' if x < 1 else 'NOT under'} one second; "
                       + (f"{o / x:.2f}× faster" if x <= o else f"{x / o:.2f}× slower") + " than OpenFisca's Jiangning"
                       f" run), prepare {r[f'engine_prepare_s[{pk}]'] * 1000:,.0f} ms")
    return out


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


def run_engine(args, records, of_out, info):
    """Our engine's rows: (a) per pack, single case with full trace; (b) the vectorised register path per pack
    and a what-if; the agreement checks (vector vs OpenFisca on every alliance, single vs OpenFisca and
    vector vs single on the first --check)."""
    rows: list[tuple[str, str, str, str]] = []
    extra: dict[str, Any] = {}
    problems: list[str] = []
    on = synthetic.AS_OF
    jn = engine_adapter.JIANGNING

    t0 = time.perf_counter()
    facts = [engine_adapter.to_facts(r) for r in records]
    facts_s = extra["engine_records_to_facts_s"] = time.perf_counter() - t0

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

    # -- (b): Facts → columns once, outside the clock; per pack, prepare once (timed once: the analogue of
    # OpenFisca's records → arrays) and evaluate best of R (the analogue of its vectorised Simulation)
    t0 = time.perf_counter()
    reg = engine_adapter.register(facts)
    reg_s = extra["engine_facts_to_columns_s"] = time.perf_counter() - t0
    rows.append(("(b) conversion", "our engine: records → Facts (once)", f"{facts_s * 1000:,.0f} ms", ""))
    rows.append(("(b) conversion", "our engine: Facts → columns, policy.batch.register (once)",
                 f"{reg_s * 1000:,.0f} ms", ""))
    holder: dict[str, Any] = {}
    prepared: dict[str, Any] = {}
    packs = [jn, *(p for p in engine_adapter.packs() if p != jn)]
    for pack in packs:
        t0 = time.perf_counter()
        prepared[pack] = engine_adapter.prepare(pack, reg, on)
        dt = extra[f"engine_prepare_s[{pack}]"] = time.perf_counter() - t0
        rows.append((f"(b) prepare, {args.n:,} alliances", f"our engine, {pack}: policy.batch.prepare (once)",
                     f"{dt * 1000:,.0f} ms", ""))

    for pack in packs:
        def bulk(pack: str = pack) -> None:
            holder[pack] = engine_adapter.evaluate(prepared[pack])

        dt = best_of(bulk, args.repeat)
        extra[f"engine_bulk_s[{pack}]"] = dt
        fb = holder[pack].fallbacks
        extra[f"engine_bulk_fallbacks[{pack}]"] = fb
        parts: dict[str, list[str]] = {}
        for part in sorted(fb):
            kind, _, what = part.partition(":")
            parts.setdefault(kind, []).append(what)
        note = "" if not fb else " — on the scalar fallback: " + "; ".join(
            f"{kind} {', '.join(whats)} (× {max(fb[f'{kind}:{w}'] for w in whats):,} alliances)"
            for kind, whats in parts.items())
        rows.append(_bulk_row(args.n, f"our engine, {pack}: evaluate(prepared){note}", dt))
        if pack == jn:
            extra["engine_bulk_s"] = dt
    extra["engine_prepare_s"] = extra[f"engine_prepare_s[{jn}]"]
    res = holder[jn]

    # what-if: the district recognition award 30 → 40 万元 over the same prepared register (the compiled pack for
    # these overrides is cached after the warm-up; a new value's first run, compile included, is timed apart)
    whatif = dict(engine_adapter.WHATIF)

    def what_if() -> None:
        holder["whatif"] = engine_adapter.evaluate(prepared[jn], whatif)

    dt = best_of(what_if, args.repeat)
    extra["engine_whatif_s"] = dt
    [(name, value)] = whatif.items()
    rows.append(_bulk_row(args.n, f"our engine, Jiangning what-if {name} = {value}: evaluate(prepared, overrides)",
                          dt))
    cold = {name: engine_adapter.WHATIF_COLD}
    t0 = time.perf_counter()
    engine_adapter.evaluate(prepared[jn], cold)
    dt = extra["engine_whatif_cold_s"] = time.perf_counter() - t0
    rows.append(_bulk_row(args.n, f"our engine, Jiangning what-if {name} = {engine_adapter.WHATIF_COLD}: "
                          "first evaluate of a new value (pack compile included, once)", dt))
    t0 = time.perf_counter()
    engine_adapter.batch(jn, reg, on)
    dt = extra["engine_run_register_s"] = time.perf_counter() - t0
    rows.append(_bulk_row(args.n, "our engine, Jiangning run_register = prepare + evaluate (once)", dt))
    e, p_ = extra["engine_bulk_s"], extra["engine_prepare_s"]
    rows.append(_bulk_row(args.n, "our engine, Jiangning evaluate + prepare", e + p_))
    rows.append(_bulk_row(args.n, "our engine, Jiangning evaluate + prepare + Facts → columns", e + p_ + reg_s))
    rows.append(_bulk_row(args.n, "our engine, Jiangning evaluate + prepare + Facts → columns + records → Facts",
                          e + p_ + reg_s + facts_s))
    t0 = time.perf_counter()
    all_rows = engine_adapter.batch_rows(res)
    dt = extra["engine_rows_s"] = time.perf_counter() - t0
    rows.append(_bulk_row(args.n, "our engine, Jiangning, VectorResult.rows() → BatchRow objects (once, "
                          "after run_register; not needed for totals)", dt))
    base_total, wi = res.total_decimal(), holder["whatif"]
    print(f"\nJiangning bulk, fixed amounts due: {base_total:,.2f} 万元; what-if {name} = {value}: "
          f"{wi.total_decimal():,.2f} 万元 (Δ {wi.total_decimal() - base_total:,.2f})")
    extra["whatif_total"] = {"base": str(base_total), "whatif": str(wi.total_decimal())}

    # -- agreement
    ids = [r["id"] for r in records]
    k = min(args.check, len(records))
    # 1. vector columns vs OpenFisca's vectorised outputs, every alliance
    cols = engine_adapter.vector_columns(jn, res)
    vec_problems, counts = compare_columns(of_out, cols, ids)
    problems += vec_problems
    print(f"agreement vector vs OpenFisca on all {args.n:,} alliances: "
          f"{sum(counts.values())} disagreement(s){' ' + str(counts) if counts else ''}")
    extra["vector_vs_openfisca_counts"] = counts
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
    # the bulk totals, all N: engine vector vs OpenFisca vectorised
    for key in ("total_min", "total_max"):
        ours = Decimal(int(cols[key].sum())) / 10000
        theirs = Decimal(repr(float(of_out[key].astype(numpy.float64).sum()))).quantize(Decimal("0.01"))
        print(f"bulk {key}: engine {ours:,.2f} 万元, OpenFisca {theirs:,.2f} 万元")
        extra[f"bulk_{key}"] = {"engine": str(ours), "openfisca": str(theirs)}

    return rows, problems, extra


if __name__ == "__main__":
    raise SystemExit(main())
