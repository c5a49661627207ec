"""Staff pages of the endings of supervision: findings with their evidence (the consequences the text names
follow with its article), the dissolutions under way and their decision, the plaque's return after a
dissolution or a revocation, and the documents an alliance filed. Parse, call the supervision service, render."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from itisa.access import can, visible_to
from itisa.access.views import area
from itisa.core.forms import submitted
from itisa.documents.models import Document
from itisa.staff import selectors as sel
from itisa.staff.endings_pages import alliance_documents
from itisa.staff.forms import DissolutionDecideForm, FindingForm, PlaqueReturnedForm
from itisa.staff.list_exports import DISSOLUTIONS
from itisa.staff.views import _alliance_page
from itisa.supervision.governing import governing
from itisa.supervision.models import Dissolution, DissolutionStatus, Revocation
from itisa.supervision.selectors import finding_choices, missing_consents
from itisa.supervision.services import (
    dissolution_decide,
    dissolution_missing_consents,
    dissolution_plaque_issued,
    dissolution_plaque_returned,
    finding_record,
    revocation_plaque_recalled,
)


def _today() -> Any:
    return timezone.localdate()


@area("pages.bureau")
@require_POST
def finding_new(request: HttpRequest, pk: int) -> HttpResponse:
    alliance = sel.work_alliance(request.user, pk)
    form = FindingForm(request.POST, request.FILES, choices=finding_choices(governing(alliance, _today())
                                                                            .pack))
    done = submitted(request, form, lambda d: finding_record(actor=request.user, alliance=alliance, on=_today(), **d),
                     done=lambda finding: _("The finding is recorded (%(article)s). Apply what the text draws from "
                                            "it below.") % {"article": finding.article},
                     then=reverse("staff:alliance", args=[alliance.pk]))
    return done or _alliance_page(request, alliance, finding_form=form)


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
    done = submitted(request, form, lambda d: dissolution_decide(actor=request.user, dissolution=obj,
                                                                 approve=d["decision"] == "approve",
                                                                 note=d["note"] or "", on=_today()),
                     done=lambda _r: _("The alliance is dissolved.") if form.cleaned_data["decision"] == "approve"
                     else _("The application to dissolve is refused."),
                     then=reverse("staff:dissolution", kwargs={"pk": pk, "dissolution": obj.pk}))
    if done:
        return done
    obj.refresh_from_db()
    return _dissolution_page(request, obj, decide_form=form)


@area("pages.bureau")
@require_POST
def dissolution_plaque(request: HttpRequest, pk: int, dissolution: int) -> HttpResponse:
    obj = _dissolution(request, pk, dissolution)
    form = PlaqueReturnedForm(request.POST)
    done = submitted(request, form, lambda d: dissolution_plaque_returned(actor=request.user, dissolution=obj,
                                                                          on=d["on"]),
                     done=_("The plaque's return is recorded."),
                     then=reverse("staff:dissolution", kwargs={"pk": pk, "dissolution": obj.pk}))
    return done or _dissolution_page(request, obj, plaque_form=form)


@area("pages.bureau")
@require_POST
def revocation_plaque(request: HttpRequest, pk: int) -> HttpResponse:
    """The day the plaque a revocation ordered back came back (Kunming 第十七条 收回授牌)."""
    alliance = sel.work_alliance(request.user, pk)
    revocation = get_object_or_404(Revocation, alliance=alliance, plaque_recall_ordered=True)
    form = PlaqueReturnedForm(request.POST)
    done = submitted(request, form, lambda d: revocation_plaque_recalled(actor=request.user, revocation=revocation,
                                                                         on=d["on"]),
                     done=_("The plaque's return is recorded."), then=reverse("staff:alliance", args=[alliance.pk]))
    return done or _alliance_page(request, alliance, plaque_form=form)
