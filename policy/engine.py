"""A pack compiled once into plain-Python callables; the single-case API and the batch path share it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .loader import Pack, get_pack
from .params import ParamSet
from .rules import deadlines as dl
from .rules import evaluation, money
from .rules.common import Ctx
from .rules.eligibility import compile_condition, condition_result
from .types import (
    ConsequencesResult,
    Deadline,
    DeadlinesResult,
    EligibilityResult,
    EntitlementsResult,
    Event,
    Facts,
    Refusal,
    TextStatus,
    TraceStep,
)

ZERO = Decimal("0")


def text_status(pack: Pack, on: dt.date) -> TextStatus:
    """Whether the pack's text is in force on ``on``, citing the article that says so."""
    ident = pack.identity
    start, end = pack.in_force, pack.lapses
    sup = tuple({"doc_no": s["doc_no"], "title": s.get("title"), "date": s.get("date"), "article": s["article"]}
                for s in ident.get("supersedes") or ())
    assumed = pack.in_force_assumed
    if assumed is not None:
        return _assumed_status(pack, on, assumed, sup)
    if start is not None and on < start:
        before = "；此前适用" + "、".join(s["doc_no"] for s in sup) if sup else ""
        before_en = "; before it: " + ", ".join(s["doc_no"] for s in sup) + " (not encoded)" if sup else ""
        return TextStatus(pack.id, pack.doc, ident["title"], ident["region"], ident["level"], "not_yet_in_force",
                          start, end, pack.cite(ident["in_force"]["article"], ident["in_force"].get("quote")),
                          f"{pack.doc}自{start}起施行，{on}尚未施行{before}",
                          f"{pack.doc} is in force from {start}; not yet on {on}{before_en}", sup)
    if end is not None and on > end:
        lap = ident["lapses"]
        return TextStatus(pack.id, pack.doc, ident["title"], ident["region"], ident["level"], "lapsed", start, end,
                          pack.cite(lap["article"], lap.get("quote")),
                          f"{pack.doc}有效期至{end}（{lap['article']}），{on}已失效",
                          f"{pack.doc} applied until {end} ({lap['article']}); lapsed on {on}", sup)
    return TextStatus(pack.id, pack.doc, ident["title"], ident["region"], ident["level"], "in_force", start, end,
                      pack.cite(ident["in_force"]["article"], ident["in_force"].get("quote")),
                      f"{pack.doc}于{on}有效" + ("" if start else "（原文未载明施行日期）"),
                      f"{pack.doc} is in force on {on}" + ("" if start else " (the text gives no date)"), sup)


def _assumed_status(pack: Pack, on: dt.date, a: dict[str, Any], sup: tuple[dict[str, Any], ...]) -> TextStatus:
    """The text gives no in-force date: say so, and name the assumption applied and who confirmed it."""
    ident = pack.identity
    inf = ident["in_force"]
    who = (f"经{a['confirmed_by']}于{a['confirmed_on']}确认" if a.get("confirmed_by") else "尚未经主管部门确认")
    who_en = (f"confirmed by {a['confirmed_by']} on {a['confirmed_on']}" if a.get("confirmed_by")
              else "not yet confirmed by a bureau")
    zh = f"{pack.doc}原文未载明施行日期（{inf['article']}“{inf.get('quote', '')}”）；按假定自{a['date']}起适用（{who}）"
    en = (f"{pack.doc} gives no in-force date ({inf['article']}); applied on the assumption that it is in force from "
          f"{a['date']} ({who_en})")
    status = "not_yet_in_force" if on < a["date"] else ("lapsed" if pack.lapses and on > pack.lapses else "in_force")
    if status == "not_yet_in_force":
        zh, en = f"{zh}；{on}在假定施行日之前", f"{en}; {on} is before the assumed day"
    return TextStatus(pack.id, pack.doc, ident["title"], ident["region"], ident["level"], status, None, pack.lapses,
                      pack.cite(inf["article"], inf.get("quote")), zh, en, sup, in_force_known=False,
                      assumption=dict(a))


def _not_in_force(ts: TextStatus) -> Refusal | None:
    if ts.status == "in_force":
        return None
    return Refusal(ts.status if ts.status != "lapsed" else "not_in_force", ts.zh, ts.en, ts.citation)


