"""Deadlines that come from an alliance's cases rather than from its duties (ADR 0016): the closing day of
the call an application waits to be submitted under, and the last day of each public notice of its cases.

The dates are the call's own closing day (set by the bureau in the call) and the notice's last day (computed
from the pack's period when it was published and frozen on the notice); the article is the pack's: the intake
article of the procedure (e.g. Henan 第六条 公开征集, Kunming 第九条 年度申报通知) and the notice period's article
(Kunming 第十一条). Nothing here writes: the scan stores what this returns (services/scan.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from itisa.notices.models import NoticeStatus, PublicNotice
from itisa.supervision.models import DeadlineStatus
from itisa.workflow.models import Case
from policy.api import procedure

CALL, NOTICE = "call", "notice"
KINDS = (CALL, NOTICE)


@dataclass(frozen=True)
class CaseDeadline:
    duty: str
    period: str
    kind: str
    actor: str
    zh: str
    en: str
    article: str
    pack_id: str
    due: date | None
    filed: date | None
    status: str
    note: str = ""
    create: bool = True  # False: only bring an existing row up to date (a finished matter starts no new row)


def status_of(on: date, due: date, filed: date | None) -> str:
    if filed is not None:
        return DeadlineStatus.DONE if filed <= due else DeadlineStatus.LATE
    if on > due:
        return DeadlineStatus.OVERDUE
    return DeadlineStatus.DUE if on == due else DeadlineStatus.UPCOMING


def _proc(case: Case) -> dict[str, Any] | None:
    try:
        return procedure(case.pack_id, case.procedure_id)
    except KeyError:
        return None


def _submitted_on(case: Case, proc: dict[str, Any], on: date) -> date | None:
    """The day the lead unit first moved the case out of its initial state to a live state (submitted)."""
    terminal = {s["id"] for s in proc.get("states") or () if s.get("terminal")}
    for move in case.transitions.all():  # ordered by seq
        if move.on <= on and move.from_state == proc["initial"] and move.to_state not in terminal:
            return move.on
    return None


def _call_deadline(case: Case, proc: dict[str, Any], on: date) -> tuple[CaseDeadline | None, str | None]:
    call = case.call
    assert call is not None and call.closes_on is not None
    period = f"{call.opens_on.isoformat()}/{call.closes_on.isoformat()}"  # what a person reads as the period
    submitted = _submitted_on(case, proc, on)
    if submitted is None and case.closed:
        return None, period  # withdrawn before it was submitted: nothing is due any more
    intake = proc.get("intake") or {}
    status = status_of(on, call.closes_on, submitted)
    return CaseDeadline(
        duty=f"{case.procedure_id}.call", period=period, kind=CALL, actor="lead_unit",
        zh=f"征集截止前提交申报：{call.title}"[:200], en=f"Submit the application before the call closes: {call.title}"[:200],
        article=intake.get("article") or proc.get("article", ""), pack_id=case.pack_id, due=call.closes_on,
        filed=submitted, status=status,
        note="截止日期为征集通知所定 / the closing day is the call's", create=submitted is None,
    ), None


def _notice_deadline(notice: PublicNotice, proc: dict[str, Any], on: date) -> CaseDeadline:
    period_row: dict[str, Any] = next((p for p in proc.get("periods") or () if p.get("id") == "notice"), {})
    due = notice.ends_on
    note = ""
    status: str
    if notice.status == NoticeStatus.WITHDRAWN:
        status, filed = DeadlineStatus.DONE, (notice.closed_at.date() if notice.closed_at else min(on, due))
        note = "公示已撤回 / the notice was withdrawn"
    elif on > due or notice.status == NoticeStatus.CONCLUDED:
        status, filed = DeadlineStatus.DONE, due
        note = "公示期已满 / the notice period has run"
    else:
        status, filed = status_of(on, due, None), None
    return CaseDeadline(
        duty=f"{notice.case.procedure_id}.notice", period=f"{notice.published_on.isoformat()}/{due.isoformat()}", kind=NOTICE, actor="bureau",
        zh=(period_row.get("zh") or "公示期")[:200], en=(period_row.get("en") or "Public notice")[:200],
        article=notice.article or period_row.get("article", ""), pack_id=notice.pack_id, due=due, filed=filed,
        status=status, note=note, create=notice.status == NoticeStatus.PUBLISHED,
    )


def case_deadlines(alliance: Any, on: date) -> tuple[list[CaseDeadline], list[tuple[str, str]]]:
    """(deadlines to store, (duty, period) keys whose rows are void) for the alliance as of *on*."""
    return case_deadlines_of([alliance.pk], on).get(alliance.pk, ([], []))


def case_deadlines_of(alliance_ids: Any, on: date) -> dict[int, tuple[list[CaseDeadline], list[tuple[str, str]]]]:
    """:func:`case_deadlines` for many alliances in four queries (the scan's batch); alliances with
    nothing are absent."""
    out: dict[int, tuple[list[CaseDeadline], list[tuple[str, str]]]] = {}
    cases = (Case.objects.filter(alliance__in=alliance_ids, call__closes_on__isnull=False, opened_on__lte=on)
             .select_related("call").prefetch_related("transitions").order_by("alliance", "-updated_at"))
    for case in cases:
        proc = _proc(case)
        if proc is None:
            continue
        rows, void = out.setdefault(case.alliance_id, ([], []))
        row, dropped = _call_deadline(case, proc, on)
        if row is not None:
            rows.append(row)
        if dropped is not None:
            void.append((f"{case.procedure_id}.call", dropped))
    notices = (PublicNotice.objects.filter(case__alliance__in=alliance_ids, published_on__lte=on)
               .select_related("case").order_by("case__alliance", "-published_on", "-id"))
    for notice in notices:
        proc = _proc(notice.case)
        if proc is not None:
            out.setdefault(notice.case.alliance_id, ([], []))[0].append(_notice_deadline(notice, proc, on))
    return out
