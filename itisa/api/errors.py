"""One error shape for every failure: {"error": {"code", "message", "details"}} (docs/api.md)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from itisa.workflow.services import CaseConflict
from policy.api import InputError


def _body(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    response = api.create_response(
        request, {"error": {"code": code, "message": message, "details": details or []}}, status=status
    )
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def _location(loc: Any) -> str:
    parts = [str(p) for p in (loc or ()) if p not in ("query", "path", "body")]
    return ".".join(parts)


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = [{"field": _location(e.get("loc")), "message": str(e.get("msg", ""))} for e in exc.errors]
        return _body(api, request, 422, "invalid", _("Some parameters are not valid."), details)

    @api.exception_handler(DjangoValidationError)
    def refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        details = [
            {"field": field if field != "__all__" else "", "message": str(m)}
            for field, msgs in getattr(exc, "message_dict", {"": exc.messages}).items()
            for m in msgs
        ]
        return _body(api, request, 422, "refused", _("The request was refused."), details)

    @api.exception_handler(CaseConflict)
    def conflict(request: HttpRequest, exc: CaseConflict) -> HttpResponse:
        details = [{"field": "", "message": str(m)} for m in exc.messages]
        return _body(api, request, 409, "conflict", _("Someone else changed this first: read it again."), details)

    @api.exception_handler(InputError)
    def engine_refused(request: HttpRequest, exc: InputError) -> HttpResponse:
        chinese = get_language().startswith("zh")
        details = [{"field": p.path, "message": p.zh if chinese else p.en} for p in exc.problems]
        return _body(api, request, 422, "invalid", _("Some parameters are not valid."), details)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _body(
            api,
            request,
            401,
            "unauthenticated",
            _("A valid API token is required."),
            headers={"WWW-Authenticate": "Bearer"},
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _body(api, request, 403, "forbidden", str(exc) or _("You may not do this."))

    @api.exception_handler(Http404)
    def missing(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _body(api, request, 404, "not_found", _("Not found, or not visible to you."))

    @api.exception_handler(ObjectDoesNotExist)
    def missing_object(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
        return _body(api, request, 404, "not_found", _("Not found, or not visible to you."))

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        wait = int(exc.wait or 1)
        return _body(
            api,
            request,
            429,
            "throttled",
            _("Too many requests: try again in %(s)d seconds.") % {"s": wait},
            headers={"Retry-After": str(wait)},
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:  # a body that is not JSON / multipart at all
            return _body(api, request, 400, "unreadable", _("The request body could not be read."))
        return _body(api, request, exc.status_code, "error", str(exc))
