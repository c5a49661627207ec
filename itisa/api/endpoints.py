"""The REST API, version 1 (docs/api.md). Read-only: writes stay with the pages and their services for now.

Every list is paginated (`page`, `page_size` ≤ 100) and scoped by the caller, as the pages are (scope.py).
"""

import re
from datetime import date
from typing import Annotated, Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, NinjaAPI, Query, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.throttling import AnonRateThrottle, AuthRateThrottle, BaseThrottle
from pydantic import BeforeValidator, WithJsonSchema

from itisa.api import errors, scope
from itisa.api.auth import PRIVATE, caller
from itisa.api.schemas import (
    AchievementOut,
    AllianceOut,
    CaseOut,
    EngineAnswer,
    ErrorOut,
    LevelOut,
    MaterialOut,
    MembershipOut,
    NoticeOut,
    OrganisationOut,
    RegulationOut,
    ReportOut,
)
from itisa.register.models import AllianceStatus
from itisa.supervision.governing import governing
from policy import api as policy_api

THROTTLES: list[BaseThrottle] = [AnonRateThrottle(settings.API_RATE_ANON), AuthRateThrottle(settings.API_RATE_AUTH)]
api = NinjaAPI(
    title="产业技术创新战略联盟管理平台 API",
    version="1",
    description="Register, notices, regulations and the engine's answers, scoped like the web pages. "
    "Authenticate with `Authorization: Bearer <token>` (tokens are created on /api/tokens/).",
    urls_namespace="api-v1",
    throttle=THROTTLES,
    docs_url="/docs",
)
errors.install(api)

ERRORS: dict[int | str, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        page_size: int = Field(50, ge=1, le=100)

    def paginate_queryset(self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any) -> Any:
        offset = (pagination.page - 1) * pagination.page_size
        return {"items": queryset[offset : offset + pagination.page_size], "count": self._items_count(queryset)}


class AllianceFilter(Schema):
    q: str | None = Field(None, max_length=100, description="part of the alliance's or its lead's name")
    status: AllianceStatus | None = None
    jurisdiction: int | None = Field(None, ge=1, le=2**31 - 1)


def _iso_only(value: Any) -> Any:
    """Dates as YYYY-MM-DD only: a number is not a date here (pydantic would read it as a timestamp)."""
    if isinstance(value, date) or (isinstance(value, str) and re.fullmatch(DATE_PATTERN, value)):
        return value
    raise ValueError("a date written as YYYY-MM-DD, between 1900 and 2199")


# The engine answers for 1900–2199 (policy/facts_schema.py); the schema says so, so clients know.
DATE_PATTERN = r"^(19|20|21)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
IsoDate = Annotated[
    date,
    BeforeValidator(_iso_only),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN}),
]


class OnDate(Schema):
    on: IsoDate = Field(..., description="the date the answer is for (Asia/Shanghai)")


def _day(on: date) -> date:
    """Any calendar date is a question the engine can answer (before a text: not yet in force)."""
    return on


def _text(value: str | None) -> str:
    return "".join(ch for ch in (value or "") if ch.isprintable()).strip()


# --- register --------------------------------------------------------------------------------------------
@api.get("/alliances", response={200: list[AllianceOut], **ERRORS}, tags=["register"], auth=None)
@paginate(Pages)
def alliances(request: HttpRequest, filters: Query[AllianceFilter]) -> Any:
    qs = scope.alliances(caller(request))
    q = _text(filters.q)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(lead__name__icontains=q))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.jurisdiction:
        qs = qs.filter(jurisdiction_id=filters.jurisdiction)
    return qs.order_by("name", "pk")


def _alliance(request: HttpRequest, pk: int) -> Any:
    return get_object_or_404(scope.alliances(caller(request)), pk=pk)


@api.get("/alliances/{alliance_id}", response={200: AllianceOut, **ERRORS}, tags=["register"], auth=None)
def alliance(request: HttpRequest, alliance_id: int) -> Any:
    return _alliance(request, alliance_id)


@api.get(
    "/alliances/{alliance_id}/members", response={200: list[MembershipOut], **ERRORS}, tags=["register"], auth=None
)
@paginate(Pages)
def members(request: HttpRequest, alliance_id: int) -> Any:
    found = _alliance(request, alliance_id)
    return found.memberships.select_related("organisation__region").order_by("joined_on", "pk")


@api.get("/alliances/{alliance_id}/levels", response={200: list[LevelOut], **ERRORS}, tags=["register"], auth=None)
def levels(request: HttpRequest, alliance_id: int) -> Any:
    return list(_alliance(request, alliance_id).level_history.select_related("jurisdiction").order_by("from_date"))


@api.get(
    "/alliances/{alliance_id}/achievements",
    response={200: list[AchievementOut], **ERRORS},
    tags=["register"],
    auth=None,
)
@paginate(Pages)
def achievements(request: HttpRequest, alliance_id: int) -> Any:
    return _alliance(request, alliance_id).achievements.order_by("-achieved_on", "pk")


