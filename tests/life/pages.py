"""What every page story does: act on a given day as a given person, read the page, read its errors, upload a PDF,
press a move on the staff or the lead unit's case page. Shared so the five stories hold only their own steps."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

PDF = b"%PDF-1.7\n%%EOF\n"
SH = ZoneInfo("Asia/Shanghai")


def on_day(day: date):
    """The pages see *day* as today (10:00 in Shanghai)."""
    return mock.patch("django.utils.timezone.now", return_value=datetime(day.year, day.month, day.day, 10, tzinfo=SH))


def as_(user) -> Client:
    """A browser session logged in as *user*."""
    c = Client()
    c.force_login(user)
    return c


def text(response) -> str:
    return response.content.decode()


def errors(response) -> list[str]:
    """The error lists a refused form shows."""
    return re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', text(response), re.S)


def pdf(name: str) -> SimpleUploadedFile:
    """A PDF as the browser uploads it."""
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def decide(client: Client, case, action: str, day: date, reason: str = ""):
    """The bureau presses *action* on the staff case page (the confirmation is client-side)."""
    case.refresh_from_db()
    prefix = f"act-{action}"
    with on_day(day):
        return client.post(reverse("staff:decide", args=[case.pk]), {
            "move": action, "prefix": prefix, f"{prefix}-action": action,
            f"{prefix}-expected_version": case.lock_version, f"{prefix}-reason": reason})


def lead_moves(client: Client, alliance, case, action: str, day: date, reason: str = ""):
    """The lead unit presses *action* on its generic case page."""
    case.refresh_from_db()
    with on_day(day):
        return client.post(reverse("leadunit:case_act", args=[alliance.pk, case.pk]), {
            "move": action, f"mv-{action}-action": action, f"mv-{action}-expected_version": case.lock_version,
            f"mv-{action}-reason": reason})


# ---------------------------------------------------------------- the money pages


def money_run(client: Client, alliance, search: str, day: date, year: str = "") -> tuple[list, str]:
    """The bureau runs the text for the alliance on its money page (found by *search*): the proposals this run
    made, and the page that answered (the refusals, with their articles, are shown there)."""
    from itisa.funding.models import GrantProposal

    before = set(GrantProposal.objects.values_list("pk", flat=True))
    with on_day(day):
        run = client.post(reverse("staff:propose"), {"alliance_q": search, "alliance": alliance.pk,
                                                     "on": day.isoformat(), "year": year, "reason": ""})
    assert run.status_code == 200, errors(run)
    return list(GrantProposal.objects.exclude(pk__in=before).order_by("pk")), text(run)


def approve(client: Client, proposal, day: date, amount: str):
    """The bureau approves *amount* 万元 of the proposal on its page."""
    proposal.refresh_from_db()
    with on_day(day):
        return client.post(reverse("staff:proposal", args=[proposal.pk]), {
            "decision": "approve", "amount": amount, "reason": "同意", "expected_version": proposal.lock_version})


def pay(client: Client, proposal, day: date):
    """Finance pays the proposal's commitment in full, from the ledger page: the commitment."""
    from itisa.funding.models import EntryKind, LedgerEntry

    commitment = LedgerEntry.objects.get(kind=EntryKind.COMMITMENT, proposal=proposal)
    with on_day(day):
        assert reverse("finance:pay", args=[commitment.pk]) in text(client.get(reverse("finance:ledger")))
        paid = client.post(reverse("finance:pay", args=[commitment.pk]),
                           {"on": day.isoformat(), "amount": "", "reason": "拨付"})
    assert paid.status_code == 302, errors(paid)
    return commitment


def budget_line(client: Client, year: int, day: date) -> list[Decimal]:
    """The (first) fund's line of *year* on the finance budget page, in 万元: budget, committed, paid,
    recovered, receivable, left."""
    with on_day(day):
        page = text(client.get(reverse("finance:home"), {"year": year}))
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", page, re.S)]
    at = cells.index(str(year))
    return [Decimal(c) for c in cells[at + 1:at + 7]]


def amounts(kind: str, rule: str | None = None) -> list[Decimal]:
    """The amounts of the ledger entries of *kind* (and *rule*), smallest first."""
    from itisa.funding.models import LedgerEntry

    rows = LedgerEntry.objects.filter(kind=kind, **({"rule": rule} if rule else {}))
    return sorted(rows.values_list("amount", flat=True))
