"""The lead unit's dissolution page: apply with the reason (the application is the lead's own consent),
record each member's signed consent, follow the bureau's decision (Jiangning 第十二条)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from itisa.core.forms import submitted
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
    done = submitted(request, form,
                     lambda d: dissolution_apply(actor=request.user, alliance=alliance, reason=d["reason"], on=_today()),
                     done=_("The application to dissolve is filed. Record each member's signed consent."),
                     then=reverse("leadunit:dissolution", args=[alliance.pk]))
    return done or _page(request, alliance, apply_form=form)


@lead_view
@require_POST
def dissolution_consent(request: HttpRequest, alliance: Alliance, dissolution: int) -> HttpResponse:
    obj = get_object_or_404(Dissolution, pk=dissolution, alliance=alliance)
    form = DissolutionConsentForm(request.POST, request.FILES,
                                  members=dissolution_missing_consents(obj, _today()))
    done = submitted(request, form,
                     lambda d: dissolution_consent_record(
                         actor=request.user, dissolution=obj, on=_today(),
                         organisation=get_object_or_404(Organisation, pk=d["organisation"]), attachment=d["attachment"]),
                     done=_("The member's consent is recorded."),
                     then=reverse("leadunit:dissolution", args=[alliance.pk]))
    return done or _page(request, alliance, consent_form=form)
