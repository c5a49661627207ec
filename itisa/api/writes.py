"""What the API lets a caller do (docs/api.md, "Writes"): a lead unit's office software opens an application,
attaches its materials, acts on it (submit, resubmit, withdraw …) and files reports.

Token only — a browser session never writes through the API, so the API has no CSRF exposure. Each endpoint
calls the same service the pages call, so the access rule, the pack's transition table and the audit event
are the pages' own; the object must first be in the caller's scope (else 404, as if it did not exist).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from itisa.api import scope
from itisa.api.auth import token_auth
from itisa.api.endpoints import ERRORS, IsoDate, api
from itisa.api.schemas import CaseOut, ErrorOut, MaterialOut, ReportOut
from itisa.core.params import strip_invisible
from itisa.supervision.models import MajorEventKind, ReportKind
from itisa.supervision.services.common import today
from itisa.supervision.services.reports import report_file
from itisa.workflow.materials import case_upload_material
from itisa.workflow.models import Call
from itisa.workflow.services import case_act, case_open

WRITE = [token_auth]
WRITE_ERRORS: dict[int | str, Any] = {**ERRORS, 400: ErrorOut, 409: ErrorOut}
ID = Field(..., ge=1, le=2**31 - 1)
CODE = r"^[a-z][a-z0-9_]{0,39}$"


class ApplicationIn(Schema):
    alliance_id: int = ID
    procedure: str = Field("recognition", pattern=CODE, description="the pack's procedure, e.g. recognition")
    call_id: int | None = Field(None, ge=1, le=2**31 - 1, description="the bureau's call, where the text has one")


class ActionIn(Schema):
    action: str = Field(..., pattern=CODE, description="a move of the pack's transition table, e.g. submit")
    reason: str = Field("", max_length=2000)
    expected_version: int | None = Field(
        None, ge=0, le=2**31 - 1, description="the case's version as read; a different one answers 409"
    )


class MaterialIn(Schema):
    material: str = Field(..., pattern=CODE, description="the pack's material, e.g. application")


class ReportIn(Schema):
    alliance_id: int = ID
    kind: ReportKind
    year: int | None = Field(None, ge=1990, le=2100, description="for yearly reports")
    event_kind: MajorEventKind | None = None
    event_date: IsoDate | None = None
    summary: str = Field("", max_length=20000)
    plan_execution: str = Field("", max_length=20000)
    fund_use: str = Field("", max_length=20000)
    results: str = Field("", max_length=20000)
    next_year_plan: str = Field("", max_length=20000)
    changes_members: str = Field("", max_length=20000)
    changes_rules: str = Field("", max_length=20000)
    changes_direction: str = Field("", max_length=20000)
    changes_route: str = Field("", max_length=20000)


SECTION_FIELDS = ("summary", "plan_execution", "fund_use", "results", "next_year_plan", "changes_members",
                  "changes_rules", "changes_direction", "changes_route")


@api.post("/applications", response={201: CaseOut, **WRITE_ERRORS}, tags=["applications"], auth=WRITE)
def application_open(request: HttpRequest, body: ApplicationIn) -> Any:
    alliance = get_object_or_404(scope.alliances_internal(request.user), pk=body.alliance_id)
    call = None
    if body.call_id is not None:
        call = get_object_or_404(Call.objects.filter(jurisdiction_id=alliance.jurisdiction_id), pk=body.call_id)
    case = case_open(actor=request.user, alliance=alliance, procedure_id=body.procedure, call=call, on=today())
    return Status(201, case)


@api.post(
    "/applications/{case_id}/actions", response={200: CaseOut, **WRITE_ERRORS}, tags=["applications"], auth=WRITE
)
def application_act(request: HttpRequest, case_id: int, body: ActionIn) -> Any:
    case = get_object_or_404(scope.cases(request.user), pk=case_id)
    outcome = case_act(actor=request.user, case=case, action=body.action, reason=strip_invisible(body.reason),
                       expected_version=body.expected_version, on=today())
    return outcome.case


@api.post(
    "/applications/{case_id}/materials",
    response={201: MaterialOut, **WRITE_ERRORS},
    tags=["applications"],
    auth=WRITE,
)
def material_attach(
    request: HttpRequest,
    case_id: int,
    form: Form[MaterialIn],
    file: File[UploadedFile],
) -> Any:
    case = get_object_or_404(scope.cases(request.user), pk=case_id)
    attached = case_upload_material(actor=request.user, case=case, material_id=form.material,
                                    name=file.name or "upload", stream=file, size=file.size or 0)
    doc = attached.document
    return Status(201, {"material": attached.material_id, "name": doc.original_name, "sha256": doc.sha256,
                 "size": doc.size, "attached_at": attached.attached_at})


@api.post("/reports", response={201: ReportOut, **WRITE_ERRORS}, tags=["reports"], auth=WRITE)
def report_new(request: HttpRequest, body: ReportIn) -> Any:
    alliance = get_object_or_404(scope.alliances_internal(request.user), pk=body.alliance_id)
    event_date: date | None = body.event_date
    sections = {name: strip_invisible(getattr(body, name)) for name in SECTION_FIELDS}
    report = report_file(actor=request.user, alliance=alliance, kind=str(body.kind), year=body.year,
                         event_kind=str(body.event_kind or ""), event_date=event_date, on=today(), **sections)
    return Status(201, report)
