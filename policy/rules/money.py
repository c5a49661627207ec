"""Money: generic mechanisms driven by the pack's ``money.rules`` (amounts in 万元, Decimal)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..dates import add_years
from ..types import LEVEL_RANK, Conflict, Entitlement, Event, Member, Payment, Refusal, TraceStep
from .common import Ctx, fmt, pct, times
from .formula import article, both, wan
from .formula import between as _between
from .formula import cap as cap_words
from .formula import capped as _capped
from .formula import yearly as _yearly

ZERO = Decimal("0")
SUBTRACTIVE = {"cumulative_topup", "yearly_cap", "multi_year", "percentage_with_cap"}


@dataclass(frozen=True)
class Trig:
    matter: str
    date: dt.date | None
    year: int | None = None
    level: str | None = None
    event: Event | None = None
    item: Any = None
    member: Member | None = None
    label: str = ""  # the fact's id: what tells two triggers apart
    name: str = ""  # what people call it (an achievement's title, a level in the pack's words), when known
    name_en: str = ""

    @property
    def words(self) -> str:
        """The trigger as explanations name it: its name, else its id."""
        return self.name or self.label

    @property
    def words_en(self) -> str:
        return self.name_en or self.words


def level_words(rule: dict[str, Any], level: str | None) -> tuple[str, str]:
    """(zh, en) of a level code in the rule's explanations: the pack's ``level_words`` (the text's own words
    are law, so they live in the pack), else the code."""
    w = (rule.get("level_words") or {}).get(level or "") or {}
    return str(w.get("zh") or level or ""), str(w.get("en") or w.get("zh") or level or "")


def rule_key(ctx: Ctx, rule: dict[str, Any]) -> str:
    return f"{ctx.pack.id}#{rule['id']}"


def paid_under(ctx: Ctx, rule: dict[str, Any]) -> list[Payment]:
    key = rule_key(ctx, rule)
    return [p for p in ctx.facts.payments
            if (p.date is None or p.date <= ctx.on)
            and (p.rule == key or (p.rule is None and p.source is None and p.article == rule["article"]))]


def _year(t: Trig) -> int | None:
    return t.year if t.year is not None else (t.date.year if t.date else None)


def _period(p: Payment) -> int | None:
    return p.year if p.year is not None else (p.date.year if p.date else None)


def _settled_refusal(ctx: Ctx, rule: dict[str, Any], tg: Trig, p: Payment) -> Refusal:
    """A claim decided and paid is settled: never recomputed into a second payment (reading ``settled_claims``)."""
    return Refusal("settled", f"{tg.words}：已决定并支付（{p.id}，{p.date}，{fmt(p.amount)}万元），该期已结清，不再重新计算",
                   f"{tg.words_en}: decided and paid ({p.id}, {p.date}, {fmt(p.amount)}); settled, not recomputed",
                   ctx.cite(rule["article"], rule.get("quote")), rule["id"], tg.matter,
                   {"payment": p.id, "date": p.date, "amount": p.amount, "article": p.article, "year": p.year})


def settle(claims: list[Trig], paid: list[Payment]) -> dict[int, Payment]:
    """Which claims (by index) a payment already settled. A payment naming a year settles the claims of its
    matter for that year; one without a year settles the oldest unsettled claim of its matter dated on or
    before it. Claims and payments are taken oldest first."""
    out: dict[int, Payment] = {}
    order = sorted(range(len(claims)), key=lambda i: (claims[i].date or dt.date.min, claims[i].label))
    for p in sorted(paid, key=lambda p: (p.date or dt.date.min, p.id)):
        same = [i for i in order if claims[i].matter == p.matter]
        if p.year is not None:
            hit = [i for i in same if _year(claims[i]) == p.year]
            for i in hit:
                out.setdefault(i, p)
            if hit:
                continue
        for i in same:
            c = claims[i]
            if i not in out and (p.date is None or c.date is None or c.date <= p.date):
                out[i] = p
                break
    return out


# ------------------------------------------------------------------------------------------- triggers
def triggers(ctx: Ctx, rule: dict[str, Any], year: int | None, event: Event | None) -> list[Trig]:
    tr = rule["trigger"]
    rid = rule["id"]
    t = tr["type"]
    if t == "level":
        want = tr.get("levels")
        return [Trig(matter=f"{rid}:{r.level}", date=r.since, level=r.level, item=r,
                     label=f"{r.level} {r.since}", name=f"{level_words(rule, r.level)[0]} {r.since}",
                     name_en=f"{level_words(rule, r.level)[1]} {r.since}")
                for r in ctx.levels if not want or r.level in want]
    if t == "event":
        evs = [event] if event is not None else list(ctx.facts.events)
        out = []
        for e in evs:
            if e.kind not in tr["kinds"]:
                continue
            if e.date is not None and e.date > ctx.on:
                continue
            y = e.year if e.year is not None else (e.date.year if e.date else None)
            if year is not None and y != year:
                continue
            out.append(Trig(matter=e.matter or f"{rid}:{e.id}", date=e.date, year=y, event=e, label=e.id))
        return out
    if t == "achievement":
        out = []
        for a in ctx.facts.achievements:
            if a.kind in tr["kinds"] and (a.date is None or a.date <= ctx.on):
                if year is not None and (a.date is None or a.date.year != year):
                    continue
                out.append(Trig(matter=a.matter or f"{rid}:{a.id}", date=a.date, item=a, level=a.level,
                                label=a.id, name=a.title or ""))
        return out
    if t == "yearly":
        if event is not None:
            evs = [event] if event.kind == rid else []
        else:
            evs = [e for e in ctx.facts.events if e.kind == rid]
        if evs:
            return [Trig(matter=e.matter or f"{rid}:{e.year or (e.date.year if e.date else '')}", date=e.date,
                         year=e.year or (e.date.year if e.date else None), event=e, label=e.id)
                    for e in evs if year is None or (e.year or (e.date.year if e.date else None)) == year]
        y = year if year is not None else ctx.on.year
        return [Trig(matter=f"{rid}:{y}", date=min(ctx.on, dt.date(y, 12, 31)), year=y, label=str(y))]
    raise ValueError(t)


# ------------------------------------------------------------------------------------------- requires
def _grade_words(ctx: Ctx, grade: str) -> tuple[str, str]:
    """(zh, en) of a grade as the pack's evaluation scale words it; the code where the scale does not."""
    for g in (ctx.pack.data.get("evaluation") or {}).get("scale") or ():
        if g.get("id") == grade:
            return str(g.get("zh") or grade), str(g.get("en") or g.get("zh") or grade)
    return grade, grade


