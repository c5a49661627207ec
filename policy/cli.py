"""``python -m policy`` — packs, check, entitle, deadlines, consequences, compare, simulate, docs, schema.

Exit status: 0 done; 2 input refused (bad facts, unknown pack, bad date, bad ``--set``, bad usage), every
problem printed with its path in Chinese and English (``--json``: as data), never a traceback."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import api
from .errors import InputError, OverrideError, Problem, UnknownPackError
from .facts import load_facts
from .inputs import date_arg, overrides_arg, pack_arg
from .types import jsonable


class UsageError(InputError):
    code = "bad_usage"
    zh_title = "命令行用法有误"
    en_title = "bad usage"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own complaints, as a typed error (text or --json)
        raise UsageError([Problem("", f"命令行参数有误：{message}（python -m policy --help 查看用法）",
                                  f"{message} (python -m policy --help shows the usage)")])


def _table(rows: list[list[Any]], head: list[str]) -> str:
    cells = [head] + [[("" if c is None else str(c)) for c in r] for r in rows]

    def w(s: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)

    widths = [max(w(r[i]) for r in cells) for i in range(len(head))]
    lines = []
    for j, r in enumerate(cells):
        lines.append("  ".join(c + " " * (widths[i] - w(c)) for i, c in enumerate(r)).rstrip())
        if j == 0:
            lines.append("  ".join("-" * x for x in widths))
    return "\n".join(lines)


def _overrides(items: list[str] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    bad = [Problem(f"--set {it:.60}", "应写作 参数=值，如 jiangning.recognition_award.district=40",
                   "write PARAM=VALUE, e.g. jiangning.recognition_award.district=40")
           for it in items or () if "=" not in it]
    for it in items or ():
        if "=" in it:
            k, _, v = it.partition("=")
            out[k.strip()] = v.strip()
    try:
        overrides_arg(out, "--set")  # refused by spelling, before any Decimal
    except OverrideError as e:
        bad += e.problems
    if bad:
        raise OverrideError(bad)
    return out


def _out(args: argparse.Namespace, data: Any, text: str) -> None:
    if args.json:
        print(json.dumps(jsonable(data), ensure_ascii=False, indent=2))
    else:
        print(text)


def main(argv: list[str] | None = None) -> int:
    """Run the command; bad input prints its problems (stderr, or stdout as JSON with --json) and returns 2."""
    try:
        return _main(argv)
    except InputError as e:
        if "--json" in (sys.argv[1:] if argv is None else argv):
            print(json.dumps(e.to_dict(), ensure_ascii=False, indent=2))
        else:
            print(f"{e.zh_title} / {e.en_title}:", file=sys.stderr)
            for p in e.problems:
                where = p.path or ("(command line)" if isinstance(e, UsageError) else "(document)")
                print(f"  {where}: {p.zh}\n  {' ' * len(where)}  {p.en}", file=sys.stderr)
        return 2


def _main(argv: list[str] | None) -> int:
    ap = _Parser(prog="python -m policy", description="policy engine for alliance regulations")
    sub = ap.add_subparsers(dest="cmd", required=True)

    def common(p: argparse.ArgumentParser, facts: bool = True, pack: bool = True) -> None:
        if pack:
            p.add_argument("--pack", required=False, help="pack id, key, folder or region code")
        if facts:
            p.add_argument("facts", help="facts file (YAML or JSON)")
        p.add_argument("--on", required=False, help="date (YYYY-MM-DD); required except for `packs`")
        p.add_argument("--json", action="store_true")

    p = sub.add_parser("packs", help="list packs with validity")
    p.add_argument("--on")
    p.add_argument("--json", action="store_true")
    for name in ("check", "entitle", "deadlines", "consequences"):
        common(sub.add_parser(name))
    sub.choices["entitle"].add_argument("--year", type=int)
    common(sub.add_parser("compare"), pack=False)
    ps = sub.add_parser("simulate")
    common(ps)
    ps.add_argument("--set", action="append", metavar="PARAM=VALUE", help="e.g. jiangning.recognition_award.district=40")
    ps.add_argument("--year", type=int)
    pd = sub.add_parser("docs", help="write docs/policy/packs/<pack>.md and docs/policy/pack.schema.json")
    pd.add_argument("--out", default=None)
    psc = sub.add_parser("schema", help="print (or write) the JSON Schema of the facts format")
    psc.add_argument("what", choices=["facts"])
    psc.add_argument("--out", default=None, help="write there (e.g. docs/policy/facts.schema.json)")
    pl = sub.add_parser("lint", help="check packs: schema, unused parameters, article coverage, transitions, cases")
    pl.add_argument("pack", nargs="?")
    pt = sub.add_parser("test", help="run the packs' YAML test cases (policy/packs/<pack>/tests/*.yaml)")
    pt.add_argument("pack", nargs="?")
    args = ap.parse_args(argv)
    if args.cmd in ("lint", "test"):
        from .packcli import lint_main, test_main
        return lint_main(args.pack) if args.cmd == "lint" else test_main(args.pack)

    if args.cmd == "docs":
        from .docs import write_all
        from .schema import write_schema
        for path in write_all(args.out):
            print(path)
        print(write_schema())
        return 0
    if args.cmd == "schema":
        from .facts_schema import schema_text
        if args.out:
            Path(args.out).write_text(schema_text(), encoding="utf-8")
            print(args.out)
        else:
            sys.stdout.write(schema_text())
        return 0
    if args.cmd == "packs":
        rows = api.packs(date_arg(args.on, "--on") if args.on else None)
        from .loader import pack_errors
        for name, err in pack_errors().items():
            print(f"refused: {name}: {err}", file=sys.stderr)
        _out(args, rows, _table([[r["pack"], r["doc"], r["region"], r["level"], r["in_force"], r["lapses"] or "—",
                                  r.get("status", "")] for r in rows],
                                ["pack", "doc", "region", "level", "in force", "lapses", "status"]))
        return 0
    if not args.on:
        ap.error("--on DATE is required (nothing reads the clock)")
    on = date_arg(args.on, "--on")
    packs = [pack_arg(args.pack, "--pack").id] if getattr(args, "pack", None) else None
    overrides = _overrides(args.set) if args.cmd == "simulate" else {}
    all_facts = load_facts(args.facts)
    results: list[Any] = []
    texts: list[str] = []
    for f in all_facts:
        chosen = packs or [r["pack"] for r in api.packs() if r["region"] in (f.region, f.region[:4] + "00",
                                                                           f.region[:2] + "0000")] or None
        if args.cmd == "compare":
            c = api.compare(f, on)
            results.append(c)
            texts.append(f"{f.id} {f.name} — {on}\n" + _table(
                [[r["pack"], r["text"], r["eligibility"], ",".join(r["failed"]) or "—", len(r["review"]),
                  r["money_status"], r["total"], len(r["deadlines_open"]),
                  ",".join(c_["id"] for c_ in r["consequences"]) or "—"] for r in c.rows],
                ["pack", "text", "eligibility", "failed", "review", "money", "total 万元", "open deadlines",
                 "consequences"]))
            continue
        if not chosen:
            raise UnknownPackError([Problem("--pack", f"{f.id}：没有适用于地区 {f.region!r} 的政策包，请用 --pack 指定",
                                            f"{f.id}: no pack for region {f.region!r}; give --pack")])
        for pk in chosen:
            r: Any
            if args.cmd == "check":
                r = api.check_eligibility(pk, f, on)
                results.append(r)
                texts.append(f"{f.id} under {r.pack} on {on}: {r.status}\n" + _table(
                    [[c.id, c.status, c.check, c.citation.article, c.zh] for c in r.conditions],
                    ["condition", "status", "check", "article", "条件"]) +
                    "".join(f"\n! {x.zh} / {x.en}" for x in r.refusals))
            elif args.cmd == "entitle":
                r = api.entitlements(pk, f, on, year=args.year)
                results.append(r)
                texts.append(f"{f.id} under {r.pack} on {on}: {r.status}, total {r.total} 万元\n" + _table(
                    [[e.rule, e.citation.article, e.payee, e.amount if e.amount is not None else "—",
                      "" if e.range is None else f"[{e.range[0] if e.range[0] is not None else '—'}, "
                                                 f"{e.range[1] if e.range[1] is not None else '—'}]",
                      e.status, e.formula] for e in r.entitlements],
                    ["rule", "article", "payee", "amount", "range", "status", "formula"]) +
                    "".join(f"\n- {x.rule or ''} {x.code}: {x.zh}" for x in r.refusals) +
                    "".join(f"\n! conflict {c.matter}: {c.zh}" for c in r.conflicts))
            elif args.cmd == "deadlines":
                r = api.deadlines(pk, f, on)
                results.append(r)
                texts.append(f"{f.id} under {r.pack} on {on}: {r.status}\n" + _table(
                    [[d.duty, d.citation.article, d.actor, d.period, d.due or "—", d.status, d.filed or ""]
                     for d in r.deadlines], ["duty", "article", "actor", "period", "due", "status", "filed"]) +
                    "".join(f"\n! {x.zh}" for x in r.refusals))
            elif args.cmd == "consequences":
                r = api.consequences(pk, f, on)
                results.append(r)
                texts.append(f"{f.id} under {r.pack} on {on}: {r.status}\n" + _table(
                    [[c.id, c.citation.article, c.status, ",".join(c.effects), c.zh] for c in r.consequences],
                    ["consequence", "article", "status", "effects", "后果"]))
            elif args.cmd == "simulate":
                r = api.simulate(pk, [f], on, overrides, year=args.year)
                results.append(r)
                texts.append(f"{f.id} under {r.pack} on {on} with {r.overrides}\n" + _table(
                    [[x["alliance"], x["eligibility"], x["eligibility_scenario"], x["total"], x["total_scenario"],
                      x["delta"]] for x in r.rows],
                    ["alliance", "eligibility", "scenario", "total", "scenario total", "delta"]))
    _out(args, results if len(results) != 1 else results[0], "\n\n".join(texts))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

_ = Decimal  # money values print as Decimal strings
