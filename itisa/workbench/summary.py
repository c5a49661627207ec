"""What waits for the signed-in user, per role: a few counts with the nearest deadline and the page where the
work is done. Every number comes from the access module's querysets (``visible_to``), so the home page never
counts a row its reader could not open; each line is one aggregate query, whatever the size of the register."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from itisa.access import can, visible_to
from itisa.funding.models import EntryKind, ProposalStatus
from itisa.supervision.models import DeadlineStatus, RectificationResult

OPEN_DEADLINES = (DeadlineStatus.UPCOMING, DeadlineStatus.DUE, DeadlineStatus.OVERDUE)


@dataclass(frozen=True)
class Item:
    label: Any
    count: int
    url: str
    next_due: date | None = None
    overdue: int = 0


@dataclass(frozen=True)
class Section:
    title: Any
    url: str
    items: list[Item]


def _deadlines(user: Any, url: str, label: Any) -> Item:
    agg = (
        visible_to(user, "supervision.view_deadline")
        .filter(status__in=OPEN_DEADLINES)
        .aggregate(n=Count("pk"), next_due=Min("due_on"), overdue=Count("pk", filter=Q(status=DeadlineStatus.OVERDUE)))
    )
    return Item(label, agg["n"], url, agg["next_due"], agg["overdue"])


def _rectifications(user: Any, url: str, label: Any, *, answered: bool) -> Item:
    qs = visible_to(user, "supervision.view_rectification").filter(
        result=RectificationResult.PENDING, responded_on__isnull=not answered
    )
    agg = qs.aggregate(n=Count("pk"), next_due=Min("due_on"))
    return Item(label, agg["n"], url, agg["next_due"])


def _open_cases(qs: QuerySet[Any], url: str, label: Any) -> Item:
    return Item(label, qs.filter(closed=False).count(), url)


def workbench(user: Any) -> list[Section]:
    """The sections of the user's roles, in the order of the menu."""
    if not getattr(user, "is_authenticated", False):
        return []
    sections: list[Section] = []
    if can(user, "pages.leadunit"):
        url = reverse("leadunit:home")
        sections.append(
            Section(
                _("My alliance"),
                url,
                [
                    _open_cases(visible_to(user, "workflow.view_case"), url, _("Applications in progress")),
                    _deadlines(user, url, _("Duties with a deadline")),
                    _rectifications(user, url, _("Rectification orders to answer"), answered=False),
                ],
            )
        )
    if can(user, "pages.bureau") or can(user, "pages.recommender"):
        url = reverse("staff:home")
        items = [_open_cases(visible_to(user, "workflow.work_case"), url, _("Cases in the work queue"))]
        if can(user, "pages.bureau"):
            items.append(_deadlines(user, reverse("staff:deadlines"), _("Alliance duties with a deadline")))
            items.append(
                _rectifications(user, reverse("staff:alliances"), _("Rectification answers to judge"), answered=True)
            )
            proposed = visible_to(user, "funding.view_proposal").filter(status=ProposalStatus.PROPOSED)
            items.append(Item(_("Grant proposals awaiting a decision"), proposed.count(), reverse("staff:money")))
        sections.append(Section(_("Work queues"), url, items))
    if can(user, "pages.experts"):
        url = reverse("experts:home")
        assigned = visible_to(user, "reviews.expert_case").filter(closed=False)
        agg = assigned.aggregate(
            n=Count("pk", distinct=True), scored=Count("pk", filter=Q(score_sheets__expert__user=user), distinct=True)
        )
        sections.append(
            Section(
                _("My reviews"),
                url,
                [
                    Item(_("Cases assigned to me"), agg["n"], url),
                    Item(_("Cases still to score"), max(agg["n"] - agg["scored"], 0), url),
                ],
            )
        )
    if can(user, "pages.finance"):
        url = reverse("finance:ledger")
        ledger = visible_to(user, "funding.view_ledger")
        paid = ledger.filter(kind=EntryKind.PAYMENT).values("related_id")
        unpaid = ledger.filter(kind=EntryKind.COMMITMENT).exclude(pk__in=paid)
        sections.append(
            Section(
                _("Funds and ledger"),
                reverse("finance:home"),
                [
                    Item(_("Approved grants not yet paid"), unpaid.count(), f"{url}?kind=commitment"),
                ],
            )
        )
    return sections
