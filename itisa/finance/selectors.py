"""Read-only helpers of the finance pages; every read is scoped by ``itisa.access`` (the fund's
jurisdiction: its finance and bureau staff)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from itisa.access import visible_to
from itisa.access.funding import payer_ids
from itisa.funding.models import EntryKind, LedgerEntry
from itisa.register.models import Jurisdiction
from itisa.workflow.labels import article_text
from itisa.workflow.packs import packs_of
from policy.api import Pack, text_status, value_at

ZERO = Decimal("0")
NUMERIC_UNITS = {"wan_yuan", "fraction", "count", "months", "days", "years"}


def payer_jurisdictions(user: Any) -> list[Jurisdiction]:
    """The jurisdictions whose money the user handles and that have a regulation here."""
    ids = payer_ids(user)
    qs = Jurisdiction.objects.exclude(policy_pack="").order_by("code")
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return [j for j in qs if packs_of(j)]


def commitment_of(user: Any, pk: int) -> LedgerEntry:
    """A commitment the user may see (LedgerEntry.DoesNotExist → 404 otherwise)."""
    return visible_to(user, "funding.view_ledger").select_related("alliance__jurisdiction", "budget").get(
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


def default_day(pack: Pack, today: dt.date) -> dt.date:
    """The day a what-if runs on unless one is chosen: today when the text is in force today, else the last
    day it was in force (a lapsed text) or its first (a text not yet in force), as the engine reads the text."""
    ts = text_status(pack, today)
    if ts.status == "lapsed" and ts.lapses is not None:
        return ts.lapses
    if ts.status == "not_yet_in_force" and ts.in_force is not None:
        return ts.in_force
    return today


@dataclass(frozen=True)
class Nothing:
    """Why a what-if gives nothing, in words, with the article that says so (empty when no article does)."""

    reason: str
    article: str = ""


def why_nothing(pack: Pack, sim: Any, bureau: str) -> Nothing | None:
    """When the text as written and the scenario both total zero, why: the text was not in force on the day
    (not yet, or lapsed: the article that ends it), no alliance is in the bureau's scope, the text has no money
    rule, or no money rule gives an amount to any alliance on that day (the money rules' articles)."""
    if sim.baseline_total or sim.scenario_total:
        return None
    day = sim.on.isoformat()
    ts = text_status(pack, sim.on)
    cited = article_text(ts.citation.article) if ts.citation else ""
    if ts.status == "lapsed":
        return Nothing(_("%(doc)s was no longer in force on %(day)s: it applied until %(end)s, so it gives no "
                         "money on that day.") % {"doc": pack.doc, "day": day, "end": ts.lapses}, cited)
    if ts.status == "not_yet_in_force":
        return Nothing(_("%(doc)s was not yet in force on %(day)s: it applies from %(start)s, so it gives no "
                         "money on that day.") % {"doc": pack.doc, "day": day, "start": ts.in_force}, cited)
    if not sim.alliances:
        return Nothing(_("No alliance is in the scope of %(bureau)s on %(day)s: there is no one the text could "
                         "give money to.") % {"bureau": bureau, "day": day})
    rules = (pack.data.get("money") or {}).get("rules") or ()
    if not rules:
        return Nothing(_("%(doc)s sets no amount of money: it has no rule that gives support.") % {"doc": pack.doc})
    articles = "、".join(dict.fromkeys(article_text(r["article"]) for r in rules))
    return Nothing(_("No money rule of %(doc)s gives an amount to any of the %(n)s alliances in scope on %(day)s: "
                     "none of them meets its conditions on that day.") % {"doc": pack.doc, "n": sim.alliances,
                                                                           "day": day}, articles)