def check_requires(ctx: Ctx, rule: dict[str, Any], trig: Trig) -> tuple[Refusal | None, list[str]]:
    """(refusal, review notes) for the rule's ``requires`` on one trigger."""
    notes: list[str] = []
    cite = ctx.cite(rule["article"], rule.get("quote"))
    for q in rule.get("requires") or ():
        t = q["type"]
        label_zh, label_en = q.get("zh", ""), q.get("en", "")
        if t == "recognised":
            if ctx.recognised_since is None:
                return Refusal("not_eligible", f"{ctx.pack.identity['title']}：联盟未经本办法认定",
                               "the alliance is not recognised under this text", cite, rule["id"], trig.matter), notes
        elif t == "recognised_for":
            yrs = ctx.p(q["years"])
            since = ctx.recognised_since
            at = _judged_on(ctx, q, trig)
            if since is None or add_years(since, yrs) > at:
                return Refusal("not_eligible", f"{at}认定未满{yrs}年（认定日 {since}）",
                               f"on {at} recognised for less than {yrs} year(s) (recognised {since})", cite,
                               rule["id"], trig.matter), notes
        elif t == "event_flag":
            if trig.event is None or q["flag"] not in trig.event.flags:
                return Refusal("not_eligible", f"条件不满足：{label_zh or q['flag']}",
                               f"condition not met: {label_en or q['flag']}", cite, rule["id"], trig.matter), notes
        elif t == "flag":
            if q["flag"] not in ctx.facts.flags:
                return Refusal("not_eligible", f"条件不满足：{label_zh or q['flag']}",
                               f"condition not met: {label_en or q['flag']}", cite, rule["id"], trig.matter), notes
        elif t == "grade_in":
            y = _year(trig)
            g = ctx.grade_of(y) if y is not None else None
            if g is None:
                notes.append(f"待评价：{y}年度评价结果缺失（{label_zh}） / review: no evaluation for {y} ({label_en})")
            elif g not in q["grades"]:
                gzh, gen = _grade_words(ctx, g)
                return Refusal("not_eligible", f"{y}年度评价为“{gzh}”，不满足：{label_zh}",
                               f"{y} evaluation is “{gen}”: {label_en} not met", cite, rule["id"], trig.matter), notes
        elif t == "level_recommended_by":
            rec = trig.item
            if getattr(rec, "recommended_by", None) != q["by"]:
                return Refusal("not_eligible", f"晋级须经{label_zh or q['by']}推荐",
                               f"the upgrade must be recommended by {label_en or q['by']}", cite, rule["id"],
                               trig.matter), notes
        elif t == "lead_in_region":
            lead = ctx.lead
            if lead is None or not ctx.in_region(lead):
                where = ctx.pack.identity.get("region_name") or ctx.region  # the place by name, not its code
                return Refusal("not_eligible", f"牵头单位不在本辖区（{where}）注册",
                               f"the lead is not registered in the jurisdiction ({where})", cite, rule["id"],
                               trig.matter), notes
        elif t == "expert":
            notes.append(f"专家/主管部门判断：{q['question']['zh']} / review: {q['question']['en']}")
    return None, notes


def _judged_on(ctx: Ctx, q: dict[str, Any], trig: Trig) -> dt.date:
    """The date a condition is judged on: the date of the event it names (``judged_on: evaluation`` — the claim
    year's evaluation), else the trigger's date; never the date the question is asked when the event is dated."""
    if q.get("judged_on") == "evaluation":
        y = _year(trig)
        dated = [g.date for g in ctx.grades if g.year == y and g.kind == "yearly" and g.date is not None]
        if dated:
            return min(dated)
        if trig.event is not None and trig.event.date is not None:
            return trig.event.date
    return trig.date or ctx.on


