"""The lead unit's claims for support money: which articles pay on a claim, one form per article built from
the pack (itisa/funding/claim_forms.py), the engine's live answer while typing (an HTMX fragment), the
claim's page where a claim sent back for more evidence is completed and resubmitted."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from itisa.core.forms import attach_service_errors, submitted
from itisa.funding.claim_forms import ClaimForm, ClaimKind, EvidenceForm, claim_kinds, flag_words
from itisa.funding.claim_forms import claim_kind as kind_spec
from itisa.funding.claim_services import claim_add_evidence, claim_file, claim_preview
from itisa.funding.models import OPEN_CLAIM, Claim
from itisa.leadunit import selectors
from itisa.leadunit.views import _ctx, _today, lead_view
from itisa.register.models import Alliance
from itisa.supervision.governing import pack_for
from policy.api import Pack, get_pack, governing_pack


def _pack(alliance: Alliance) -> Pack | None:
    """The text in force today, else the latest one: a claim may be about a happening while it was in force."""
    g = governing_pack(alliance.jurisdiction.policy_pack or "", _today())
    if g.pack is not None:
        return g.pack
    return get_pack(g.text.pack) if g.text is not None else None


def _pack_on(form: ClaimForm, alliance: Alliance, spec: ClaimKind) -> Pack:
    """The text in force on the day of the happening, which must pay on this kind of claim (else a
    ValidationError on the date)."""
    try:
        pack = pack_for(alliance, form.cleaned_data["date"])
    except ValidationError as exc:
        raise ValidationError({"date": exc}) from None
    if kind_spec(pack, spec.kind) is None:
        raise ValidationError({"date": _("%(doc)s, in force on that day, pays nothing on this claim.") % {
            "doc": pack.doc}})
    return pack


def _spec(alliance: Alliance, kind: str) -> tuple[Pack, ClaimKind]:
    pack = _pack(alliance)
    spec = kind_spec(pack, kind) if pack is not None else None
    if pack is None or spec is None:
        raise Http404
    return pack, spec


def _payees(alliance: Alliance, spec: ClaimKind) -> list[tuple[int, str]]:
    rows = selectors.current_members(alliance, _today())
    return [
        (m.organisation_id, m.organisation.name)
        for m in rows
        if not spec.member_kinds or m.organisation.kind in spec.member_kinds
    ]


def _uploads(request: HttpRequest) -> list[tuple[str, Any, int]]:
    return [(f.name or "", f, f.size or 0) for f in request.FILES.getlist("evidence")]


def _words(claim: Claim) -> dict[str, list[str]]:
    return {
        "stated": flag_words(claim.pack_id, claim.kind, list(claim.event.get("flags") or ())),
        "found": flag_words(claim.pack_id, claim.kind, list(claim.asserted_flags)),
    }


@lead_view
@require_safe
def claims(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    pack = _pack(alliance)
    return render(
        request,
        "leadunit/claims.html",
        _ctx(
            alliance,
            "claims",
            kinds=claim_kinds(pack) if pack else [],
            pack=pack,
            claims=Claim.objects.filter(alliance=alliance).prefetch_related("proposals"),
        ),
    )


@lead_view
@require_http_methods(["GET", "POST"])
def claim_new(request: HttpRequest, alliance: Alliance, claim_kind: str) -> HttpResponse:
    kind = claim_kind
    pack, spec = _spec(alliance, kind)
    form = ClaimForm(request.POST or None, request.FILES or None, spec=spec, payees=_payees(alliance, spec))
    if request.method == "POST" and (done := submitted(
            request, form,
            lambda d: claim_file(actor=request.user, alliance=alliance, pack=_pack_on(form, alliance, spec), kind=kind,
                                 event=form.event("new"), files=_uploads(request), note=d["note"]),
            done=lambda claim: _("Your claim %(claim)s was sent to the bureau.") % {"claim": claim.ref},
            then=lambda claim: reverse("leadunit:claim", kwargs={"pk": alliance.pk, "claim": claim.pk}))):
        return done
    return render(request, "leadunit/claim_new.html", _ctx(alliance, "claims", form=form, spec=spec, pack=pack))


@lead_view
@require_POST
def claim_preview_view(request: HttpRequest, alliance: Alliance, claim_kind: str) -> HttpResponse:
    """The engine's answer for the claim as typed so far (nothing is stored)."""
    kind = claim_kind
    _latest, spec = _spec(alliance, kind)
    form = ClaimForm(request.POST, spec=spec, payees=_payees(alliance, spec))
    answer = None
    if form.is_valid():
        try:
            on_pack = _pack_on(form, alliance, spec)
            spec = kind_spec(on_pack, kind) or spec
            answer = claim_preview(alliance, on_pack, spec, form.event("preview"))
        except ValidationError as exc:
            attach_service_errors(form, exc)
    return render(request, "leadunit/_claim_answer.html", {"form": form, "answer": answer, "spec": spec})


@lead_view
@require_http_methods(["GET", "POST"])
def claim_detail(request: HttpRequest, alliance: Alliance, claim: int) -> HttpResponse:
    obj = Claim.objects.filter(alliance=alliance, pk=claim).prefetch_related("documents", "proposals").first()
    if obj is None:
        raise Http404
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and (done := submitted(
            request, form, lambda d: claim_add_evidence(actor=request.user, claim=obj, files=_uploads(request),
                                                        note=d["note"]),
            done=_("Your claim was sent to the bureau again."),
            then=reverse("leadunit:claim", kwargs={"pk": alliance.pk, "claim": obj.pk}))):
        return done
    return render(
        request,
        "leadunit/claim.html",
        _ctx(alliance, "claims", claim=obj, form=form, open=obj.status in OPEN_CLAIM, **_words(obj)),
    )
