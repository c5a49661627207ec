"""Recognition conditions: generic tests named by the pack (``conditions[].test.type``)."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from ..dates import add_months
from ..types import ConditionResult, Member
from .common import Ctx

TestFn = Callable[[Ctx, dict[str, Any]], tuple[str, dict[str, Any]]]


def _match(ctx: Ctx, m: Member, t: dict[str, Any]) -> bool:
    if t.get("kinds") and m.kind not in t["kinds"]:
        return False
    if t.get("roles") and m.role not in t["roles"]:
        return False
    if "legal_person" in t and m.legal_person != t["legal_person"]:
        return False
    if t.get("flags") and not m.flags.issuperset(t["flags"]):
        return False
    return not ("in_region" in t and ctx.in_region(m) != t["in_region"])


def member_count(ctx: Ctx, t: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    need = ctx.p(t["min"])
    n = sum(1 for m in ctx.members if _match(ctx, m, t))
    return ("pass" if n >= need else "fail"), {"count": n, "min": need}


def member_share_in_region(ctx: Ctx, t: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    pool = [m for m in ctx.members if _match(ctx, m, {"kinds": t.get("kinds")} if t.get("kinds") else {})]
    if not pool:
        return "fail", {"members": 0}
    local = sum(1 for m in pool if ctx.in_region(m) and (not t.get("legal_person") or m.legal_person))
    share = Fraction(local, len(pool))
    threshold: Fraction = ctx.p(t["threshold"])
    ok = share > threshold if t.get("op", "ge") == "gt" else share >= threshold
    return ("pass" if ok else "fail"), {"in_region": local, "members": len(pool), "share": share,
                                        "threshold": threshold, "op": t.get("op", "ge")}


def lead(ctx: Ctx, t: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    m = ctx.lead
    if m is None:
        return "fail", {"lead": None, "why": "no lead unit among the active members"}
    ok = _match(ctx, m, t)
    return ("pass" if ok else "fail"), {"lead": m.org_id, "kind": m.kind, "legal_person": m.legal_person,
                                        "region": m.region, "in_region": ctx.in_region(m)}


def kinds_present(ctx: Ctx, t: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    have = {m.kind for m in ctx.members}
    missing = [g for g in t["groups"] if not have.intersection(g)]
    return ("fail" if missing else "pass"), {"kinds": sorted(have), "missing_groups": missing}


def all_members(ctx: Ctx, t: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    bad = [m.org_id for m in ctx.members if not _match(ctx, m, t)]
    if not ctx.members:
        return "fail", {"members": 0}
    return ("fail" if bad else "pass"), {"not_matching": bad}


def chain_coverage(ctx: Ctx, t: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    kinds = t.get("kinds") or ["enterprise"]
    have = {m.chain_position for m in ctx.members if m.kind in kinds and m.chain_position}
    missing = [p for p in t.get("positions", ["up", "mid", "down"]) if p not in have]
    return ("fail" if missing else "pass"), {"covered": sorted(have), "missing": missing}


def founded_at_least(ctx: Ctx, t: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """``since: founded`` (default) or ``since: operating_since`` (运行满…: when it started operating; the
    founding date stands in when the facts give no separate one)."""
    since = t.get("since", "founded")
    start = ctx.facts.founded if since == "founded" else (ctx.facts.operating_since or ctx.facts.founded)
    if start is None:
        return "unknown", {"why": f"{since} date missing"}
    months = ctx.p(t["months"])
    from_day = add_months(start, months)
    return ("pass" if ctx.on >= from_day else "fail"), {since: start, "months": months,
                                                         "satisfied_from": from_day}


def flags(ctx: Ctx, t: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The flags are present — or, with ``once: <event kind>``, only required once such an event has happened
    (e.g. Henan 第九条: what construction must produce is checked after construction was approved)."""
    if t.get("once"):
        days = [e.date for e in ctx.facts.events if e.kind == t["once"] and e.date is not None and e.date <= ctx.on]
        if not days:
            return "pass", {"stage": "not_yet_required", "once": t["once"], "required": list(t.get("all", ()))}
        status, detail = flags(ctx, {k: v for k, v in t.items() if k != "once"})
        return status, {"stage": "required", "once": t["once"], "since": min(days), **detail}
    have = ctx.facts.flags
    missing = [f for f in t.get("all", ()) if f not in have]
    any_ok = not t.get("any") or bool(have.intersection(t["any"]))
    return ("pass" if not missing and any_ok else "fail"), {"missing": missing,
                                                           **({"any_of": t["any"]} if t.get("any") else {})}


def achievements(ctx: Ctx, t: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    if ctx.facts.kind in (t.get("exempt_alliance_kinds") or ()):
        return "pass", {"exempt": ctx.facts.kind}
    need = ctx.p(t["min"])
    n = sum(1 for a in ctx.facts.achievements if a.kind in t["kinds"] and (a.date is None or a.date <= ctx.on))
    return ("pass" if n >= need else "fail"), {"count": n, "min": need, "kinds": t["kinds"]}


def no_open_objection(ctx: Ctx, t: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Not recognisable while an objection to the public notice is unresolved (or was upheld): the facts'
    ``objections`` as of the date (Kunming 第十一条 "公示期满无异议的")."""
    open_ = [o for o in ctx.facts.objections if o.open_on(ctx.on)]
    if not open_:
        return "pass", {"objections": sum(1 for o in ctx.facts.objections if o.raised <= ctx.on), "open": 0}
    return "fail", {"open": len(open_), "upheld": sum(1 for o in open_ if o.result == "upheld"),
                    "raised": [o.raised for o in open_]}


TESTS: dict[str, TestFn] = {
    "member_count": member_count, "member_share_in_region": member_share_in_region, "lead": lead,
    "kinds_present": kinds_present, "all_members": all_members, "chain_coverage": chain_coverage,
    "founded_at_least": founded_at_least, "flags": flags, "achievements": achievements,
    "no_open_objection": no_open_objection,
}


def compile_condition(pack_module: Any, c: dict[str, Any]) -> Callable[[Ctx], tuple[str, dict[str, Any]]]:
    """A closure returning (status, detail) for one condition of a pack."""
    if c["check"] == "expert":
        return lambda ctx: ("review", {})
    t = c["test"]
    if t["type"] == "custom":
        fn = pack_module.CONDITION_TESTS[t["name"]]
        return lambda ctx: fn(ctx.facts, ctx.on, ctx)
    test = TESTS[t["type"]]
    return lambda ctx: test(ctx, t)


def condition_result(ctx: Ctx, c: dict[str, Any], status: str, detail: dict[str, Any]) -> ConditionResult:
    return ConditionResult(
        id=c["id"], status=status, check=c["check"], zh=c["zh"], en=c["en"],
        citation=ctx.cite(c["article"], c.get("quote")), detail=detail,
        question=c.get("question") if status == "review" else None, reading=c.get("reading"))