class CompiledPack:
    """One pack with one set of overrides, compiled once; every method is a pure function of (facts, on)."""

    def __init__(self, pack: Pack, overrides: Mapping[str, Any] | None = None):
        self.pack = pack
        self.params = ParamSet(pack, overrides)
        d = pack.data
        self.conditions = [(c, compile_condition(pack.module, c)) for c in d.get("conditions") or ()]
        self.rules = list((d.get("money") or {}).get("rules") or ())
        self.duties = list(d.get("duties") or ())
        self.consequence_rules = list(d.get("consequences") or ())
        self.digest = pack.digest

    def ctx(self, facts: Facts, on: dt.date) -> Ctx:
        return Ctx(self.pack, self.params, facts, on)

    # -------------------------------------------------------------------------------- eligibility
    def eligibility(self, facts: Facts, on: dt.date, lean: bool = False) -> EligibilityResult:
        ctx = self.ctx(facts, on)
        ts = text_status(self.pack, on)
        refusals = [r for r in [_not_in_force(ts)] if r]
        results: list[Any] = []  # ConditionResult, or (id, status) pairs on the lean path
        fails = reviews = unknown = 0
        for c, fn in self.conditions:
            status, detail = fn(ctx)
            if status == "fail":
                fails += 1
            elif status == "review":
                reviews += 1
            elif status == "unknown":
                unknown += 1
            results.append(condition_result(ctx, c, status, detail) if not lean else (c["id"], status))
        if refusals:
            status = "not_in_force"
        elif fails:
            status = "not_eligible"
        elif reviews or unknown:
            status = "review"
        else:
            status = "eligible"
        if lean:
            return EligibilityResult(self.pack.id, self.digest, facts.id, on, status, (), (), (), ())
        if fails and not refusals:
            refusals.append(Refusal("not_eligible", "不符合认定条件：" + "；".join(r.zh for r in results if r.status == "fail"),
                                    "conditions not met: " + "; ".join(r.en for r in results if r.status == "fail"),
                                    next(r.citation for r in results if r.status == "fail")))
        questions = tuple({"condition": r.id, "article": r.citation.article, **(r.question or {})}
                          for r in results if r.status in ("review", "unknown"))
        trace = (TraceStep("text", ts.zh, ts.en, {"on": on}, None, ts.status, ts.citation), *tuple(TraceStep(r.id, r.zh, r.en, r.detail, None, r.status, r.citation) for r in results))
        return EligibilityResult(self.pack.id, self.digest, facts.id, on, status, tuple(results), tuple(refusals),
                                 questions, trace)

    # -------------------------------------------------------------------------------- deadlines & consequences
    def deadline_map(self, ctx: Ctx) -> dict[str, list[Deadline]]:
        return {d["id"]: dl.duty_deadlines(ctx, d) for d in self.duties}

    def deadlines(self, facts: Facts, on: dt.date) -> DeadlinesResult:
        ctx = self.ctx(facts, on)
        ts = text_status(self.pack, on)
        r = _not_in_force(ts)
        items = [x for xs in self.deadline_map(ctx).values() for x in xs] + dl.procedure_periods(ctx)
        items.sort(key=lambda x: (x.due or dt.date.max, x.duty))
        status = "not_in_force" if r else ("ok" if items else "nothing_due")
        return DeadlinesResult(self.pack.id, self.digest, facts.id, on, status, tuple(items), (r,) if r else ())

    def consequences(self, facts: Facts, on: dt.date, ctx: Ctx | None = None) -> ConsequencesResult:
        ctx = ctx or self.ctx(facts, on)
        ts = text_status(self.pack, on)
        r = _not_in_force(ts)
        dmap = self.deadline_map(ctx) if any(c["when"]["type"] == "duty_missed" for c in self.consequence_rules) \
            else {}
        out = [x for c in self.consequence_rules
               if (x := evaluation.evaluate(ctx, c, dmap, self.pack.module)) is not None]
        status = "not_in_force" if r else ("triggered" if any(c.status == "triggered" for c in out) else
                                           "review" if out else "none")
        return ConsequencesResult(self.pack.id, self.digest, facts.id, on, status, tuple(out), (r,) if r else ())

    # -------------------------------------------------------------------------------- money
    def entitlements(self, facts: Facts, on: dt.date, event: Event | None = None, year: int | None = None,
                     lean: bool = False) -> EntitlementsResult:
        ctx = self.ctx(facts, on)
        ts = text_status(self.pack, on)
        r = _not_in_force(ts)
        rules = self.rules
        if r and ts.status == "lapsed":  # commitments the bureau chose to honour after the lapse (after_lapse)
            rules = [x for x in self.rules if money.after_lapse_switch(self.params, x)]
        if r and not (ts.status == "lapsed" and rules):
            return EntitlementsResult(self.pack.id, self.digest, facts.id, on, "not_in_force", (), (r,), (), ZERO,
                                      ())
        cons = self.consequences(facts, on, ctx)
        blockers = [c for c in cons.consequences if c.blocks_money]
        if blockers:
            b = blockers[0]
            refs = tuple(Refusal("support_withdrawn", f"{b.zh}：不再享受本办法扶持", f"{b.en}: no support under this text",
                                 b.citation, rule["id"]) for rule in rules)
            return EntitlementsResult(self.pack.id, self.digest, facts.id, on, "nothing_due", (), refs, (), ZERO, ())
        ents = []
        refs_l: list[Refusal] = [r] if r else []
        for rule in rules:
            e, rf = money.run_rule(ctx, rule, year, event, lean)
            ents.extend(e)
            refs_l.extend(rf)
        ents, extra, conflicts = money.resolve_overlaps(ctx, ents)
        refs_l.extend(extra)
        total = sum((e.amount for e in ents if e.amount is not None and e.status == "due"), ZERO)
        status = "conflict" if conflicts else ("ok" if any(e.status in ("due", "decision", "conditional")
                                                           for e in ents) else "nothing_due")
        trace = () if lean else tuple(t for e in ents for t in e.trace)
        return EntitlementsResult(self.pack.id, self.digest, facts.id, on, status, tuple(ents), tuple(refs_l),
                                  tuple(conflicts), total, trace)


_CACHE: dict[tuple[str, str, tuple[tuple[str, str], ...]], CompiledPack] = {}


def compiled(pack: Pack | str, overrides: Mapping[str, Any] | None = None) -> CompiledPack:
    """The compiled pack for these overrides (cached)."""
    pack = get_pack(pack)
    key = (pack.id, pack.digest, tuple(sorted((k, str(v)) for k, v in (overrides or {}).items())))
    cp = _CACHE.get(key)
    if cp is None:
        cp = _CACHE[key] = CompiledPack(pack, overrides)
    return cp
