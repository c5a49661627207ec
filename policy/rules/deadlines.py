"""Duties with dates: yearly reports, re-reviews, cycles, construction periods, rectification, notices."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from ..dates import CIVIL_CODE, HolidayDataMissing, add_months, add_years, period_last_day
from ..types import Deadline
from .common import Ctx


def _status(on: dt.date, due: dt.date | None, filed: dt.date | None) -> tuple[str, int | None]:
    if due is None:
        return ("done" if filed else "unscheduled"), None
    if filed is not None:
        return ("done" if filed <= due else "late"), (due - on).days
    if on > due:
        return "overdue", (due - on).days
    if on == due:
        return "due_today", 0
    return "upcoming", (due - on).days


def _filed(ctx: Ctx, kind: str, year: int | None) -> dt.date | None:
    hits = [r.filed for r in ctx.facts.reports if r.kind == kind and (year is None or r.year == year) and r.filed
            and r.filed <= ctx.on]
    # an evaluation duty is done by the grade of that year (dated, else counted as of its year end)
    hits += [min(g.date or dt.date(g.year, 12, 31), ctx.on) for g in ctx.grades if g.kind == kind and g.year == year]
    return min(hits) if hits else None


def _mk(ctx: Ctx, d: dict[str, Any], period: str | None, due: dt.date | None, window: dt.date | None,
        filed: dt.date | None, note: str | None = None) -> Deadline:
    status, left = _status(ctx.on, due, filed)
    return Deadline(duty=d["id"], kind=d["kind"], actor=d.get("actor", "lead_unit"), zh=d["zh"], en=d["en"],
                    citation=ctx.cite(d["article"], d.get("quote")), period=period, due=due, window_start=window,
                    status=status, filed=filed, days_left=left, note=note or d.get("reading") or d.get("note"))


def _first_year(ctx: Ctx, sched: dict[str, Any], due_of: Any) -> int | None:
    since = ctx.recognised_since
    if since is None:
        return None
    first = sched.get("first", "recognition_year")
    if first == "next_year":
        return since.year + 1
    due = due_of(since.year)
    return since.year if due is None or since <= due else since.year + 1


def duty_deadlines(ctx: Ctx, d: dict[str, Any]) -> list[Deadline]:
    s = d["schedule"]
    t = s["type"]
    kind = d.get("report_kind", d["id"])
    out: list[Deadline] = []
    if t in ("yearly_by", "yearly_in_month", "yearly"):
        def due_of(y: int) -> dt.date | None:
            if t == "yearly_by":
                return dt.date(y, s["month"], s["day"])
            if t == "yearly_in_month":
                return dt.date(y, s["month"], calendar.monthrange(y, s["month"])[1])
            if s.get("due"):
                m = ctx.params.value(s["due"], ctx.on)  # a month number the bureau sets, or None
                return None if m is None else dt.date(y, m, calendar.monthrange(y, m)[1])
            return None

        first = _first_year(ctx, s, due_of)
        if first is None:
            return out
        end = ctx.on.year
        lapses = ctx.pack.lapses
        if lapses is not None:
            end = min(end, lapses.year)
        for y in range(first, end + 1):
            due = due_of(y)
            window = dt.date(y, s["month"], 1) if t == "yearly_in_month" else None
            note = None
            if t == "yearly" and due is None:
                note = "原文未规定报送日期，由主管部门确定 / the text sets no date; the bureau does"
            out.append(_mk(ctx, d, str(y), due, window, _filed(ctx, kind, y), note))
        return out
    if t == "every_years":
        since = ctx.recognised_since
        if since is None:
            return out
        n = ctx.params.value(s["years"], ctx.on)
        done = sorted({r.filed for r in ctx.facts.reports if r.kind == kind and r.filed and r.filed <= ctx.on} |
                      {g.date for g in ctx.facts.grades if g.kind == kind and g.date and g.date <= ctx.on})
        k = 1
        while True:
            due = add_years(since, n * k)
            prev = add_years(since, n * (k - 1))
            # the first review after the window opened answers it: on time, or late when after the due date
            hits = [x for x in done if x > prev]
            filed = hits[0] if hits else None
            if filed is not None:
                done = [x for x in done if x > filed]
            out.append(_mk(ctx, d, f"{prev}/{due}", due, prev, filed))
            if due >= ctx.on or k > 50:
                break
            k += 1
        return out
    if t == "after_event":
        for e in ctx.facts.events:
            if e.kind != s["event"] or e.date is None or e.date > ctx.on:
                continue
            v = ctx.params.value(s["period"], e.date) if s.get("period") else None
            unit = s.get("unit", "calendar_days")
            due = None
            holiday_note = None
            if v is not None:
                due, holiday_note = _period_due(e.date, v, unit, s.get("counting", CIVIL_CODE))
            done_kind = s.get("done_by")
            filed = None
            if done_kind:
                hits = [x.date for x in ctx.facts.events if x.kind == done_kind and x.date and x.date >= e.date
                        and x.date <= ctx.on]
                hits += [r.filed for r in ctx.facts.reports if r.kind == done_kind and r.filed and r.filed >= e.date
                         and r.filed <= ctx.on]
                filed = min(hits) if hits else None
            note = holiday_note if v is not None else \
                "原文未规定期限（“及时”），由主管部门确定 / no period in the text; the bureau sets it"
            out.append(_mk(ctx, d, e.id, due, e.date, filed, note))
        return out
    if t == "rectification":
        for i, r in enumerate(ctx.facts.rectifications):
            if r.ordered > ctx.on:
                continue
            due = r.due
            note = None
            if due is None:
                v = ctx.params.value(s["period"], r.ordered) if s.get("period") else None
                if v is None:
                    note = "整改期限原文未规定，由主管部门确定 / the text sets no rectification period; the bureau does"
                else:
                    due = add_months(r.ordered, v)
            filed = r.ordered if r.result in ("pass", "fail") else None
            dl = _mk(ctx, d, f"rectification-{i + 1}", due, r.ordered, None, note)
            if r.result is not None:
                dl = Deadline(**{**dl.__dict__, "status": "done", "filed": filed,
                                 "note": f"整改结果：{r.result} / rectification result: {r.result}"})
            out.append(dl)
        return out
    if t == "as_needed":
        out.append(_mk(ctx, d, None, None, None, None, "根据需要 / as needed"))
        out[-1] = Deadline(**{**out[-1].__dict__, "status": "unscheduled"})
        return out
    raise ValueError(t)


def _period_due(start: dt.date, v: int, unit: str, counting: str) -> tuple[dt.date, str | None]:
    """The period's last day; when the rest days of its year are not published yet, the unmoved day with a note."""
    try:
        return period_last_day(start, v, unit, counting), None
    except HolidayDataMissing as e:
        plain = period_last_day(start, v, unit, "first_day_counts") if unit == "working_days" else (
            start + dt.timedelta(days=v) if unit == "calendar_days" else
            add_months(start, v) if unit == "months" else add_years(start, v))
        return plain, (f"{e.year}年法定节假日安排未知，未按民法典第二百零三条顺延 / the {e.year} holiday calendar is not "
                       "known: not moved past a rest day (民法典 第二百零三条)")


def procedure_periods(ctx: Ctx) -> list[Deadline]:
    """Periods of procedures (e.g. the 7-day public notice) that run from a dated event in the facts."""
    out = []
    for p in ctx.pack.data.get("procedures") or ():
        for per in p.get("periods") or ():
            if not per.get("starts_on"):
                continue
            d = {"id": f"{p['id']}.{per['id']}", "kind": "period", "actor": "public",
                 "zh": per.get("zh", per["id"]), "en": per.get("en", per["id"]), "article": per["article"],
                 "reading": per.get("reading"),
                 "schedule": {"type": "after_event", "event": per["starts_on"], "period": per["param"],
                              "unit": per["unit"], "counting": per.get("counting", CIVIL_CODE)}}
            for dl in duty_deadlines(ctx, d):
                # the due date is the period's last day (民法典 第二百零一条、第二百零三条 unless the pack says otherwise)
                last = dl.due
                status = "running" if last and ctx.on <= last else "elapsed"
                out.append(Deadline(**{**dl.__dict__, "due": last, "status": status,
                                       "days_left": (last - ctx.on).days if last else None}))
    return out