# ------------------------------------------------------------------------------------------- payee
def payees(ctx: Ctx, rule: dict[str, Any], trig: Trig) -> tuple[list[str | None], Refusal | None]:
    kind = rule["payee"]
    cite = ctx.cite(rule["article"], rule.get("quote"))
    flt = rule.get("payee_filter") or {}

    def ok(m: Member | None) -> bool:
        if m is None:
            return not flt
        if flt.get("kinds") and m.kind not in flt["kinds"]:
            return False
        if "legal_person" in flt and m.legal_person != flt["legal_person"]:
            return False
        return not ("in_region" in flt and ctx.in_region(m) != flt["in_region"])

    if kind == "lead":
        return [ctx.facts.lead], None
    if kind == "alliance":
        return [ctx.facts.id], None
    if kind == "entity":
        return [(trig.event.payee if trig.event and trig.event.payee else f"{ctx.facts.id}:entity")], None
    if kind == "member":
        return [m.org_id for m in ctx.members if ok(m)], None
    if kind == "event_payee":
        pid = trig.event.payee if trig.event else None
        if pid is None:
            return [ctx.facts.id], None if not flt else Refusal(
                "payee_not_eligible", "未指明承担单位", "no payee named on the claim", cite, rule["id"], trig.matter)
        m = ctx.member(pid)
        if flt and not ok(m):
            what = "、".join(flt.get("kinds") or []) + ("，具备独立法人资格" if flt.get("legal_person") else "")
            return [], Refusal("payee_not_eligible", f"{pid} 不符合受益单位条件（仅限：{what}）",
                               f"{pid} is not an eligible payee (only: {', '.join(flt.get('kinds') or [])}"
                               f"{', legal person' if flt.get('legal_person') else ''})", cite, rule["id"],
                               trig.matter)
        return [pid], None
    raise ValueError(kind)


# ------------------------------------------------------------------------------------------- builders
def _fund(ctx: Ctx, rule: dict[str, Any]) -> str | None:
    f = rule.get("fund") or (ctx.pack.data.get("money") or {}).get("fund")
    if not f:
        return None
    return f"{f.get('zh', '')}（{ctx.pack.doc} {f['article']}）"


def _split(ctx: Ctx, rule: dict[str, Any], at: dt.date) -> dict[str, Any] | None:
    fs = rule.get("fiscal_split")
    if not fs:
        return None
    pv = ctx.params.get(fs["district_share"], at)
    words = {k: fs[k] for k in ("zh", "en", "quote") if fs.get(k)}
    if pv.value is None:
        return {"article": fs["article"], "district_share": None, "set_by": "bureau", **words}
    return {"article": fs["article"], "district_share": pv.value, "other_share": 1 - pv.value,
            "set_by": "bureau" if not pv.overridden else "override", **words}


def make(ctx: Ctx, rule: dict[str, Any], trig: Trig, payee: str | None, *, amount: Decimal | None,
         rng: tuple[Decimal | None, Decimal | None] | None, formula: str, inputs: dict[str, Any],
         zh: str, en: str, cap: Decimal | None = None, cap_applied: bool = False, notes: Iterable[str] = (),
         lean: bool = False) -> Entitlement:
    status = "due" if amount is not None and amount > 0 else ("decision" if amount is None else "nothing_due")
    if status == "due" and matching_unmet(ctx, rule, amount):
        status = "conditional"  # named in ``conditions`` (the unmet matching); not counted in the total
    cite = ctx.cite(rule["article"], rule.get("quote"))
    at = trig.date or ctx.on
    trace: tuple[TraceStep, ...] = ()
    if not lean:
        trace = (TraceStep(what=rule["id"], zh=zh, en=en, inputs=inputs, formula=formula,
                           result=amount if amount is not None else rng, citation=cite),)
    return Entitlement(
        rule=rule["id"], mechanism=rule["mechanism"], citation=cite, matter=trig.matter, payee=payee,
        amount=amount, range=rng, status=status, formula=formula, inputs=inputs, cap=cap, cap_applied=cap_applied,
        fund=_fund(ctx, rule), fiscal_split=_split(ctx, rule, at), conditions=tuple(notes), year=_year(trig),
        zh=zh, en=en, trace=trace)


def _refuse_paid(ctx: Ctx, rule: dict[str, Any], matter: str, payee: str | None) -> Refusal | None:
    """Already paid under this rule for this matter; or (no_double_funding) paid elsewhere for it."""
    cite = ctx.cite(rule["article"], rule.get("quote"))
    same_rule = paid_under(ctx, rule)
    for p in same_rule:
        if p.matter == matter and (payee is None or p.payee in (None, payee)):
            return Refusal("already_paid", f"该事项已按本条支付（{p.id}，{p.date}，{fmt(p.amount)}万元），不重复支付",
                           f"already paid under this article ({p.id}, {p.date}, {fmt(p.amount)}), not paid twice",
                           cite, rule["id"], matter, {"payment": p.id, "date": p.date, "amount": p.amount,
                                                     "article": p.article})
    ndf = (ctx.pack.data.get("money") or {}).get("no_double_funding")
    if ndf:
        for p in ctx.facts.payments:
            if p.matter == matter and p not in same_rule and (p.date is None or p.date <= ctx.on):
                src = p.source or f"{p.article}"
                return Refusal(
                    "double_funding",
                    f"同一事项已获其他政策资金支持（{p.id}：{src}，{p.date}，{fmt(p.amount)}万元），不再重复支持",
                    f"the same matter was already funded ({p.id}: {src}, {p.date}, {fmt(p.amount)}); "
                    "not funded twice", ctx.cite(ndf["article"], ndf.get("quote")), rule["id"], matter,
                    {"payment": p.id, "date": p.date, "amount": p.amount, "article": p.article, "source": p.source})
    return None


