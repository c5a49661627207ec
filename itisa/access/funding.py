"""Support money. A fund, its budgets and its ledger belong to the fund's jurisdiction: only that bureau's
staff and finance see them (docs/access.md). Bureau staff of the alliance's bureau propose and decide; finance
or staff of the fund's bureau pay and recover."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from itisa.access import who
from itisa.access.core import query, rule, rule_from_query
from itisa.funding.models import Budget, Claim, Fund, GrantProposal, LedgerEntry, OutsideFunding


def payer_ids(user: Any) -> set[int] | None:
    """Jurisdictions whose money the user handles; None: all of them (superuser)."""
    return None if who.superuser(user) else who.jurisdiction_ids(user, who.PAYERS)


@query("funding.view_fund")
def funds(user: Any) -> QuerySet[Fund]:
    ids = payer_ids(user)
    qs = Fund.objects.select_related("jurisdiction")
    return qs if ids is None else qs.filter(jurisdiction_id__in=ids)


@query("funding.view_budget")
def budgets(user: Any) -> QuerySet[Budget]:
    ids = payer_ids(user)
    qs = Budget.objects.select_related("fund__jurisdiction")
    return qs if ids is None else qs.filter(fund__jurisdiction_id__in=ids)


@query("funding.view_ledger")
def ledger(user: Any) -> QuerySet[LedgerEntry]:
    ids = payer_ids(user)
    qs = LedgerEntry.objects.select_related("fund", "alliance", "payee_organisation")
    return qs if ids is None else qs.filter(fund__jurisdiction_id__in=ids)


@query("funding.view_proposal")
def proposals(user: Any) -> QuerySet[GrantProposal]:
    ids = payer_ids(user)
    qs = GrantProposal.objects.select_related("alliance", "fund", "payee_organisation")
    if ids is None:
        return qs
    return qs.filter(Q(fund__jurisdiction_id__in=ids) | Q(fund__isnull=True, alliance__jurisdiction_id__in=ids))


@query("funding.view_claim")
def claims(user: Any) -> QuerySet[Claim]:
    """Claims the user's bureau reviews: those its fund pays (the claim's jurisdiction)."""
    qs = Claim.objects.select_related("alliance", "jurisdiction")
    return qs if who.superuser(user) else qs.filter(jurisdiction_id__in=who.jurisdiction_ids(user, who.BUREAU))


@query("funding.view_outside")
def outside(user: Any) -> QuerySet[OutsideFunding]:
    qs = OutsideFunding.objects.select_related("alliance")
    if who.superuser(user):
        return qs
    return qs.filter(alliance__jurisdiction_id__in=who.jurisdiction_ids(user, who.BUREAU))


def _of(roles: tuple[str, ...]) -> Any:
    def check(user: Any, jurisdiction: Any) -> bool:
        if who.superuser(user):
            return True
        return jurisdiction is not None and jurisdiction.pk in who.jurisdiction_ids(user, roles)

    return check


rule("funding.view_fund", _of(who.PAYERS))
rule_from_query("funding.view_ledger")
rule_from_query("funding.view_budget")
rule_from_query("funding.view_proposal")
rule("funding.manage_fund", _of(who.PAYERS))
rule("funding.decide", _of(who.BUREAU))
rule("funding.pay", _of(who.PAYERS))
rule(
    "funding.use_finance_pages",
    lambda user, obj=None: who.superuser(user) or bool(who.jurisdiction_ids(user, who.PAYERS)),
)
rule("funding.claim", lambda user, alliance: who.is_lead_of(user, alliance))
rule("funding.review_claim", _of(who.BUREAU))
rule_from_query("funding.view_claim")
rule_from_query("funding.view_outside")
