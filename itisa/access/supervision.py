"""Supervision after recognition: the lead unit files (reports, responses, dissolution), the bureau whose scope
holds the alliance judges (grades, orders, revocation), a recommending body endorses; records are read within
the internal scope of the alliance (docs/access.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from itisa.access import who
from itisa.access.core import query, rule, rule_from_query
from itisa.access.scope import bureau_covers, bureau_q, in_scope, internal_q, recommender_q
from itisa.register.models import Alliance
from itisa.supervision.models import Deadline, Dissolution, Grade, Rectification, Report


def _alliances(user: Any) -> QuerySet[Alliance]:
    return Alliance.objects.filter(internal_q(user)).values("pk")  # type: ignore[return-value]


@query("supervision.view_alliance")
def supervised(user: Any) -> QuerySet[Alliance]:
    """The alliances a bureau's staff supervise, grade, fund and compare: their bureau's scope."""
    qs = Alliance.objects.select_related("jurisdiction", "region", "lead", "industry_field")
    if who.superuser(user):
        return qs
    return qs.filter(bureau_q(who.jurisdictions(user, who.BUREAU)))


@query("dashboards.view_alliance")
def dashboard_alliances(user: Any) -> QuerySet[Alliance]:
    """The alliances a bureau's staff and finance count on the dashboards: their bureau's scope."""
    if who.superuser(user):
        return Alliance.objects.all()
    return Alliance.objects.filter(bureau_q(who.jurisdictions(user, who.PAYERS)))


@query("supervision.view_report")
def reports(user: Any) -> QuerySet[Report]:
    return Report.objects.filter(alliance__in=_alliances(user)).select_related("alliance", "document")


@query("supervision.view_deadline")
def deadlines(user: Any) -> QuerySet[Deadline]:
    return Deadline.objects.filter(alliance__in=_alliances(user)).select_related("alliance")


@query("supervision.view_grade")
def grades(user: Any) -> QuerySet[Grade]:
    return Grade.objects.filter(alliance__in=_alliances(user)).select_related("alliance")


@query("supervision.view_rectification")
def rectifications(user: Any) -> QuerySet[Rectification]:
    return Rectification.objects.filter(alliance__in=_alliances(user)).select_related("alliance", "grade")


@query("supervision.view_dissolution")
def dissolutions(user: Any) -> QuerySet[Dissolution]:
    return Dissolution.objects.filter(alliance__in=_alliances(user)).prefetch_related("consents__organisation")


for _name in ("report", "deadline", "grade", "rectification", "dissolution"):
    rule_from_query(f"supervision.view_{_name}")  # the record is visible when it is in its queryset
rule("supervision.view_alliance", lambda user, alliance: alliance is not None and bureau_covers(user, alliance))
rule(
    "dashboards.view_alliance",
    lambda user, alliance: alliance is not None and bureau_covers(user, alliance, who.PAYERS),
)
rule("supervision.file", lambda user, alliance: who.is_lead_of(user, alliance))
rule("supervision.decide", lambda user, alliance: alliance is not None and bureau_covers(user, alliance))
rule("supervision.endorse", lambda user, alliance: alliance is not None and in_scope(recommender_q(user), alliance))
rule("supervision.scan", lambda user, obj=None: who.superuser(user))


@query("supervision.inspect")
def inspectable(user: Any) -> QuerySet[Alliance]:
    """Alliances whose use of its bureau's money the user may inspect: staff and finance of the alliance's own
    bureau (Jiangning 第十三条 “区科技局、区财政局可……检查”), not a bureau above it."""
    qs = Alliance.objects.select_related("jurisdiction", "lead")
    if who.superuser(user):
        return qs
    return qs.filter(jurisdiction_id__in=who.jurisdiction_ids(user, who.PAYERS))


rule_from_query("supervision.inspect")