# ------------------------------------------------------------------------------------------- mechanisms
def _range_bounds(ctx: Ctx, rule: dict[str, Any], at: dt.date) -> tuple[Decimal | None, Decimal | None]:
    lo = ctx.params.value(rule["min"], at) if rule.get("min") else None
    hi = ctx.params.value(rule["max"], at) if rule.get("max") else None
    return lo, hi


def run_rule(ctx: Ctx, rule: dict[str, Any], year: int | None = None, event: Event | None = None,
             lean: bool = False) -> tuple[list[Entitlement], list[Refusal]]:
    ents: list[Entitlement] = []
    refs: list[Refusal] = []
    mech = rule["mechanism"]
    cite = ctx.cite(rule["article"], rule.get("quote"))
    trigs = triggers(ctx, rule, year, event)
    start = ctx.pack.in_force
    live: list[tuple[Trig, list[str]]] = []
    for tg in trigs:
        if start and tg.date and tg.date < start:
            refs.append(Refusal("before_in_force", f"{tg.words}：发生于本办法施行（{start}）之前，不适用本办法",
                                f"{tg.words_en}: dated before this text took effect ({start}); not under it",
                                ctx.cite(ctx.pack.identity["in_force"]["article"]), rule["id"], tg.matter))
            continue
        refusal, notes = check_requires(ctx, rule, tg)
        if refusal:
            refs.append(refusal)
            continue
        live.append((tg, notes))
    if mech == "cumulative_topup":
        return _topup(ctx, rule, live, lean, refs)
    if mech == "yearly_cap":
        return _yearly_cap(ctx, rule, live, lean, refs)
    if mech == "multi_year":
        return _multi_year(ctx, rule, live, lean, refs)
    if mech == "percentage_with_cap":
        return _percentage(ctx, rule, live, lean, refs)
    seen: set[tuple[str, str | None]] = set()
    for tg, notes in live:
        at = tg.date or ctx.on
        pay, prefusal = payees(ctx, rule, tg)
        if prefusal:
            refs.append(prefusal)
            continue
        for payee in pay:
            matter = tg.matter if rule["payee"] != "member" else f"{rule['id']}:{payee}"
            key = (matter, payee)
            if key in seen:
                continue
            seen.add(key)
            r = _refuse_paid(ctx, rule, matter, payee)
            if r:
                refs.append(r)
                continue
            t2 = replace(tg, matter=matter)
            if mech in ("fixed", "per_member_fixed"):
                a = ctx.params.value(rule["amount"], at)
                if a is None:  # a bureau-set amount the text does not give (e.g. Weinan 16 “一定的科研经费”)
                    decided = tg.event.decided if tg.event is not None else None
                    ents.append(make(ctx, rule, t2, payee, amount=decided, rng=(None, None),
                                     formula="由主管部门确定 / set by the bureau" if decided is None
                                     else both(f"主管部门决定{wan(decided)[0]}", f"decided by the bureau: {fmt(decided)}"),
                                     inputs={"amount": None, "decided": decided},
                                     zh=f"{rule['zh']}：金额由主管部门确定", en=f"{rule['en']}: amount set by the bureau",
                                     notes=notes, lean=lean))
                    continue
                ents.append(make(ctx, rule, t2, payee, amount=a, rng=None, formula=both(f"定额{wan(a)[0]}（{article(rule['article'])[0]}）",
                                                    f"fixed {fmt(a)} ({article(rule['article'])[1]})"),
                                 inputs={"amount": a}, zh=f"{rule['zh']}：{fmt(a)}万元", en=f"{rule['en']}: {fmt(a)}",
                                 notes=notes + _matching_notes(ctx, rule, a), lean=lean))
            elif mech == "fixed_by_level":
                pname = rule["amounts"].get(tg.level or "")
                if pname is None:
                    continue
                a = ctx.params.value(pname, at)
                lzh, len_ = level_words(rule, tg.level)
                ents.append(make(ctx, rule, t2, payee, amount=a, rng=None, formula=both(f"{lzh}：{wan(a)[0]}（{article(rule['article'])[0]}）",
                                                    f"{len_}: {fmt(a)} ({article(rule['article'])[1]})"),
                                 inputs={"level": tg.level, "amount": a}, zh=f"{rule['zh']}（{lzh}）：{fmt(a)}万元",
                                 en=f"{rule['en']} ({len_}): {fmt(a)}",
                                 notes=notes + _matching_notes(ctx, rule, a), lean=lean))
            elif mech == "per_item":
                pname = rule["rates"].get(tg.level or "")
                lzh, len_ = level_words(rule, tg.level)
                if pname is None:
                    refs.append(Refusal("not_eligible", f"{tg.words}：级别“{lzh}”不在本条列举之内",
                                        f"{tg.words_en}: level “{len_}” not listed in the article", cite, rule["id"],
                                        matter))
                    continue
                a = ctx.params.value(pname, at)
                ents.append(make(ctx, rule, t2, payee, amount=a, rng=None, formula=both(f"1项 × {wan(a)[0]}（{lzh}）", f"1 item × {fmt(a)} ({len_})"),
                                 inputs={"item": tg.label, "level": tg.level, "rate": a},
                                 zh=f"{rule['zh']}：{tg.words}（{lzh}）{fmt(a)}万元",
                                 en=f"{rule['en']}: {tg.words_en} ({len_}) {fmt(a)}", notes=notes, lean=lean))
            elif mech == "matching":
                ev = tg.event
                pname = (rule.get("rates") or {}).get(ev.kind) if ev else None
                pname = pname or rule.get("rate")
                if ev is None or ev.base is None:
                    refs.append(Refusal("missing_fact", "缺少拨款基数（base）", "the allocation (base) is missing",
                                        cite, rule["id"], matter))
                    continue
                assert pname is not None, f"{rule['id']}: no rate for {ev.kind}"  # the loader validates rates
                rate: Fraction = ctx.params.value(pname, at)
                a = times(ev.base, rate)
                ents.append(make(ctx, rule, t2, payee, amount=a, rng=None,
                                 formula=both(f"{wan(ev.base)[0]} × {pct(rate)} = {wan(a)[0]}",
                                              f"{fmt(ev.base)} × {pct(rate)} = {fmt(a)}"),
                                 inputs={"base": ev.base, "rate": rate, "kind": ev.kind},
                                 zh=f"{rule['zh']}：{fmt(ev.base)}万元 × {pct(rate)} = {fmt(a)}万元",
                                 en=f"{rule['en']}: {fmt(ev.base)} × {pct(rate)} = {fmt(a)}", notes=notes, lean=lean))
            elif mech == "range_decision":
                lo, hi = _range_bounds(ctx, rule, at)
                ents.append(_decide(ctx, rule, t2, payee, lo, hi, notes, lean, refs))
    ents = [e for e in ents if e is not None]
    return ents, refs


