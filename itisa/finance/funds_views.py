"""Funds and their yearly budgets: staff and finance of a bureau register its funds (the one its text names, or
one it chose where the text names none) and set each year's budget; the page shows how much of each budget is
committed, paid, recovered and left (``funding.selectors.budget_line``). Who may: ``funding.manage_fund``,
the staff and finance of the fund's own bureau (docs/access.md, money belongs to the fund's jurisdiction)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from itisa.access import visible_to, who
from itisa.access.views import area
from itisa.core.forms import DecimalInput, TextField, submitted
from itisa.funding.models import Fund
from itisa.funding.selectors import budget_line
from itisa.funding.services import budget_set, fund_create
from itisa.register.models import Jurisdiction
from itisa.workflow.packs import packs_of


class FundForm(forms.Form):
    jurisdiction = forms.TypedChoiceField(label=gettext_lazy("Bureau"), coerce=int)
    name = TextField(label=gettext_lazy("Name of the fund"), max_length=120)
    article = TextField(label=gettext_lazy("Article naming it"), max_length=80, required=False,
                        help_text=gettext_lazy("As the text writes it, e.g. 第二十一条; empty when the text names "
                                               "no fund and the bureau chose this one."))
    is_default = forms.BooleanField(label=gettext_lazy("Default fund of the bureau"), required=False,
                                    help_text=gettext_lazy("Pays the rules of a text that names no fund."))
    district_share = forms.DecimalField(
        label=gettext_lazy("District finance share"), required=False, min_value=Decimal("0"), max_value=Decimal("1"),
        max_digits=5, decimal_places=4, widget=DecimalInput(),
        help_text=gettext_lazy("Only where a text splits a cost between finances without a ratio, e.g. 0.5."))
    reason = TextField(label=gettext_lazy("Reason"), max_length=500, required=False)

    def __init__(self, *args: Any, jurisdictions: list[Jurisdiction], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = [(j.pk, j.name) for j in jurisdictions]  # type: ignore[attr-defined]


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Fiscal year"), min_value=1990, max_value=2100)
    amount = forms.DecimalField(label=gettext_lazy("Budget (万元)"), min_value=Decimal("0"), max_digits=14,
                                decimal_places=4, widget=DecimalInput())
    allow_overcommit = forms.BooleanField(label=gettext_lazy("May be overcommitted"), required=False)
    reason = TextField(label=gettext_lazy("Reason"), max_length=500, required=False)


def _payer_jurisdictions(user: Any) -> list[Jurisdiction]:
    """The bureaux whose money the user handles (staff or finance); every bureau for a superuser."""
    if who.superuser(user):
        return list(Jurisdiction.objects.exclude(policy_pack="").order_by("code"))
    return sorted(who.jurisdictions(user, who.PAYERS), key=lambda j: j.code)


def _named_funds(jurisdictions: list[Jurisdiction]) -> list[dict[str, Any]]:
    """The fund each of the bureaux' texts names, with its article (read from the packs; lapsed texts too,
    since money committed under them is still paid from that fund)."""
    out = []
    for j in jurisdictions:
        for pack in packs_of(j):
            fund = (pack.data.get("money") or {}).get("fund")
            if fund:
                out.append({"jurisdiction": j, "doc": pack.doc, **fund})
    return out


def _fund(user: Any, pk: int) -> Fund:
    obj = visible_to(user, "funding.view_fund", Fund).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


@area("pages.finance")
@require_http_methods(["GET", "POST"])
def funds(request: HttpRequest) -> HttpResponse:
    jurisdictions = _payer_jurisdictions(request.user)
    form = FundForm(request.POST or None, jurisdictions=jurisdictions)
    if request.method == "POST" and (done := submitted(
            request, form,
            lambda d: fund_create(actor=request.user, jurisdiction=Jurisdiction.objects.get(pk=d["jurisdiction"]),
                                  name=d["name"], article=d["article"], is_default=d["is_default"],
                                  district_share=d["district_share"], reason=d["reason"]),
            done=lambda fund: _("%(fund)s registered: set its yearly budgets.") % {"fund": fund.name},
            then=lambda fund: reverse("finance:fund", kwargs={"fund": fund.pk}))):
        return done
    rows = visible_to(request.user, "funding.view_fund", Fund).order_by("jurisdiction__code", "name")
    return render(request, "finance/funds.html",
                  {"form": form, "funds": rows, "named": _named_funds(jurisdictions)})


@area("pages.finance")
@require_http_methods(["GET", "POST"])
def fund_detail(request: HttpRequest, fund: int) -> HttpResponse:
    obj = _fund(request.user, fund)
    form = BudgetForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and (done := submitted(
            request, form, lambda d: budget_set(actor=request.user, fund=obj, year=d["year"], amount=d["amount"],
                                                allow_overcommit=d["allow_overcommit"], reason=d["reason"]),
            done=lambda budget: _("The %(year)s budget of %(fund)s is set.") % {"year": budget.year, "fund": obj.name},
            then=reverse("finance:fund", kwargs={"fund": obj.pk}))):
        return done
    lines = [budget_line(b) for b in obj.budgets.order_by("-year")]
    return render(request, "finance/fund.html", {"fund": obj, "lines": lines, "form": form})
