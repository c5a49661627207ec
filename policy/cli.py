"""``python -m policy`` — packs, check, entitle, deadlines, consequences, compare, simulate, docs."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from decimal import Decimal
from typing import Any

from . import api
from .dates import parse_date
from .facts import load_facts
from .params import ParameterError
from .types import jsonable


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
    for it in items or ():
        k, _, v = it.partition("=")
        out[k.strip()] = v.strip()
    return out


def _out(args: argparse.Namespace, data: Any, text: str) -> None:
    if args.json:
        print(json.dumps(jsonable(data), ensure_ascii=False, indent=2))
    else:
        print(text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m policy", description="policy engine for alliance regulations")
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
    pd = sub.add_parser("docs", help="write docs/policy/packs/<pack>.md")
    pd.add_argument("--out", default=None)
    args = ap.parse_args(argv)

    if args.cmd == "docs":
        from .docs import write_all
        for path in write_all(args.out):
            print(path)
        return 0
    if args.cmd == "packs":
        rows = api.packs(args.on)
        from .loader import pack_errors
        for name, err in pack_errors().items():
            print(f"refused: {name}: {err}", file=sys.stderr)
        _out(args, rows, _table([[r["pack"], r["doc"], r["region"], r["level"], r["in_force"], r["lapses"] or "—",
                                  r.get("status", "")] for r in rows],
                                ["pack", "doc", "region", "level", "in force", "lapses", "status"]))
        return 0
    on = parse_date(args.on)
    if on is None:
        ap.error("--on DATE is required (nothing reads the clock)")
    assert isinstance(on, dt.date)
    all_facts = load_facts(args.facts)
    packs = [args.pack] if getattr(args, "pack", None) else None
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
            ap.error(f"{f.id}: no pack for region {f.region!r}; give --pack")
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
                try:
                    r = api.simulate(pk, [f], on, _overrides(args.set), year=args.year)
                except ParameterError as e:  # a malformed --set: a usage error, not a traceback
                    ap.error(str(e))
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