def _percentage(ctx: Ctx, rule: dict[str, Any], live: list[tuple[Trig, list[str]]], lean: bool,
                refs: list[Refusal]) -> tuple[list[Entitlement], list[Refusal]]:
    """base × rate, the cap shared by the scope (``matter``: cumulative per matter; ``year``; ``claim``). Claims
    run oldest first; a claim already paid is settled (never "cap − paid" again); the cap counts every payment
    in its scope."""
    ents: list[Entitlement] = []
    cite = ctx.cite(rule["article"], rule.get("quote"))
    scope = rule.get("cap_scope", "matter")
    live = sorted(live, key=lambda x: (x[0].date or dt.date.min, x[0].label))
    paid = paid_under(ctx, rule)
    done = settle([tg for tg, _ in live], paid)

    def skey(matter: str | None, year: int | None, claim: str) -> str:
        return matter or "" if scope == "matter" else (str(year) if scope == "year" else f"claim:{claim}")

    used: dict[str, Decimal] = defaultdict(lambda: ZERO)
    if scope != "claim":
        for p in paid:
            used[skey(p.matter, _period(p), "")] += p.amount
    seen: set[str] = set()
    for i, (tg, notes) in enumerate(live):
        ev = tg.event
        if tg.label in seen:
            continue
        seen.add(tg.label)
        if i in done:
            refs.append(_settled_refusal(ctx, rule, tg, done[i]))
            continue
        at = tg.date or ctx.on
        pay, prefusal = payees(ctx, rule, tg)
        if prefusal:
            refs.append(prefusal)
            continue
        payee = pay[0] if pay else None
        if ev is None or ev.base is None:
            refs.append(Refusal("missing_fact", "缺少计算基数（base）", "the base amount is missing", cite, rule["id"],
                                tg.matter))
            continue
        r = _refuse_paid(ctx, rule, tg.matter, payee) if scope == "claim" else None
        if r is None:
            r = _foreign_paid(ctx, rule, tg.matter)
        if r:
            refs.append(r)
            continue
        rate = ctx.params.value(rule["rate"], at)
        cap = ctx.params.value(rule["cap"], at)
        k = skey(tg.matter, _year(tg), ev.id)
        raw = times(ev.base, rate)
        avail = max(ZERO, cap - used[k])
        a = min(raw, avail)
        used[k] += a
        ents.append(make(ctx, rule, tg, payee, amount=a, rng=None,
                         formula=_capped(ev.base, rate, raw, cap_words(cap, rule["article"]), cap - avail, avail, a),
                         inputs={"base": ev.base, "rate": rate, "cap": cap, "already": cap - avail, "cap_scope": scope},
                         zh=f"{rule['zh']}：{fmt(ev.base)}万元 × {pct(rate)}，上限{fmt(cap)}万元 → {fmt(a)}万元",
                         en=f"{rule['en']}: {fmt(ev.base)} × {pct(rate)}, capped at {fmt(cap)} → {fmt(a)}",
                         cap=cap, cap_applied=raw > a, notes=notes, lean=lean))
    return ents, refs


def _foreign_paid(ctx: Ctx, rule: dict[str, Any], matter: str) -> Refusal | None:
    ndf = (ctx.pack.data.get("money") or {}).get("no_double_funding")
    if not ndf:
        return None
    same = paid_under(ctx, rule)
    for p in ctx.facts.payments:
        if p.matter == matter and p not in same and (p.date is None or p.date <= ctx.on):
            return Refusal("double_funding", f"同一事项已获其他政策资金支持（{p.id}：{p.source or p.article}），不再重复支持",
                           f"the same matter was already funded ({p.id}: {p.source or p.article}); not funded twice",
                           ctx.cite(ndf["article"], ndf.get("quote")), rule["id"], matter,
                           {"payment": p.id, "date": p.date, "amount": p.amount, "article": p.article,
                            "source": p.source})
    return None