@api.get("/organisations", response={200: list[OrganisationOut], **ERRORS}, tags=["register"], auth=None)
@paginate(Pages)
def organisations(request: HttpRequest, q: str | None = Query(None, max_length=100)) -> Any:  # type: ignore[type-arg]
    qs = scope.organisations(caller(request))
    text = _text(q)
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(credit_code=text.upper()))
    return qs.order_by("name", "pk")


@api.get("/organisations/{organisation_id}", response={200: OrganisationOut, **ERRORS}, tags=["register"], auth=None)
def organisation(request: HttpRequest, organisation_id: int) -> Any:
    return get_object_or_404(scope.organisations(caller(request)), pk=organisation_id)


# --- notices and regulations ------------------------------------------------------------------------------
@api.get("/notices", response={200: list[NoticeOut], **ERRORS}, tags=["notices"], auth=None)
@paginate(Pages)
def notices(request: HttpRequest) -> Any:
    return scope.notices(caller(request)).order_by("-published_on", "-pk")


@api.get("/notices/{notice_id}", response={200: NoticeOut, **ERRORS}, tags=["notices"], auth=None)
def notice(request: HttpRequest, notice_id: int) -> Any:
    return get_object_or_404(scope.notices(caller(request)), pk=notice_id)


def _regulation(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["pack"],
        "title": row["title"],
        "doc": row["doc"],
        "region": row["region"],
        "level": row["level"],
        "in_force": row["in_force"],
        "lapses": row["lapses"],
        "status": row.get("status"),
        "status_text": row.get("zh"),
    }


@api.get("/regulations", response={200: list[RegulationOut], **ERRORS}, tags=["regulations"], auth=None)
def regulations(request: HttpRequest, on: IsoDate | None = None) -> Any:
    return [_regulation(r) for r in policy_api.packs(_day(on) if on else None)]


# --- the engine's answers for one alliance on one date -----------------------------------------------------
def _answer(request: HttpRequest, alliance_id: int, on: date, ask: str) -> dict[str, Any]:
    from itisa.supervision.facts import supervision_facts

    found = get_object_or_404(scope.alliances_internal(caller(request)), pk=alliance_id)
    day = _day(on)
    g = governing(found, day)
    if g.pack is None:
        return {
            "alliance_id": found.pk,
            "on": day,
            "regulation": None,
            "regulation_status": g.status,
            "result": {"zh": g.zh, "en": g.en, "article": g.article},
        }
    facts = supervision_facts(found, on=day)
    result = getattr(policy_api, ask)(g.pack.id, facts, day)
    return {
        "alliance_id": found.pk,
        "on": day,
        "regulation": g.pack.id,
        "regulation_status": g.status,
        "result": result.to_dict(),
    }


@api.get("/alliances/{alliance_id}/eligibility", response={200: EngineAnswer, **ERRORS}, tags=["engine"], auth=PRIVATE)
def eligibility(request: HttpRequest, alliance_id: int, params: Query[OnDate]) -> Any:
    return _answer(request, alliance_id, params.on, "check_eligibility")


@api.get("/alliances/{alliance_id}/entitlements", response={200: EngineAnswer, **ERRORS}, tags=["engine"], auth=PRIVATE)
def entitlements(request: HttpRequest, alliance_id: int, params: Query[OnDate]) -> Any:
    return _answer(request, alliance_id, params.on, "entitlements")


@api.get("/alliances/{alliance_id}/deadlines", response={200: EngineAnswer, **ERRORS}, tags=["engine"], auth=PRIVATE)
def deadlines(request: HttpRequest, alliance_id: int, params: Query[OnDate]) -> Any:
    return _answer(request, alliance_id, params.on, "deadlines")


# --- applications, materials and reports (lead units, recommenders and bureaus) ----------------------------
@api.get("/applications", response={200: list[CaseOut], **ERRORS}, tags=["applications"], auth=PRIVATE)
@paginate(Pages)
def applications(request: HttpRequest) -> Any:
    return scope.cases(request.user).order_by("-opened_on", "-pk")


@api.get("/applications/{case_id}", response={200: CaseOut, **ERRORS}, tags=["applications"], auth=PRIVATE)
def application(request: HttpRequest, case_id: int) -> Any:
    return get_object_or_404(scope.cases(request.user), pk=case_id)


@api.get(
    "/applications/{case_id}/materials",
    response={200: list[MaterialOut], **ERRORS},
    tags=["applications"],
    auth=PRIVATE,
)
def materials(request: HttpRequest, case_id: int) -> Any:
    case = get_object_or_404(scope.cases(request.user), pk=case_id)
    return [
        {
            "material": m.material_id,
            "name": m.document.original_name,
            "sha256": m.document.sha256,
            "size": m.document.size,
            "attached_at": m.attached_at,
        }
        for m in case.materials.select_related("document").order_by("attached_at", "pk")
    ]


@api.get("/reports", response={200: list[ReportOut], **ERRORS}, tags=["reports"], auth=PRIVATE)
@paginate(Pages)
def reports(request: HttpRequest, year: int | None = Query(None, ge=1990, le=2100)) -> Any:  # type: ignore[type-arg]
    qs = scope.reports(request.user)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-filed_on", "-pk")


# The writes register their operations on the same API (imported last: they use the declarations above).
from itisa.api import writes  # noqa: E402, F401
