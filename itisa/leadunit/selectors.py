"""Read-only questions the lead-unit pages ask, scoped to the alliances the user leads.

A lead-unit office sees only the alliances it holds an active ``lead_unit`` role assignment for: any other
alliance, and anything hanging from one (a member, a document, a case, a report, an order), is "not found".
Writes go through the owning apps' services; nothing here changes data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Max, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from itisa.access import visible_to, who
from itisa.documents.models import Document
from itisa.register.facts import alliance_facts, alliances_for_facts
from itisa.register.models import Achievement, Alliance, LevelRecord, Membership
from itisa.register.selectors import members_on
from itisa.supervision.facts import supervision_facts
from itisa.supervision.governing import governing
from itisa.supervision.models import Deadline, DeadlineStatus, Rectification, Report
from itisa.supervision.period_words import period_words
from itisa.workflow.models import Call, Case
from itisa.workflow.packs import pack_in_force
from policy.api import check_eligibility, deadlines, intake

ZERO = Decimal("0")


# ---------------------------------------------------------------- scope


def led_alliance_ids(user: Any) -> list[int]:
    """Alliances the user's active role assignments make them the lead-unit office of (``itisa.access``)."""
    return sorted(who.led_alliance_ids(user))


def my_alliances(user: Any) -> QuerySet[Alliance]:
    return Alliance.objects.filter(pk__in=led_alliance_ids(user)).select_related(
        "jurisdiction", "region", "lead", "industry_field").order_by("name")


def my_alliance(user: Any, pk: int) -> Alliance:
    """The alliance when the user leads it; Http404 otherwise (never a hint that it exists)."""
    if pk not in led_alliance_ids(user):
        raise Http404
    return my_alliances(user).get(pk=pk)


# ---------------------------------------------------------------- register


def current_members(alliance: Alliance, day: date) -> QuerySet[Membership]:
    """Members on *day*, with their organisation and region in the same query."""
    return members_on(alliance, day).order_by("-role", "organisation__name", "pk")


def membership_of(alliance: Alliance, pk: int) -> Membership:
    try:
        return Membership.objects.select_related("organisation", "alliance").get(alliance=alliance, pk=pk)
    except Membership.DoesNotExist:
        raise Http404 from None


def documents_of(user: Any, alliance: Alliance) -> QuerySet[Document]:
    """The alliance's documents the user may see: never the review's confidential ones (site-visit reports,
    anything an expert filed)."""
    return visible_to(user, "documents.view").filter(alliance=alliance).select_related("uploaded_by").order_by("-uploaded_at", "-pk")


def document_of(user: Any, alliance: Alliance, pk: int) -> Document:
    try:
        return documents_of(user, alliance).get(pk=pk)
    except Document.DoesNotExist:
        raise Http404 from None


def achievements_of(alliance: Alliance) -> QuerySet[Achievement]:
    return Achievement.objects.filter(alliance=alliance).select_related("organisation").order_by("-achieved_on", "-pk")


def levels_of(alliance: Alliance) -> QuerySet[LevelRecord]:
    return LevelRecord.objects.filter(alliance=alliance).select_related("jurisdiction").order_by("from_date")


# ---------------------------------------------------------------- deadlines


@dataclass(frozen=True)
class DeadlineRow:
    key: str
    zh: str
    en: str
    article: str
    period: str
    due: date | None
    status: str
    actor: str
    filed: date | None = None
    reminded: date | None = None  # the last reminder e-mailed about it (the scan's notifications)
    period_words: str = ""  # the period as people read it (a major event's member and date, not its id)

    @property
    def status_label(self) -> str:
        return str(DeadlineStatus(self.status).label) if self.status in DeadlineStatus.values else self.status


def deadlines_of(alliance: Alliance, day: date) -> tuple[list[DeadlineRow], str]:
    """The alliance's deadlines: the supervision scan's stored rows when it has run for this alliance,
    else the engine's answer today under the text in force. Returns (rows, source) with source
    ``scan`` | ``engine`` | ``none`` (with the reason the engine gives when no text governs)."""
    stored = list(Deadline.objects.filter(alliance=alliance).annotate(reminded=Max("notifications__sent_at"))
                  .order_by("due_on", "duty", "period"))
    if stored:
        words = period_words(d.period for d in stored)
        return [DeadlineRow(f"{d.pk}", d.label_zh, d.label_en, d.article, d.period, d.due_on, d.status, d.actor,
                            d.filed_on, timezone.localdate(d.reminded) if d.reminded else None,
                            words[str(d.period or "")])
                for d in stored], "scan"
    g = governing(alliance, day)
    if g.pack is None:
        return [], "none"
    result = deadlines(g.pack, supervision_facts(alliance, on=day), day)
    status = {"due_today": "due"}
    words = period_words(d.period for d in result.deadlines)
    return [DeadlineRow(f"{d.duty}-{d.period}", d.zh, d.en, d.citation.article, d.period or "", d.due,
                        status.get(d.status, d.status), d.actor, d.filed,
                        period_words=words[str(d.period or "")]) for d in result.deadlines], "engine"