def matching_unmet(ctx: Ctx, rule: dict[str, Any], amount: Decimal | None) -> bool:
    """The payee's required matching (``matching_required``) is not shown to be met: the money is
    ``conditional``, not due."""
    mr = rule.get("matching_required")
    if not mr or amount is None or amount <= 0:
        return False
    need = times(amount, ctx.p(mr["ratio"]))
    committed = [e.base for e in ctx.facts.events if e.kind == "lead_matching" and e.base is not None]
    return not committed or sum(committed, ZERO) < need


def _matching_notes(ctx: Ctx, rule: dict[str, Any], amount: Decimal) -> list[str]:
    mr = rule.get("matching_required")
    if not mr:
        return []
    ratio: Fraction = ctx.p(mr["ratio"])
    need = times(amount, ratio)
    committed = [e.base for e in ctx.facts.events if e.kind == "lead_matching" and e.base is not None]
    have = sum(committed, ZERO) if committed else None
    state = "未提供" if have is None else f"已配套{fmt(have)}万元"
    state_en = "not given" if have is None else f"committed {fmt(have)}"
    ok = have is not None and have >= need
    return [f"{'已满足' if ok else '须满足'}：牵头单位按不低于{fmt(ratio)}:1配套，即不少于{fmt(need)}万元（{state}；"
            f"{article(mr['article'])[0]}） / {'met' if ok else 'requires'}: lead matching ≥ {fmt(ratio)}:1, "
            f"i.e. ≥ {fmt(need)} ({state_en}; {article(mr['article'])[1]})"]


def _decide(ctx: Ctx, rule: dict[str, Any], tg: Trig, payee: str | None, lo: Decimal | None, hi: Decimal | None,
            notes: list[str], lean: bool, refs: list[Refusal]) -> Entitlement:
    ev = tg.event
    decided = ev.decided if ev is not None else None
    lo_s = fmt(lo) if lo is not None else "—"
    hi_s = fmt(hi) if hi is not None else "—"
    bounds_zh = (f"{lo_s}—{hi_s}万元" if lo is not None else f"不超过{hi_s}万元") if hi is not None else \
        "原文未规定金额，由主管部门确定"
    bounds_en = (f"{lo_s}–{hi_s}" if lo is not None else f"up to {hi_s}") if hi is not None else \
        "no amount in the text; the bureau sets it"
    if decided is not None:
        if (lo is not None and decided < lo) or (hi is not None and decided > hi):
            refs.append(Refusal("outside_range", f"决定金额{fmt(decided)}万元超出本条范围（{bounds_zh}）",
                                f"decided amount {fmt(decided)} is outside the article's range ({bounds_en})",
                                ctx.cite(rule["article"], rule.get("quote")), rule["id"], tg.matter))
            decided = None
    return make(ctx, rule, tg, payee, amount=decided, rng=(lo, hi),
                formula=_between(lo, hi, decided, rule["article"]),
                inputs={"min": lo, "max": hi, "decided": decided}, cap=hi,
                zh=f"{rule['zh']}：{bounds_zh}" + (f"，决定{fmt(decided)}万元" if decided is not None else "，待决定"),
                en=f"{rule['en']}: {bounds_en}" + (f", decided {fmt(decided)}" if decided is not None else
                                                    ", to be decided"),
                notes=notes, lean=lean)


def _topup(ctx: Ctx, rule: dict[str, Any], live: list[tuple[Trig, list[str]]], lean: bool,
           refs: list[Refusal]) -> tuple[list[Entitlement], list[Refusal]]:
    ceilings = rule["ceilings"]
    steps = [(tg, notes) for tg, notes in live if tg.level in ceilings]
    if not steps:
        return [], refs
    already = sum((p.amount for p in paid_under(ctx, rule)), ZERO)
    best_tg, best_c = steps[0][0], None
    path = []
    for tg, _n in steps:
        c = ctx.params.value(ceilings[tg.level], tg.date or ctx.on)
        path.append((tg.level, tg.date, c))
        if best_c is None or c > best_c:  # a ceiling of 0 (a what-if) is still a ceiling
            best_tg, best_c = tg, c
    assert best_c is not None
    due = max(ZERO, best_c - already)
    payee, _ = payees(ctx, rule, best_tg)
    tg = replace(best_tg, matter=f"{rule['id']}:{best_tg.level}")
    levels_zh = " → ".join(f"{level_words(rule, lvl)[0]}（{d}）累计{fmt(c)}" for lvl, d, c in path)
    ent = make(ctx, rule, tg, payee[0] if payee else None, amount=due, rng=None,
               formula=both(f"最高累计额度{wan(best_c)[0]}（{article(rule['article'])[0]}） − 已付{wan(already)[0]}"
                            f" = {wan(due)[0]}", f"highest cumulative ceiling {fmt(best_c)} "
                            f"({article(rule['article'])[1]}) − already paid {fmt(already)} = {fmt(due)}"),
               inputs={"levels": [{"level": lvl, "since": d, "cumulative_ceiling": c} for lvl, d, c in path],
                       "highest_ceiling": best_c, "already_paid": already},
               zh=f"{rule['zh']}：{levels_zh}；最高累计额度{fmt(best_c)}万元，已付{fmt(already)}万元，应付差额{fmt(due)}万元",
               en=f"{rule['en']}: highest cumulative ceiling {fmt(best_c)}, already paid {fmt(already)}, "
                  f"difference due {fmt(due)}", cap=best_c, cap_applied=already > 0, notes=steps[-1][1], lean=lean)
    return [ent], refs


