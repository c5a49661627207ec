"""Consequences of grade histories, flags and missed duties (warning, rectification, loss of support/title…)."""

from __future__ import annotations

from typing import Any

from ..types import Consequence, Deadline
from .common import Ctx


def _streak(ctx: Ctx, grades: list[str], years: int, kind: str) -> tuple[bool, list[int]]:
    seq = sorted((g.year, ctx.grade_label(g.grade)) for g in ctx.grades if g.kind == kind)
    run: list[int] = []
    best: list[int] = []
    prev = None
    for y, g in seq:
        if g in grades and (prev is None or y == prev + 1) and run:
            run.append(y)
        elif g in grades:
            run = [y]
        else:
            run = []
        prev = y
        if len(run) >= years:
            best = list(run)
    return bool(best), best


def evaluate(ctx: Ctx, c: dict[str, Any], deadlines: dict[str, list[Deadline]], custom: Any) -> Consequence | None:
    w = c["when"]
    t = w["type"]
    hit: bool | None = False
    reason: dict[str, Any] = {}
    if t == "grade":
        kind = w.get("kind", "yearly")
        gs = [g for g in ctx.grades if g.kind == kind]
        if gs:
            last = gs[-1]
            hit = ctx.grade_label(last.grade) in w["grades"]
            reason = {"year": last.year, "grade": ctx.grade_label(last.grade)}
            until = ctx.grade_valid_until(last)
            if until is not None:  # a grade with a validity period (e.g. 优秀 valid two years) lapses
                reason["valid_until"] = until
                hit = hit and ctx.on <= until
    elif t == "grade_streak":
        n = ctx.p(w["years"])
        hit, yrs = _streak(ctx, w["grades"], n, w.get("kind", "yearly"))
        reason = {"years": yrs, "needed": n}
    elif t == "rectification_failed":
        fails = [r for r in ctx.facts.rectifications if r.result == "fail" and r.ordered <= ctx.on]
        hit = bool(fails)
        reason = {"failed": [r.ordered for r in fails]}
    elif t == "flag":
        hit = w["flag"] in ctx.facts.flags
        reason = {"flag": w["flag"]}
    elif t == "duty_missed":
        missed = [d for d in deadlines.get(w["duty"], ()) if d.status in (w.get("statuses") or ("overdue", "late"))]
        hit = bool(missed)
        reason = {"missed": [{"period": d.period, "due": d.due, "status": d.status, "filed": d.filed}
                             for d in missed]}
    elif t == "expert":
        hit = None
    elif t == "custom":
        hit = custom.CONSEQUENCE_TESTS[w["name"]](ctx.facts, ctx.on, ctx)
    if hit is False:
        return None
    return Consequence(id=c["id"], status="review" if hit is None else "triggered", effects=tuple(c["effects"]),
                       scope=c.get("scope", "alliance"), blocks_money=bool(c.get("blocks_money")) and hit is True,
                       citation=ctx.cite(c["article"], c.get("quote")), zh=c["zh"], en=c["en"], reason=reason,
                       question=c.get("question") if hit is None else None)
