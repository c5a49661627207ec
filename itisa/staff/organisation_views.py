"""The bureau's page of one organisation, reached from the members page of an alliance in its scope: its
particulars corrected (``organisation_update``) and its renaming (更名, ``organisation_rename``) with the day the
new name takes effect; the former names keep their dates, so documents dated earlier show the name they bore.
The services check ``register.edit_organisation`` again (any bureau's staff: organisations are shared facts)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from itisa.access.views import area
from itisa.core.forms import BoundedDateField, HtmlDateInput, RegionSearchInput, TextField, submitted
from itisa.register.models import ChainPosition, Organisation, OrganisationKind
from itisa.register.services import organisation_rename, organisation_update
from itisa.staff.register_views import _alliance


class OrganisationEditForm(forms.Form):
    """The particulars ``organisation_update`` corrects; the name changes only by a rename, which keeps the
    former one with its date."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=OrganisationKind.choices)
    region = TextField(label=gettext_lazy("Registered region"), max_length=40, required=False,
                       widget=RegionSearchInput,
                       help_text=gettext_lazy("Type a name or a code (GB/T 2260); empty: the region stays as it is."))
    legal_person = forms.BooleanField(label=gettext_lazy("Independent legal person"), required=False)
    chain_position = forms.ChoiceField(label=gettext_lazy("Industry-chain position"), required=False,
                                       choices=[("", "—"), *ChainPosition.choices])
    reason = TextField(label=gettext_lazy("Reason"), max_length=500)


class OrganisationRenameForm(forms.Form):
    name = TextField(label=gettext_lazy("New name"), max_length=200)
    on = BoundedDateField(label=gettext_lazy("New name from"), widget=HtmlDateInput(),
                          help_text=gettext_lazy("The first day of the new name; documents dated earlier keep the "
                                                 "former one."))
    document_number = TextField(label=gettext_lazy("Document number"), max_length=80, required=False)
    reason = TextField(label=gettext_lazy("Reason"), max_length=500, required=False)


def _update(request: HttpRequest, org: Organisation, d: dict[str, Any]) -> Organisation:
    changes = {"kind": d["kind"], "legal_person": d["legal_person"], "chain_position": d["chain_position"]}
    if d["region"]:
        changes["region"] = d["region"]
    return organisation_update(actor=request.user, organisation=org, reason=d["reason"], **changes)


@area("pages.bureau")
@require_http_methods(["GET", "POST"])
def organisation(request: HttpRequest, pk: int, organisation_id: int) -> HttpResponse:
    """One member (present or past) of an alliance the bureau keeps: 404 for any other organisation."""
    alliance = _alliance(request.user, pk)
    org = get_object_or_404(Organisation.objects.select_related("region")
                            .filter(memberships__alliance=alliance).distinct(), pk=organisation_id)
    act = request.POST.get("act", "") if request.method == "POST" else ""
    edit = OrganisationEditForm(request.POST if act == "update" else None, prefix="edit", initial={
        "kind": org.kind, "region": org.region.code if org.region else "", "legal_person": org.legal_person,
        "chain_position": org.chain_position})
    rename = OrganisationRenameForm(request.POST if act == "rename" else None, prefix="rename",
                                    initial={"on": timezone.localdate()})
    back = reverse("staff:organisation", kwargs={"pk": alliance.pk, "organisation_id": org.pk})
    done = None
    if act == "update":
        done = submitted(request, edit, lambda d: _update(request, org, d),
                         done=_("%(org)s's particulars are corrected.") % {"org": org.name}, then=back)
    elif act == "rename":
        former = org.name
        done = submitted(request, rename, lambda d: organisation_rename(
            actor=request.user, organisation=org, name=d["name"], on=d["on"],
            document_number=d["document_number"], reason=d["reason"]),
            done=lambda o: _("%(former)s is renamed %(name)s.") % {"former": former, "name": o.name}, then=back)
    elif act:
        return HttpResponse(status=400)
    if done:
        return done
    return render(request, "staff/organisation.html", {
        "alliance": alliance, "org": org, "former_names": org.former_names.order_by("-used_until"),
        "edit_form": edit, "rename_form": rename, "open_act": act})
