"""Bureau staff review claims for support money (the queue of the paying fund's bureau), ask for more
evidence, reject with a reason or accept into grant proposals; and record money a matter received under
other policies, which the engine's "no double funding" (Luoyang 第二十一条) then sees."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from itisa.access import visible_to
from itisa.access.views import area
from itisa.core.forms import BoundedDateField, DecimalInput, HtmlDateInput, TextField, submitted
from itisa.funding import engine_io
from itisa.funding.claim_forms import claim_kind, flag_words
from itisa.funding.claim_services import claim_accept, claim_ask_evidence, claim_reject, outside_funding_record
from itisa.funding.models import OPEN_CLAIM, Claim, ClaimStatus, OutsideFunding
from itisa.staff import selectors as sel

DECISIONS = (
    ("accept", gettext_lazy("Accept into a grant proposal")),
    ("more_evidence", gettext_lazy("Ask the lead unit for more evidence")),
    ("reject", gettext_lazy("Reject")),
)


class ClaimReviewForm(forms.Form):
    decision = forms.ChoiceField(label=gettext_lazy("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    flags = forms.MultipleChoiceField(
        label=gettext_lazy("The bureau finds"), required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = TextField(
        label=gettext_lazy("Reason, or what is missing"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, flag_choices: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["flags"].choices = flag_choices  # type: ignore[attr-defined]
        if not flag_choices:
            del self.fields["flags"]


class OutsideFundingForm(forms.Form):
    alliance = forms.TypedChoiceField(label=gettext_lazy("Alliance"), coerce=int)
    matter = TextField(
        label=gettext_lazy("Reference of the matter"),
        max_length=120,
        help_text=gettext_lazy("The same key a claim names, e.g. a project or platform number."),
    )
    source = TextField(label=gettext_lazy("Policy that paid it"), max_length=200)
    amount = forms.DecimalField(label=gettext_lazy("Amount (万元)"), max_digits=16, decimal_places=4,
                                widget=DecimalInput())
    received_on = BoundedDateField(label=gettext_lazy("Received on"), widget=HtmlDateInput())
    note = TextField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, alliances: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["alliance"].choices = [(a.pk, a.name) for a in alliances]  # type: ignore[attr-defined]


def _claims(user: Any) -> Any:
    return visible_to(user, "funding.view_claim")


def _claim(user: Any, pk: int) -> Claim:
    obj = _claims(user).filter(pk=pk).prefetch_related("documents", "proposals").first()
    if obj is None:
        raise Http404
    return obj


@area("pages.bureau")
@require_safe
def claims(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    qs = _claims(request.user).order_by("filed_on", "pk")
    qs = qs.filter(status__in=OPEN_CLAIM) if status == "open" else qs
    return render(request, "staff/claims.html", {"claims": qs, "status": status})


def _flag_choices(claim: Claim) -> list[tuple[str, str]]:
    spec = claim_kind(engine_io.pack_of(claim.pack_id), claim.kind)
    zh = (get_language() or "zh-hans").startswith("zh")
    return [(f, (z if zh else e) or f) for f, z, e in (spec.staff_flags if spec else ())]


@area("pages.bureau")
@require_http_methods(["GET", "POST"])
def claim_detail(request: HttpRequest, claim: int) -> HttpResponse:
    obj = _claim(request.user, claim)
    form = ClaimReviewForm(request.POST or None, flag_choices=_flag_choices(obj))

    def decide(d: dict[str, Any]) -> str:
        """The decision's service; what the page then says."""
        if d["decision"] == "accept":
            run = claim_accept(actor=request.user, claim=obj, flags=d.get("flags") or (), reason=d["reason"])
            return _("%(claim)s accepted: %(proposals)s.") % {
                "claim": obj.ref, "proposals": ", ".join(p.ref for p in run.proposals)}
        if d["decision"] == "more_evidence":
            claim_ask_evidence(actor=request.user, claim=obj, reason=d["reason"])
            return _("%(claim)s was sent back to the lead unit.") % {"claim": obj.ref}
        claim_reject(actor=request.user, claim=obj, reason=d["reason"])
        return _("%(claim)s was rejected.") % {"claim": obj.ref}

    done = request.method == "POST" and submitted(request, form, decide, done=lambda words: words,
                                                  then=reverse("staff:claim", kwargs={"claim": obj.pk}),
                                                  denied=_("You may not decide this claim."))
    return done or render(
        request,
        "staff/claim.html",
        {
            "claim": obj,
            "form": form,
            "open": obj.status in OPEN_CLAIM,
            "accepted": obj.status == ClaimStatus.ACCEPTED,
            "stated": flag_words(obj.pack_id, obj.kind, list(obj.event.get("flags") or ())),
            "found": flag_words(obj.pack_id, obj.kind, list(obj.asserted_flags)),
        },
    )


@area("pages.bureau")
def claim_document(request: HttpRequest, claim: int, doc: int) -> HttpResponse | FileResponse:
    obj = _claim(request.user, claim)
    d = obj.documents.filter(pk=doc).first()
    if d is None:
        raise Http404
    if request.method not in ("GET", "HEAD"):  # after the lookup: a claim one may not see is 404 whatever the verb
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return FileResponse(d.file.open("rb"), as_attachment=True, filename=d.original_name)


@area("pages.bureau")
@require_http_methods(["GET", "POST"])
def outside_funding(request: HttpRequest) -> HttpResponse:
    alliances = sel.work_alliances(request.user).order_by("name")
    form = OutsideFundingForm(request.POST or None, alliances=alliances, initial={"received_on": timezone.localdate()})
    done = request.method == "POST" and submitted(
        request, form,
        lambda d: outside_funding_record(actor=request.user, alliance=sel.work_alliance(request.user, d["alliance"]),
                                         matter=d["matter"], source=d["source"], amount=d["amount"],
                                         received_on=d["received_on"], note=d["note"]),
        done=lambda row: _("%(row)s recorded.") % {"row": row.ref}, then=reverse("staff:outside_funding"),
        denied=_("You may not record this."))
    if done:
        return done
    rows = visible_to(request.user, "funding.view_outside", OutsideFunding)
    return render(request, "staff/outside_funding.html", {"form": form, "rows": rows})
