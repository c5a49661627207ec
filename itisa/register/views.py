"""Staff pages that bring existing data in: organisations, and the register a bureau already keeps.
Upload → a row-by-row report → confirm; the file is checked again when the import is confirmed."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from itisa.access.views import area
from itisa.core.exports import XLSX
from itisa.register import imports, register_import
from itisa.register.register_template import template_workbook as register_workbook

MAX_BYTES = 10 * 1024 * 1024


def _download(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


def _upload_page(
    request: HttpRequest,
    *,
    key: str,
    template: str,
    check: Callable[[bytes], Any],
    run: Callable[[bytes, str], tuple[Any, Any]],
    done: Callable[[Any], str],
) -> HttpResponse:
    context: dict[str, Any] = {}
    if request.method == "POST" and request.POST.get("confirm"):
        stored = request.session.get(key) or {}
        if stored.get("sha256") != request.POST.get("confirm"):
            messages.error(request, _("Upload the file again: the checked file is no longer available."))
            return redirect(request.path)
        data = base64.b64decode(stored["data"])
        try:
            result, _check = run(data, stored["name"])
        except ValidationError as exc:
            context["check"] = check(data)
            context["refused"] = " ".join(exc.messages)
        else:
            request.session.pop(key, None)
            messages.success(request, done(result))
            return redirect(request.path)
    elif request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or (upload.size or 0) > MAX_BYTES:
            context["refused"] = _("Choose an Excel file (.xlsx) of at most 10 MB.")
        else:
            data = upload.read()
            context["check"] = result = check(data)
            if result.ok:
                digest = hashlib.sha256(data).hexdigest()
                request.session[key] = {"sha256": digest, "name": upload.name, "data": base64.b64encode(data).decode()}
                context["confirm"] = digest
    return render(request, template, context)


@area("pages.bureau")
@require_safe
def organisations_template(request: HttpRequest) -> HttpResponse:
    return _download(imports.template_workbook(), "organisations-template.xlsx")


@area("pages.bureau")
@require_http_methods(["GET", "POST"])
def organisations_import(request: HttpRequest) -> HttpResponse:
    return _upload_page(
        request,
        key="register-import-organisations",
        template="register/organisations_import.html",
        check=lambda data: imports.check_upload(_stream(data)),
        run=lambda data, name: imports.import_organisations(actor=request.user, data=data, file_name=name),
        done=lambda batch: _("%(n)s organisations were imported.") % {"n": batch.created},
    )


@area("pages.bureau")
@require_safe
def register_template(request: HttpRequest) -> HttpResponse:
    return _download(register_workbook(), "register-template.xlsx")


@area("pages.bureau")
@require_http_methods(["GET", "POST"])
def register_import_page(request: HttpRequest) -> HttpResponse:
    return _upload_page(
        request,
        key="register-import-alliances",
        template="register/register_import.html",
        check=lambda data: register_import.check_upload(_stream(data), request.user),
        run=lambda data, name: register_import.import_register(actor=request.user, data=data, file_name=name),
        done=lambda batch: _("%(n)s alliances were imported.") % {"n": batch.created},
    )


def _stream(data: bytes) -> Any:
    import io

    return io.BytesIO(data)