def _yearly_cap(ctx: Ctx, rule: dict[str, Any], live: list[tuple[Trig, list[str]]], lean: bool,
                refs: list[Refusal]) -> tuple[list[Entitlement], list[Refusal]]:
    ents = []
    by_year: dict[int | None, list[tuple[Trig, list[str]]]] = defaultdict(list)
    for tg, notes in live:
        by_year[_year(tg)].append((tg, notes))
    paid = paid_under(ctx, rule)
    for y in sorted(by_year, key=lambda v: v or 0):
        at = dt.date(y, 12, 31) if y else ctx.on
        cap = ctx.params.value(rule["cap"], min(at, ctx.pack.lapses or at))
        used = sum((p.amount for p in paid if (p.year or (p.date.year if p.date else None)) == y), ZERO)
        for tg, notes in sorted(by_year[y], key=lambda x: (x[0].date or dt.date.min, x[0].label)):
            r = _refuse_paid(ctx, rule, tg.matter, None)
            if r:
                refs.append(r)
                continue
            remaining = max(ZERO, cap - used)
            ev = tg.event
            hi = remaining if ev is None or ev.base is None else min(remaining, ev.base)
            decided = ev.decided if ev is not None else None
            amount = None
            if decided is not None:
                amount = min(decided, hi)
                used += amount
            else:  # a pending claim reserves its upper bound: pending ranges together respect the cap
                used += hi
            ents.append(make(
                ctx, rule, tg, ctx.facts.id, amount=amount, rng=(ZERO, hi),
                formula=_yearly(cap_words(cap, rule["article"], yearly=True), cap - remaining, remaining,
                                ev.base if ev is not None else None, decided, amount),
                inputs={"year": y, "cap": cap, "used_before": cap - remaining, "spending": ev.base if ev else None,
                        "decided": decided},
                zh=f"{rule['zh']}：{y}年累计上限{fmt(cap)}万元，已用{fmt(cap - remaining)}万元，本次至多{fmt(hi)}万元"
                   + (f"，决定{fmt(amount)}万元" if amount is not None else "，待决定"),
                en=f"{rule['en']}: {y} cap {fmt(cap)}, used {fmt(cap - remaining)}, this claim up to {fmt(hi)}"
                   + (f", decided {fmt(amount)}" if amount is not None else ", to be decided"),
                cap=cap, cap_applied=decided is not None and amount is not None and amount < decided,
                notes=notes, lean=lean))
    return ents, refs


def _multi_year(ctx: Ctx, rule: dict[str, Any], live: list[tuple[Trig, list[str]]], lean: bool,
                refs: list[Refusal]) -> tuple[list[Entitlement], list[Refusal]]:
    ents: list[Entitlement] = []
    paid = paid_under(ctx, rule)
    years_paid = [p.year or (p.date.year if p.date else None) for p in paid]
    claim_years = [_year(tg) for tg, _ in live]
    known = [y for y in years_paid + claim_years if y is not None]
    if not known:
        return ents, refs
    first = min(known)
    cite = ctx.cite(rule["article"], rule.get("quote"))
    by_year: dict[int | None, list[Trig]] = defaultdict(list)
    for tg, _n in live:
        by_year[_year(tg)].append(tg)
    for tg, notes in sorted(live, key=lambda x: (_year(x[0]) or 0, x[0].date or dt.date.min, x[0].label)):
        y = _year(tg)
        at = tg.date or ctx.on
        if y is not None and len(by_year[y]) > 1:
            first_claim = min(by_year[y], key=lambda t: (t.date or dt.date.min, t.label))
            if first_claim is not tg:
                refs.append(Refusal("duplicate_period", f"{tg.label}：{y}年度已有补助申请（{first_claim.label}），每年一次",
                                    f"{tg.label}: {y} already has a claim ({first_claim.label}); one a year", cite,
                                    rule["id"], tg.matter))
                continue
        n = ctx.params.value(rule["years"], min(at, ctx.pack.lapses or at))
        if y is None or y >= first + n:
            refs.append(Refusal("period_over", f"{y}年为第{(y or 0) - first + 1}年：本条只连续补助{n}年（{first}—{first + n - 1}），"
                                f"本年无补助", f"{y} is year {(y or 0) - first + 1}: the article subsidises {n} consecutive "
                                f"years only ({first}–{first + n - 1}); nothing is due", cite, rule["id"], tg.matter))
            continue
        matter = tg.matter
        ev = tg.event
        year_matters = {t.matter for t in by_year[y]}
        hit = next((p for p in paid if p.matter in year_matters or (p.year is not None and p.year == y)
                    or (p.year is None and p.matter is None and _period(p) == y)), None)
        if hit is not None:  # the year was decided and paid: settled, never "cap − paid" again
            refs.append(_settled_refusal(ctx, rule, tg, hit))
            continue
        lapses = ctx.pack.lapses
        if lapses is not None and y > lapses.year:
            honoured, note = _after_lapse(ctx, rule, first, y)
            if not honoured:
                refs.append(Refusal("lapsed", note[0], note[1], ctx.cite(ctx.pack.identity["lapses"]["article"],
                                                                       ctx.pack.identity["lapses"].get("quote")),
                                    rule["id"], matter))
                continue
            notes = [*notes, f"{note[0]} / {note[1]}"]
        if ev is None or ev.base is None:
            refs.append(Refusal("missing_fact", "缺少计算基数（base）", "the base amount is missing", cite, rule["id"],
                                matter))
            continue
        r = _foreign_paid(ctx, rule, matter)
        if r:
            refs.append(r)
            continue
        rate = ctx.params.value(rule["rate"], min(at, lapses or at))
        cap = ctx.params.value(rule["cap"], min(at, lapses or at))
        raw = times(ev.base, rate)
        a = max(ZERO, min(raw, cap))
        cap_zh, cap_en = cap_words(cap, rule["article"], yearly=True)
        pay, _ = payees(ctx, rule, tg)
        ents.append(make(ctx, rule, tg, pay[0] if pay else None, amount=a, rng=None,
                         formula=both(f"第{y - first + 1}年（共{n}年）：{wan(ev.base)[0]} × {pct(rate)} = "
                                      f"{wan(raw)[0]}，{cap_zh} → {wan(a)[0]}",
                                      f"year {y - first + 1} of {n}: {fmt(ev.base)} × {pct(rate)} = {fmt(raw)}, "
                                      f"{cap_en} → {fmt(a)}"),
                         inputs={"year": y, "year_index": y - first + 1, "years": n, "base": ev.base, "rate": rate,
                                 "cap": cap},
                         zh=f"{rule['zh']}：第{y - first + 1}年（共{n}年），{fmt(ev.base)}万元 × {pct(rate)}，"
                            f"每年上限{fmt(cap)}万元 → {fmt(a)}万元",
                         en=f"{rule['en']}: year {y - first + 1} of {n}, {fmt(ev.base)} × {pct(rate)}, "
                            f"yearly cap {fmt(cap)} → {fmt(a)}", cap=cap, cap_applied=raw > a, notes=notes, lean=lean))
    return ents, refs