# ---------------------------------------------------------------- application


def cases_of(alliance: Alliance) -> QuerySet[Case]:
    return Case.objects.filter(alliance=alliance, procedure_id="recognition").select_related("call").order_by(
        "-created_at", "-pk")


def case_of(alliance: Alliance, pk: int) -> Case:
    try:
        return Case.objects.select_related("call", "alliance").get(alliance=alliance, pk=pk)
    except Case.DoesNotExist:
        raise Http404 from None


def open_case(alliance: Alliance) -> Case | None:
    return cases_of(alliance).filter(closed=False).first()


def intake_of(alliance: Alliance, day: date) -> tuple[Any, dict[str, Any] | None, str]:
    """(pack in force or None, its recognition intake, why none governs)."""
    from django.core.exceptions import ValidationError

    try:
        pack = pack_in_force(alliance.jurisdiction, day)
    except ValidationError as exc:
        return None, None, " ".join(exc.messages)
    try:
        return pack, intake(pack, "recognition") or {}, ""
    except KeyError:
        return pack, None, ""


def open_calls(alliance: Alliance, day: date) -> QuerySet[Call]:
    return Call.objects.filter(jurisdiction=alliance.jurisdiction, procedure_id="recognition", opens_on__lte=day).filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=day)).order_by("-opens_on")


def live_eligibility(alliance: Alliance, pack_id: str, day: date) -> Any:
    """The engine's answer on the register as it stands today (the same facts a submission freezes)."""
    fresh = alliances_for_facts(Alliance.objects.filter(pk=alliance.pk)).get()
    return check_eligibility(pack_id, alliance_facts(fresh, on=day), day)


def returned_reason(case: Case) -> Any:
    """The latest return for revision on the timeline (reason, article, who, when), if the case is back with us."""
    return case.transitions.filter(to_state="returned").order_by("-seq").first()


# ---------------------------------------------------------------- supervision


def reports_of(alliance: Alliance) -> QuerySet[Report]:
    return Report.objects.filter(alliance=alliance).select_related("document").order_by("-filed_on", "-pk")


def rectifications_of(alliance: Alliance) -> QuerySet[Rectification]:
    return Rectification.objects.filter(alliance=alliance).select_related("grade", "response_document").order_by(
        "-ordered_on", "-pk")


def rectification_of(alliance: Alliance, pk: int) -> Rectification:
    try:
        return rectifications_of(alliance).select_related("alliance").get(pk=pk)
    except Rectification.DoesNotExist:
        raise Http404 from None


# ---------------------------------------------------------------- money


@dataclass
class MoneySummary:
    proposed: Decimal = ZERO  # fixed amounts awaiting the bureau's decision
    undecided: int = 0  # proposals whose amount the bureau picks within a range
    committed: Decimal = ZERO
    paid: Decimal = ZERO  # gross payments
    offset: Decimal = ZERO  # withheld from payments to settle recoveries
    recovered: Decimal = ZERO  # clawbacks receivable
    proposals: list[Any] = field(default_factory=list)
    entries: list[Any] = field(default_factory=list)

    @property
    def received(self) -> Decimal:
        return self.paid - self.offset

    @property
    def expected(self) -> Decimal:
        """Committed but not yet paid, plus fixed amounts still awaiting a decision."""
        return max(self.committed - self.paid, ZERO) + self.proposed

    @property
    def owed(self) -> Decimal:
        return self.recovered - self.offset


def money_of(alliance: Alliance) -> MoneySummary:
    """What the bureau proposed, committed, paid and recovered for the alliance (all payees)."""
    from itisa.funding.models import EntryKind, GrantProposal, LedgerEntry, ProposalStatus

    out = MoneySummary()
    out.proposals = list(GrantProposal.objects.filter(alliance=alliance).select_related("fund", "payee_organisation")
                         .order_by("-on", "-pk"))
    for p in out.proposals:
        if p.status == ProposalStatus.PROPOSED:
            if p.amount is None:
                out.undecided += 1
            else:
                out.proposed += p.amount
    sums = dict(LedgerEntry.objects.filter(alliance=alliance).order_by().values_list("kind").annotate(s=Sum("amount")))
    out.committed = sums.get(EntryKind.COMMITMENT, ZERO)
    out.paid = sums.get(EntryKind.PAYMENT, ZERO)
    out.offset = sums.get(EntryKind.OFFSET, ZERO)
    out.recovered = sums.get(EntryKind.RECOVERY, ZERO)
    out.entries = list(LedgerEntry.objects.filter(alliance=alliance).select_related("fund", "payee_organisation")
                       .order_by("booked_on", "pk"))
    return out
