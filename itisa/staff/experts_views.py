"""The expert pool, kept by bureau staff (``reviews.manage_experts``): the list with search, adding a user to the
pool and editing an expert (own organisation, title, fields of expertise, tags, availability). The pool is
shared by the bureaux; a bureau offers and changes only the fields of its own industry catalogue, and sees the
conflicts of interest (itisa/reviews/conflicts.py) an expert has with the alliances in its scope."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from itisa.access.views import area
from itisa.core.forms import TextField, submitted
from itisa.register.models import IndustryField, Membership
from itisa.reviews.conflicts import conflicts_of, expert_organisation_ids
from itisa.reviews.models import ExpertProfile
from itisa.reviews.services import expert_profile_create, expert_profile_update
from itisa.staff import selectors as sel
from itisa.staff.register_views import IdentityFields, _find


class ExpertForm(IdentityFields):
    title = TextField(label=gettext_lazy("Professional title"), max_length=100, required=False)
    fields_of_expertise = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Fields of expertise"), required=False, queryset=IndustryField.objects.none(),
        widget=forms.CheckboxSelectMultiple, help_text=gettext_lazy("From your bureau's industry catalogue."))
    tags = TextField(label=gettext_lazy("Other expertise"), max_length=500, required=False,
                     help_text=gettext_lazy("Separated by commas."))

    def __init__(self, *args: Any, catalogue: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["credit_code"].label = _("Own organisation: unified social credit code")
        self.fields["fields_of_expertise"].queryset = catalogue  # type: ignore[attr-defined]


class NewExpertForm(ExpertForm):
    username = TextField(label=gettext_lazy("User name of the expert's account"), max_length=150)

    field_order = ["username"]


class EditExpertForm(ExpertForm):
    active = forms.BooleanField(label=gettext_lazy("Available for assignment"), required=False)
    reason = TextField(label=gettext_lazy("Reason for the change"), max_length=500)


def _catalogue(user: Any) -> Any:
    return IndustryField.objects.filter(jurisdiction__in=sel.bureau_jurisdictions(user), active=True).order_by(
        "jurisdiction__code", "code")


def _tags(text: str) -> list[str]:
    return [t.strip() for t in text.replace("，", ",").replace("、", ",").split(",") if t.strip()]


def conflicts_in_scope(user: Any, profile: ExpertProfile) -> list[dict[str, Any]]:
    """The alliances in the user's scope the expert may not review today, each with the memberships that bar it."""
    today = timezone.localdate()
    orgs = expert_organisation_ids(profile)
    alliances = sel.work_alliances(user).filter(
        Q(pk__in=Membership.objects.filter(organisation_id__in=orgs).values("alliance_id")) | Q(lead_id__in=orgs))
    out = []
    for alliance in alliances.order_by("name"):
        found = conflicts_of(profile, alliance, today)
        if found:
            out.append({"alliance": alliance, "reasons": [c.describe() for c in found]})
    return out


def _profile(pk: int) -> ExpertProfile:
    obj = ExpertProfile.objects.select_related("user", "organisation").filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


@area("pages.bureau")
@require_safe
def pool(request: HttpRequest) -> HttpResponse:
    q = (request.GET.get("q") or "").strip()[:100]
    rows = ExpertProfile.objects.select_related("user", "organisation").prefetch_related("fields")
    if q:
        rows = rows.filter(Q(user__username__icontains=q) | Q(user__full_name__icontains=q) | Q(title__icontains=q)
                           | Q(organisation__name__icontains=q) | Q(fields__name__icontains=q)
                           | Q(tags__icontains=q)).distinct()
    if request.GET.get("active") == "1":
        rows = rows.filter(active=True)
    experts = [{"expert": e, "conflicts": conflicts_in_scope(request.user, e)}
               for e in rows.order_by("user__username")[:100]]
    return render(request, "staff/pool.html", {"experts": experts, "q": q, "only_active": request.GET.get("active")})


@area("pages.bureau")
@require_http_methods(["GET", "POST"])
def expert_new(request: HttpRequest) -> HttpResponse:
    form = NewExpertForm(request.POST or None, catalogue=_catalogue(request.user))

    def add(d: dict[str, Any]) -> ExpertProfile:
        user = get_user_model().objects.filter(username=d["username"], is_active=True).first()
        if user is None:
            raise ValidationError({"username": ValidationError(_("No active account has this user name."),
                                                               code="unknown_user")})
        return expert_profile_create(actor=request.user, user=user, organisation=_find(d),
                                     fields=d["fields_of_expertise"], tags=_tags(d["tags"]), title=d["title"])

    done = request.method == "POST" and submitted(
        request, form, add, done=lambda profile: _("%(expert)s is in the expert pool.") % {"expert": profile.user},
        then=lambda profile: reverse("staff:expert", kwargs={"expert": profile.pk}))
    return done or render(request, "staff/expert_new.html", {"form": form})


@area("pages.bureau")
@require_http_methods(["GET", "POST"])
def expert_detail(request: HttpRequest, expert: int) -> HttpResponse:
    profile = _profile(expert)
    catalogue = _catalogue(request.user)
    org = profile.organisation
    initial = {"credit_code": org.credit_code, "other_id": org.other_id, "id_country": org.id_country,
               "title": profile.title, "fields_of_expertise": list(profile.fields.filter(pk__in=catalogue)),
               "tags": ", ".join(profile.tags), "active": profile.active}
    form = EditExpertForm(request.POST or None, initial=initial, catalogue=catalogue)

    def update(d: dict[str, Any]) -> Any:
        others = list(profile.fields.exclude(pk__in=catalogue))  # other bureaux' fields stay as they are
        return expert_profile_update(actor=request.user, profile=profile, reason=d["reason"], organisation=_find(d),
                                     title=d["title"], tags=_tags(d["tags"]), active=d["active"],
                                     fields=[*others, *d["fields_of_expertise"]])

    done = request.method == "POST" and submitted(
        request, form, update, done=_("%(expert)s was updated.") % {"expert": profile.user},
        then=reverse("staff:expert", kwargs={"expert": profile.pk}))
    return done or render(request, "staff/expert.html", {"profile": profile, "form": form,
                                                 "conflicts": conflicts_in_scope(request.user, profile)})
