"""Read-only helpers of the finance pages; every read starts from ``itisa.funding.selectors`` (scoped to the
jurisdictions where the user is finance or bureau staff)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from itisa.funding.models import EntryKind, LedgerEntry
from itisa.funding.permissions import PAYERS, jurisdictions_of
from itisa.funding.selectors import ledger_visible_to
from itisa.register.models import Jurisdiction
from itisa.workflow.packs import packs_of
from policy.api import Pack, value_at

ZERO = Decimal("0")
NUMERIC_UNITS = {"wan_yuan", "fraction", "count", "months", "days", "years"}


def is_payer(user: Any) -> bool:
    ids = jurisdictions_of(user, PAYERS)
    return ids is None or bool(ids)


def payer_jurisdictions(user: Any) -> list[Jurisdiction]:
    """The jurisdictions whose money the user handles and that have a regulation here."""
    ids = jurisdictions_of(user, PAYERS)
    qs = Jurisdiction.objects.exclude(policy_pack="").order_by("code")
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return [j for j in qs if packs_of(j)]


def commitment_of(user: Any, pk: int) -> LedgerEntry:
    """A commitment the user may see (LedgerEntry.DoesNotExist → 404 otherwise)."""
    return ledger_visible_to(user).select_related("alliance__jurisdiction", "budget").get(
        pk=pk, kind=EntryKind.COMMITMENT)


@dataclass(frozen=True)
class CommitmentStatus:
    amount: Decimal
    paid: Decimal
    recovered: Decimal

    @property
    def to_pay(self) -> Decimal:
        return ZERO if self.recovered else self.amount - self.paid

    @property
    def recoverable(self) -> Decimal:
        return self.paid - self.recovered


def commitment_status(entry: LedgerEntry) -> CommitmentStatus:
    sums = dict(LedgerEntry.objects.filter(related=entry).order_by().values_list("kind").annotate(s=Sum("amount")))
    return CommitmentStatus(entry.amount, sums.get(EntryKind.PAYMENT, ZERO), sums.get(EntryKind.RECOVERY, ZERO))


def history_of(entry: LedgerEntry) -> list[LedgerEntry]:
    return list(LedgerEntry.objects.filter(related=entry).select_related("created_by").order_by("booked_on", "id"))


def pack_parameters(pack: Pack, on: dt.date) -> list[dict[str, Any]]:
    """The pack's parameters that a what-if can change, with the value in effect on *on* and its article."""
    out = []
    for local, p in pack.parameters.items():
        if p.unit not in NUMERIC_UNITS:
            continue
        v = value_at(p, on) or (p.values[0] if p.values else None)
        out.append({"local": local, "name": p.name, "label": p.label, "label_en": p.label_en, "unit": p.unit,
                    "kind": p.kind, "value": v.value if v else None,
                    "article": v.citation.article if v and v.citation else ""})
    return out
