"""Bureau staff enter the register by hand: organisations (Chinese, with a 统一社会信用代码, or foreign, with another
identifier and its country), alliances of their own bureau (with the lead's membership) and the members of an
alliance in their scope. Each page calls the register's service (organisation_create, alliance_create,
membership_add), which checks the rule again (``register.create_alliance``: staff of that very bureau;
``register.edit_alliance``: the bureau whose scope holds the alliance)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from itisa.access import can
from itisa.access.views import area
from itisa.core.forms import BoundedDateField, HtmlDateInput, RegionSearchInput, TextField, submitted
from itisa.core.params import parse_id
from itisa.register.countries import country_choices
from itisa.register.models import (
    Alliance,
    AllianceKind,
    ChainPosition,
    IndustryField,
    MemberRole,
    Membership,
    Organisation,
    OrganisationKind,
)
from itisa.register.services import (
    alliance_change_lead,
    alliance_create,
    membership_add,
    membership_change_role,
    membership_end,
    organisation_create,
)
from itisa.register.validators import clean_credit_code
from itisa.staff import selectors as sel

DATE = HtmlDateInput()


class IdentityFields(forms.Form):
    """How an organisation is found or registered: its credit code, or another identifier and its country."""

    credit_code = TextField(label=gettext_lazy("Unified social credit code"), max_length=18, required=False)
    other_id = TextField(label=gettext_lazy("Other identifier"), max_length=64, required=False,
                         help_text=gettext_lazy("Only for an organisation without a unified social credit code "
                                                "(registered abroad, or a legacy unit)."))
    id_country = forms.ChoiceField(label=gettext_lazy("Issuing country"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["id_country"].choices = [("", "—"), *country_choices()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("credit_code") and not data.get("other_id"):
            self.add_error("credit_code", _("Give the unified social credit code, or another identifier and its "
                                            "issuing country."))
        return data


class OrganisationForm(IdentityFields):
    other_id_scheme = TextField(label=gettext_lazy("Kind of identifier"), max_length=60, required=False)
    name = TextField(label=gettext_lazy("Name"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=OrganisationKind.choices)
    region = TextField(label=gettext_lazy("Registered region"), max_length=40, required=False,
                       widget=RegionSearchInput,
                       help_text=gettext_lazy("Type a name or a code (GB/T 2260); empty: the region in the credit "
                                              "code. Leave empty for an organisation registered abroad."))
    legal_person = forms.BooleanField(label=gettext_lazy("Independent legal person"), required=False, initial=True)
    chain_position = forms.ChoiceField(label=gettext_lazy("Industry-chain position"), required=False,
                                       choices=[("", "—"), *ChainPosition.choices])
    reason = TextField(label=gettext_lazy("Reason"), max_length=500, required=False)


class AllianceForm(IdentityFields):
    name = TextField(label=gettext_lazy("Name of the alliance"), max_length=200)
    jurisdiction = forms.TypedChoiceField(label=gettext_lazy("Bureau"), coerce=int)
    founded_on = BoundedDateField(label=gettext_lazy("Founded on"), widget=DATE)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=AllianceKind.choices)
    industry_field = forms.ModelChoiceField(label=gettext_lazy("Industry field"), required=False,
                                            queryset=IndustryField.objects.none())
    reason = TextField(label=gettext_lazy("Reason"), max_length=500, required=False)

    def __init__(self, *args: Any, jurisdictions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["credit_code"].label = _("Lead unit: unified social credit code")
        self.fields["jurisdiction"].choices = [(j.pk, j.name) for j in jurisdictions]  # type: ignore[attr-defined]
        self.fields["industry_field"].queryset = IndustryField.objects.filter(  # type: ignore[attr-defined]
            jurisdiction__in=jurisdictions, active=True).select_related("jurisdiction")
        if len(jurisdictions) > 1:
            self.fields["industry_field"].label_from_instance = (  # type: ignore[attr-defined]
                lambda f: f"{f.jurisdiction.name} · {f.name}")


class MemberForm(IdentityFields):
    role = forms.ChoiceField(label=gettext_lazy("Role"), initial=MemberRole.MEMBER,
                             choices=[(v, label) for v, label in MemberRole.choices if v != MemberRole.LEAD])
    joined_on = BoundedDateField(label=gettext_lazy("Joined on"), widget=DATE)
    signed_agreement = forms.BooleanField(label=gettext_lazy("Its legal representative signed the agreement"),
                                          required=False)
    reason = TextField(label=gettext_lazy("Reason"), max_length=500, required=False)


class MemberEndForm(forms.Form):
    left_on = BoundedDateField(label=gettext_lazy("Left on"), widget=DATE,
                               help_text=gettext_lazy("The first day the organisation is no longer a member."))
    reason = TextField(label=gettext_lazy("Reason"), max_length=500)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("New role"),
                             choices=[(v, label) for v, label in MemberRole.choices if v != MemberRole.LEAD])
    on = BoundedDateField(label=gettext_lazy("From"), widget=DATE,
                          help_text=gettext_lazy("The first day of the new role; the former role ends the day before."))
    reason = TextField(label=gettext_lazy("Reason"), max_length=500, required=False)


class MemberLeadForm(forms.Form):
    on = BoundedDateField(label=gettext_lazy("From"), widget=DATE,
                          help_text=gettext_lazy("The first day it leads; the former lead unit stays on as a core member."))
    reason = TextField(label=gettext_lazy("Reason"), max_length=500)


def _find(data: dict[str, Any], field: str = "credit_code") -> Organisation:
    """The registered organisation the identifier names, or a ValidationError on the identifier's field."""
    if data.get("credit_code"):
        try:
            code = clean_credit_code(data["credit_code"]).code
        except ValidationError as exc:
            raise ValidationError({"credit_code": exc.error_list}) from None
        org = Organisation.objects.filter(credit_code=code).first()
    else:
        org = Organisation.objects.filter(id_country=(data.get("id_country") or "").upper(),
                                          other_id=data["other_id"]).first()
    if org is None:
        raise ValidationError({field: ValidationError(
            _("No organisation with this identifier is registered: register it first."), code="unknown_org")})
    return org


