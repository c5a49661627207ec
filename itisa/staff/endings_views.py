"""Staff pages of the endings of supervision: findings with their evidence (the consequences the text names
follow with its article), the dissolutions under way and their decision, the plaque's return, and the
documents an alliance filed. Parse, call the supervision service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from itisa.access import can, visible_to
from itisa.access.views import area
from itisa.core.forms import attach_service_errors
from itisa.documents.models import Document
from itisa.staff import selectors as sel
from itisa.staff.endings_pages import alliance_documents
from itisa.staff.forms import DissolutionDecideForm, FindingForm, PlaqueReturnedForm
from itisa.staff.list_exports import DISSOLUTIONS
from itisa.staff.views import _alliance_page
from itisa.supervision.governing import governing
from itisa.supervision.models import Dissolution, DissolutionStatus
from itisa.supervision.selectors import finding_choices, missing_consents
from itisa.supervision.services import (
    dissolution_decide,
    dissolution_missing_consents,
    dissolution_plaque_issued,
    dissolution_plaque_returned,
    finding_record,
)


def _today() -> Any:
    return timezone.localdate()


def _refused(form: Any, exc: Exception) -> None:
    if isinstance(exc, ValidationError):
        attach_service_errors(form, exc)
    else:
        form.add_error(None, str(exc) or _("You may not do this."))


@area("pages.bureau")
@require_POST
def finding_new(request: HttpRequest, pk: int) -> HttpResponse:
    alliance = sel.work_alliance(request.user, pk)
    form = FindingForm(request.POST, request.FILES, choices=finding_choices(governing(alliance, _today())
                                                                            .pack))
    if form.is_valid():
        try:
            finding = finding_record(actor=request.user, alliance=alliance, kind=form.cleaned_data["kind"],
                                     description=form.cleaned_data["description"],
                                     attachment=form.cleaned_data["attachment"], on=_today())
        except (ValidationError, PermissionDenied) as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The finding is recorded (%(article)s). Apply what the text draws from it "
                                        "below.") % {"article": finding.article})
            return redirect("staff:alliance", alliance.pk)
    return _alliance_page(request, alliance, finding_form=form)


@area("pages.bureau")
def alliance_document(request: HttpRequest, pk: int, doc: int) -> FileResponse:
    """A document the alliance filed (report, consent) or the bureau recorded (evidence); 404 for any other."""
    alliance = sel.work_alliance(request.user, pk)
    if doc not in alliance_documents(alliance):
        raise Http404
    document = get_object_or_404(Document, pk=doc)
    if not can(request.user, "documents.view", document):
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name,
                        content_type=document.content_type)


# ---------------------------------------------------------------- dissolutions


@area("pages.bureau")
def dissolutions(request: HttpRequest) -> HttpResponseBase:
    """The bureau's dissolutions, those under way (awaiting the decision, with the consents still missing)
    first unless the list is sorted otherwise; filtered, searched and exported through ``DISSOLUTIONS``."""
    mine = sel.work_alliances(request.user).values("pk")
    qs = visible_to(request.user, "supervision.view_dissolution", Dissolution).filter(
        alliance__in=mine).select_related("alliance__lead", "alliance__jurisdiction")

    def with_missing(rows: list[Dissolution]) -> None:
        pending = [d for d in rows if d.status == DissolutionStatus.APPLIED]
        missing = missing_consents(pending, _today()) if pending else {}
        for d in rows:
            d.missing = missing.get(d.pk)  # type: ignore[attr-defined]

    return DISSOLUTIONS.respond(request, qs.order_by("status", "-applied_on", "-pk"),
                                {"statuses": DissolutionStatus.choices}, prepare=with_missing)


def _dissolution_page(request: HttpRequest, dissolution: Dissolution, **forms: Any) -> HttpResponse:
    today = _today()
    missing = dissolution_missing_consents(dissolution, today) if dissolution.status == DissolutionStatus.APPLIED \
        else []
    g = governing(dissolution.alliance, today)
    return render(request, "staff/dissolution.html", {
        "dissolution": dissolution, "alliance": dissolution.alliance, "missing": missing,
        "no_text": None if g.pack is not None else g,  # no text in force today: nothing can be decided
        "consents": list(dissolution.consents.select_related("organisation", "document")),
        "plaque_issued": dissolution_plaque_issued(dissolution),
        "decide_form": forms.get("decide_form") or DissolutionDecideForm(),
        "plaque_form": forms.get("plaque_form") or PlaqueReturnedForm(initial={"on": today}),
    })


def _dissolution(request: HttpRequest, pk: int, dissolution: int) -> Dissolution:
    alliance = sel.work_alliance(request.user, pk)
    return get_object_or_404(Dissolution.objects.select_related("alliance__lead"), pk=dissolution, alliance=alliance)


@area("pages.bureau")
@require_http_methods(["GET", "POST"])
def dissolution_detail(request: HttpRequest, pk: int, dissolution: int) -> HttpResponse:
    obj = _dissolution(request, pk, dissolution)
    if request.method != "POST":
        return _dissolution_page(request, obj)
    form = DissolutionDecideForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            dissolution_decide(actor=request.user, dissolution=obj, approve=approve,
                               note=form.cleaned_data["note"] or "", on=_today())
        except (ValidationError, PermissionDenied) as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The alliance is dissolved.") if approve else
                             _("The application to dissolve is refused."))
            return redirect("staff:dissolution", pk=pk, dissolution=obj.pk)
    obj.refresh_from_db()
    return _dissolution_page(request, obj, decide_form=form)


@area("pages.bureau")
@require_POST
def dissolution_plaque(request: HttpRequest, pk: int, dissolution: int) -> HttpResponse:
    obj = _dissolution(request, pk, dissolution)
    form = PlaqueReturnedForm(request.POST)
    if form.is_valid():
        try:
            dissolution_plaque_returned(actor=request.user, dissolution=obj, on=form.cleaned_data["on"])
        except (ValidationError, PermissionDenied) as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The plaque's return is recorded."))
            return redirect("staff:dissolution", pk=pk, dissolution=obj.pk)
    return _dissolution_page(request, obj, plaque_form=form)
