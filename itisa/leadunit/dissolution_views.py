"""The lead unit's dissolution page: apply with the reason (the application is the lead's own consent),
record each member's signed consent, follow the bureau's decision (Jiangning 第十二条)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from itisa.core.forms import attach_service_errors
from itisa.leadunit.forms import DissolutionApplyForm, DissolutionConsentForm
from itisa.leadunit.views import _ctx, _today, lead_view
from itisa.register.models import Alliance, Organisation
from itisa.supervision.governing import governing
from itisa.supervision.models import Dissolution, DissolutionStatus
from itisa.supervision.selectors import dissolution_article
from itisa.supervision.services import dissolution_apply, dissolution_consent_record, dissolution_missing_consents


def _page(request: HttpRequest, alliance: Alliance, **forms: Any) -> HttpResponse:
    today = _today()
    g = governing(alliance, today)
    current = Dissolution.objects.filter(alliance=alliance).order_by("-applied_on", "-pk").first()
    missing = dissolution_missing_consents(current, today) if current and current.status == DissolutionStatus.APPLIED \
        else []
    return render(request, "leadunit/dissolution.html", _ctx(
        alliance, "dissolution", governing=g, article=dissolution_article(g.pack), current=current, missing=missing,
        consents=list(current.consents.select_related("organisation", "document")) if current else [],
        apply_form=forms.get("apply_form") or DissolutionApplyForm(),
        consent_form=forms.get("consent_form") or DissolutionConsentForm(members=missing)))


@lead_view
@require_safe
def dissolution(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    return _page(request, alliance)


@lead_view
@require_POST
def dissolution_apply_view(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    form = DissolutionApplyForm(request.POST)
    if form.is_valid():
        try:
            dissolution_apply(actor=request.user, alliance=alliance, reason=form.cleaned_data["reason"], on=_today())
        except ValidationError as exc:
            attach_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You may not do this."))
        else:
            messages.success(request, _("The application to dissolve is filed. Record each member's signed consent."))
            return redirect("leadunit:dissolution", pk=alliance.pk)
    return _page(request, alliance, apply_form=form)


@lead_view
@require_POST
def dissolution_consent(request: HttpRequest, alliance: Alliance, dissolution: int) -> HttpResponse:
    obj = get_object_or_404(Dissolution, pk=dissolution, alliance=alliance)
    form = DissolutionConsentForm(request.POST, request.FILES,
                                  members=dissolution_missing_consents(obj, _today()))
    if form.is_valid():
        try:
            dissolution_consent_record(actor=request.user, dissolution=obj, on=_today(),
                                       organisation=get_object_or_404(Organisation, pk=form.cleaned_data["organisation"]),
                                       attachment=form.cleaned_data["attachment"])
        except ValidationError as exc:
            attach_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You may not do this."))
        else:
            messages.success(request, _("The member's consent is recorded."))
            return redirect("leadunit:dissolution", pk=alliance.pk)
    return _page(request, alliance, consent_form=form)