@area("pages.bureau")
@require_http_methods(["GET", "POST"])
def organisation_new(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    done = request.method == "POST" and submitted(
        request, form,
        lambda d: organisation_create(
            actor=request.user, name=d["name"], credit_code=d["credit_code"], kind=d["kind"],
            region_code=d["region"] or None, legal_person=d["legal_person"], chain_position=d["chain_position"],
            other_id=d["other_id"], other_id_scheme=d["other_id_scheme"], id_country=d["id_country"],
            reason=d["reason"]),
        done=lambda org: _("%(org)s is registered (%(id)s).") % {"org": org.name, "id": org.identifier},
        then=reverse("staff:organisation_new"))
    return done or render(request, "staff/register_organisation.html", {"form": form})


@area("pages.bureau")
@require_http_methods(["GET", "POST"])
def alliance_new(request: HttpRequest) -> HttpResponse:
    jurisdictions = list(sel.bureau_jurisdictions(request.user))
    form = AllianceForm(request.POST or None, jurisdictions=jurisdictions,
                        initial={"founded_on": timezone.localdate()})

    def create(d: dict[str, Any]) -> Alliance:
        lead = _find(d)
        jurisdiction = next(j for j in jurisdictions if j.pk == d["jurisdiction"])
        return alliance_create(actor=request.user, name=d["name"], jurisdiction=jurisdiction, lead=lead,
                               founded_on=d["founded_on"], kind=d["kind"],
                               industry_field=d["industry_field"], reason=d["reason"])

    done = request.method == "POST" and submitted(
        request, form, create,
        done=lambda alliance: _("%(alliance)s is registered with its lead unit; add its members.")
        % {"alliance": alliance.name},
        then=lambda alliance: reverse("staff:members", kwargs={"pk": alliance.pk}))
    return done or render(request, "staff/register_alliance.html", {"form": form})


def _alliance(user: Any, pk: int) -> Alliance:
    """An alliance whose members the user may keep (``register.edit_alliance``), else 404."""
    alliance = sel.work_alliances(user).filter(pk=pk).first()
    if alliance is None or not can(user, "register.edit_alliance", alliance):
        raise Http404
    return alliance


def _row_forms(m: Membership, data: Any = None, act: str = "") -> dict[str, forms.Form]:
    today = timezone.localdate()
    return {"end": MemberEndForm(data if act == "end" else None, prefix=f"end-{m.pk}", initial={"left_on": today}),
            "role": MemberRoleForm(data if act == "role" else None, prefix=f"role-{m.pk}",
                                   initial={"on": today, "role": m.role}),
            "lead": MemberLeadForm(data if act == "lead" else None, prefix=f"lead-{m.pk}", initial={"on": today})}


def _row_act(request: HttpRequest, m: Membership, act: str) -> Callable[[dict[str, Any]], str]:
    """End the membership, change its role or hand it the lead role through the register's service; what the page
    then says."""
    def run(d: dict[str, Any]) -> str:
        if act == "lead":
            alliance_change_lead(actor=request.user, alliance=m.alliance, organisation=m.organisation, on=d["on"],
                                 reason=d["reason"])
            return _("%(org)s is the lead unit now.") % {"org": m.organisation.name}
        if act == "end":
            membership_end(actor=request.user, membership=m, left_on=d["left_on"], reason=d["reason"])
            return _("%(org)s's membership ended.") % {"org": m.organisation.name}
        membership_change_role(actor=request.user, membership=m, role=d["role"], on=d["on"], reason=d["reason"])
        return _("%(org)s's role is changed.") % {"org": m.organisation.name}
    return run


@area("pages.bureau")
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, pk: int) -> HttpResponse:
    """The alliance's membership periods; add a member, and end a member's period, change its role or make it the
    lead unit (the lead's period ends only with a change of lead, so its row offers none of these)."""
    alliance = _alliance(request.user, pk)
    act = request.POST.get("act", "") if request.method == "POST" else ""
    form = MemberForm(request.POST if request.method == "POST" and not act else None,
                      initial={"joined_on": timezone.localdate()})
    periods = list(Membership.objects.filter(alliance=alliance).select_related("organisation__region")
                   .order_by("left_on", "-role", "organisation__name"))
    target = parse_id(request.POST.get("membership")) if act in ("end", "role", "lead") else None
    open_rows = {m.pk: m for m in periods if m.left_on is None and m.role != MemberRole.LEAD}
    if act and target not in open_rows:
        raise Http404
    rows = {mid: _row_forms(m, request.POST if mid == target else None, act) for mid, m in open_rows.items()}
    back = reverse("staff:members", kwargs={"pk": alliance.pk})
    done = None
    if target is not None:
        done = submitted(request, rows[target][act], _row_act(request, open_rows[target], act),
                         done=lambda words: words, then=back)
    elif request.method == "POST":
        done = submitted(request, form, lambda d: membership_add(
            actor=request.user, alliance=alliance, organisation=_find(d), role=d["role"], joined_on=d["joined_on"],
            signed_agreement=d["signed_agreement"], reason=d["reason"]),
            done=lambda m: _("%(org)s joined the alliance.") % {"org": m.organisation.name}, then=back)
    if done:
        return done
    for m in periods:
        m.forms = rows.get(m.pk)  # type: ignore[attr-defined]
        m.open_act = act if m.pk == target else ""  # type: ignore[attr-defined]
    return render(request, "staff/register_members.html", {"alliance": alliance, "periods": periods, "form": form})