def after_lapse_switch(params: Any, rule: dict[str, Any]) -> bool:
    """The bureau's switch (``after_lapse.switch``, read on the lapse date): commitments made before the text
    lapsed are honoured for the periods after it. Off by default — as the text reads."""
    al = rule.get("after_lapse")
    if not al or params.pack.lapses is None:
        return False
    return bool(params.value(al["switch"], params.pack.lapses))


def _after_lapse(ctx: Ctx, rule: dict[str, Any], first: int, y: int) -> tuple[bool, tuple[str, str]]:
    lapses = ctx.pack.lapses
    assert lapses is not None
    al = rule.get("after_lapse") or {}
    reading = f"（解读 {al['reading']}）" if al.get("reading") else ""
    reading_en = f" (reading {al['reading']})" if al.get("reading") else ""
    if after_lapse_switch(ctx.params, rule) and first <= lapses.year:
        return True, (f"{y}年在本办法有效期（至{lapses}）之后：按主管部门设定，失效前（{first}年起）作出的补助承诺继续履行{reading}",
                      f"{y} lies after the text lapsed ({lapses}): by the bureau's setting, the commitment made before "
                      f"the lapse (from {first}) is honoured{reading_en}")
    return False, (f"{y}年在本办法有效期（至{lapses}）之后：按原文，本办法失效后不再补助{reading}",
                   f"{y} lies after the text lapsed ({lapses}): as the text reads, nothing is paid under it after the "
                   f"lapse{reading_en}")


# ------------------------------------------------------------------------------------------- overlaps
def resolve_overlaps(ctx: Ctx, ents: list[Entitlement]) -> tuple[list[Entitlement], list[Refusal], list[Conflict]]:
    """Two rules paying the same matter: the pack's precedence decides; otherwise a Conflict."""
    by_matter: dict[tuple[str, str | None], list[Entitlement]] = defaultdict(list)
    for e in ents:
        by_matter[(e.matter, e.payee)].append(e)
    prec = (ctx.pack.data.get("money") or {}).get("precedence") or ()
    keep: list[Entitlement] = []
    refs: list[Refusal] = []
    conflicts: list[Conflict] = []
    for (matter, _payee), group in by_matter.items():
        rules = sorted({e.rule for e in group})
        if len(rules) < 2:
            keep.extend(group)
            continue
        rule_set = set(rules)
        decided = None
        for p in prec:
            if set(p["rules"]) >= rule_set or set(p["rules"]) == rule_set:
                decided = p
                break
        if decided is None:
            conflicts.append(Conflict(matter=matter, rules=tuple(rules),
                                      zh=f"事项 {matter} 同时适用 {', '.join(rules)}，本办法未规定适用顺序，须人工决定",
                                      en=f"matter {matter} is paid by {', '.join(rules)}; the pack states no precedence — "
                                         "a person must decide", citations=tuple(e.citation for e in group)))
            keep.extend(replace(e, status="conflict") for e in group)
            continue
        for e in group:
            if e.rule == decided["winner"]:
                keep.append(e)
            else:
                refs.append(Refusal("precedence", f"同一事项适用{decided['winner']}：{decided['reason']}",
                                    f"the same matter is paid under {decided['winner']}: {decided['reason']}",
                                    ctx.cite(decided["article"]), e.rule, matter))
    order = {id(e): i for i, e in enumerate(ents)}
    keep.sort(key=lambda e: order.get(id(e), 0))
    return keep, refs, conflicts


def level_rank(level: str) -> int:
    return LEVEL_RANK[level]
