"""Inspections of how an alliance used its bureau's money (Jiangning 第十三条 “区科技局、区财政局可根据工作需要
对联盟运行及资金使用情况进行检查”): the list of alliances the user may inspect with their inspections, and the
page that records one. What the text says (the article, the consequence of misuse) is read from the pack."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from itisa.access import visible_to
from itisa.access.views import area
from itisa.core.forms import BoundedDateField, HtmlDateInput, TextField, submitted
from itisa.register.models import Alliance
from itisa.supervision.governing import governing
from itisa.supervision.inspection_terms import consequences_of, inspection_terms
from itisa.supervision.models import FundInspection, InspectionOutcome
from itisa.supervision.services.inspections import inspection_record
from itisa.workflow.packs import packs_of


class InspectionForm(forms.Form):
    inspected_on = BoundedDateField(label=gettext_lazy("Inspected on"), widget=HtmlDateInput())
    inspectors = TextField(label=gettext_lazy("Inspected by"), max_length=500,
                           help_text=gettext_lazy("The bureau, the finance bureau, the people who inspected."))
    findings = TextField(label=gettext_lazy("What the inspection found"), widget=forms.Textarea(attrs={"rows": 5}))
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=InspectionOutcome.choices,
                                widget=forms.RadioSelect)
    document = forms.FileField(label=gettext_lazy("Inspection report or evidence"), required=False)
    document_2 = forms.FileField(label=gettext_lazy("Further document"), required=False)


def _inspectable(user: Any) -> Any:
    return visible_to(user, "supervision.inspect", Alliance)


@area("pages.finance")
@require_safe
def inspections(request: HttpRequest) -> HttpResponse:
    q = (request.GET.get("q") or "").strip()[:100]
    alliances = _inspectable(request.user).order_by("name")
    if q:
        alliances = alliances.filter(name__icontains=q)
    rows = (FundInspection.objects.filter(alliance__in=_inspectable(request.user).values("pk"))
            .select_related("alliance").order_by("-inspected_on", "-pk")[:100])
    return render(request, "finance/inspections.html", {"alliances": alliances[:200], "rows": rows, "q": q})


@area("pages.finance")
@require_http_methods(["GET", "POST"])
def inspection_new(request: HttpRequest, pk: int) -> HttpResponse:
    alliance = _inspectable(request.user).filter(pk=pk).first()
    if alliance is None:
        raise Http404
    today = timezone.localdate()
    g = governing(alliance, today)
    # Every text of the bureau that provides for inspections (one may have lapsed: an inspection is judged
    # under the text in force on its own date, which the service finds).
    texts = [t for t in (inspection_terms(p) for p in packs_of(alliance.jurisdiction)) if t is not None]
    form = InspectionForm(request.POST or None, request.FILES or None, initial={"inspected_on": today})
    if request.method == "POST" and texts and (saved := submitted(
            request, form,
            lambda d: inspection_record(actor=request.user, alliance=alliance, inspected_on=d["inspected_on"],
                                        inspectors=d["inspectors"], findings=d["findings"], outcome=d["outcome"],
                                        attachments=[f for f in (d["document"], d["document_2"]) if f]),
            done=_("The inspection of %(alliance)s is recorded.") % {"alliance": alliance.name},
            then=reverse("finance:inspection", args=[alliance.pk]))):
        return saved
    done = [{"row": r, "applied": consequences_of(r)}
            for r in FundInspection.objects.filter(alliance=alliance).prefetch_related("documents")]
    return render(request, "finance/inspection.html", {
        "alliance": alliance, "texts": texts, "form": form, "done": done,
        "why": {"zh": g.zh, "en": g.en} if g.pack is None else None,
    })
