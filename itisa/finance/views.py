"""Finance pages: budgets per fund and year, the ledger, payments and clawbacks, the what-if simulation.

Finance officers and bureau staff see the money of their own jurisdictions (``itisa.funding.selectors``); a
superuser sees all. Payments and clawbacks go through ``grant_pay`` / ``grant_claw_back``, which check the
payer's jurisdiction again and refuse what the ledger does not allow; either refusal is shown on the form."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from itisa.access import visible_to
from itisa.access.views import area
from itisa.core.exports import csv_response, xlsx_response
from itisa.core.forms import attach_service_errors, submitted
from itisa.core.listing import Column, ListPage, choice_words
from itisa.core.params import query_date, query_int
from itisa.finance import selectors
from itisa.finance.forms import ClawbackForm, PaymentForm, SimulationForm
from itisa.funding.models import EntryKind, Fund, LedgerEntry
from itisa.funding.selectors import budget_overview, budget_simulate
from itisa.funding.services import grant_claw_back, grant_pay
from itisa.register.models import Alliance
from itisa.workflow.labels import article_text
from itisa.workflow.packs import packs_of
from policy.api import ParameterError, get_pack


def _export(request: HttpRequest, stem: str, headers: list[str], rows: list[list[Any]]) -> HttpResponseBase | None:
    kind = request.GET.get("export")
    if kind == "xlsx":
        return xlsx_response(stem, headers, rows)
    if kind == "csv":
        return csv_response(stem, headers, rows)
    return None


# ---------------------------------------------------------------- budgets


@area("pages.finance")
@require_safe
def home(request: HttpRequest) -> HttpResponseBase:
    year = query_int(request, "year", minimum=1900, maximum=2999)
    lines = budget_overview(user=request.user, year=year)
    headers = [str(h) for h in (gettext_lazy("Fund"), gettext_lazy("Year"), gettext_lazy("Budget"),
                                gettext_lazy("Committed"), gettext_lazy("Paid"), gettext_lazy("Recovered"),
                                gettext_lazy("Offset"), gettext_lazy("Receivable"), gettext_lazy("Left"))]
    rows = [[ln.fund, ln.year, ln.budget, ln.committed, ln.paid, ln.recovered, ln.offset, ln.receivable, ln.left]
            for ln in lines]
    exported = _export(request, "budgets", headers, rows)
    if exported is not None:
        return exported
    years = sorted({ln.year for ln in budget_overview(user=request.user)}) if year is not None else \
        sorted({ln.year for ln in lines})
    return render(request, "finance/home.html", {"lines": lines, "year": year, "years": years,
                                                 "querystring": f"year={year}" if year else ""})


# ---------------------------------------------------------------- the ledger


LEDGER = ListPage(
    template="finance/ledger.html",
    fragment="finance/_ledger_rows.html",
    export_stem="ledger",
    search_fields=("alliance__name", "matter", "payee_organisation__name", "note"),
    filters={"fund": "fund_id", "kind": "kind", "year": "budget__year", "article": "article"},
    columns=[
        Column(gettext_lazy("Entry"), field="pk", shape=lambda pk: f"LE-{pk}"),
        Column(gettext_lazy("Booked on"), field="booked_on"),
        Column(gettext_lazy("Kind"), field="kind", words=choice_words(LedgerEntry, "kind")),
        Column(gettext_lazy("Fund"), field="fund__name"),
        Column(gettext_lazy("Budget year"), field="budget__year"),
        Column(gettext_lazy("Alliance"), field="alliance__name"),
        Column(gettext_lazy("Payee"), field=("payee_organisation__name", "payee_key"), shape=lambda name, key: name or key),
        Column(gettext_lazy("Article"), field="article"),
        Column(gettext_lazy("Matter"), field="matter"),
        Column(gettext_lazy("Amount (万元)"), field="amount"),
        Column(gettext_lazy("Related entry"), field="related_id", shape=lambda pk: f"LE-{pk}" if pk else ""),
        Column(gettext_lazy("Note"), field="note"),
    ],
)


@area("pages.finance")
@require_safe
def ledger(request: HttpRequest) -> HttpResponseBase:
    qs = visible_to(request.user, "funding.view_ledger").select_related("budget").order_by("-booked_on", "-id")
    funds = Fund.objects.filter(pk__in=qs.values("fund_id")).order_by("name")
    context = {"funds": funds, "kinds": EntryKind.choices}
    return LEDGER.respond(request, qs, context)


def _commitment_or_404(request: HttpRequest, pk: int) -> LedgerEntry:
    try:
        return selectors.commitment_of(request.user, pk)
    except LedgerEntry.DoesNotExist:
        raise Http404 from None


def _entry_page(request: HttpRequest, entry: LedgerEntry, form: Any, action: str) -> HttpResponse:
    return render(request, "finance/entry_action.html", {
        "entry": entry, "form": form, "action": action, "status": selectors.commitment_status(entry),
        "history": selectors.history_of(entry)}, status=400 if form.errors else 200)


@area("pages.finance")
def pay(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _commitment_or_404(request, pk)
    form = PaymentForm(request.POST or None)

    def paid(result: Any) -> str:
        text = _("%(payment)s: %(amount)s 万元 paid under %(entry)s.") % {
            "payment": result.payment.ref, "amount": result.payment.amount, "entry": entry.ref}
        if result.offsets:
            text += " " + _("%(net)s 万元 net after withholding %(offsets)s.") % {
                "net": result.net, "offsets": ", ".join(o.ref for o in result.offsets)}
        return text

    if request.method == "POST" and (done := submitted(
            request, form, lambda d: grant_pay(actor=request.user, commitment=entry, on=d["on"], amount=d["amount"],
                                               reason=d["reason"]),
            done=paid, then=reverse("finance:ledger"))):
        return done
    return _entry_page(request, entry, form, "pay")


@area("pages.finance")
def claw_back(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _commitment_or_404(request, pk)
    form = ClawbackForm(request.POST or None)
    if request.method == "POST" and (done := submitted(
            request, form, lambda d: grant_claw_back(actor=request.user, commitment=entry, on=d["on"], ground=d["ground"],
                                                     reason=d["reason"], amount=d["amount"]),
            done=lambda rec: _("%(recovery)s: %(amount)s 万元 to recover under %(entry)s.") % {
                "recovery": rec.ref, "amount": rec.amount, "entry": entry.ref},
            then=reverse("finance:ledger"))):
        return done
    return _entry_page(request, entry, form, "claw_back")


# ---------------------------------------------------------------- what-if


def _chart(sim: Any) -> dict[str, Any]:
    return {"type": "bar", "labels": [article_text(r["article"]) for r in sim.by_article],
            "datasets": [{"label": str(gettext_lazy("As written")), "data": [str(r["baseline"]) for r in sim.by_article]},
                         {"label": str(gettext_lazy("Scenario")), "data": [str(r["scenario"]) for r in sim.by_article]}]}


@area("pages.finance")
@require_safe
def simulate(request: HttpRequest) -> HttpResponseBase:
    jurisdictions = selectors.payer_jurisdictions(request.user)
    if not jurisdictions:
        return render(request, "finance/simulate.html", {"form": None})
    by_code = {j.code: j for j in jurisdictions}
    jurisdiction = by_code.get(request.GET.get("jurisdiction", ""), jurisdictions[0])
    packs = packs_of(jurisdiction)
    pack = next((p for p in packs if p.id == request.GET.get("pack")), packs[-1])
    on = query_date(request, "on") or selectors.default_day(pack, timezone.localdate())
    parameters = selectors.pack_parameters(pack, on)
    bound = "run" in request.GET
    initial = {"jurisdiction": jurisdiction.code, "pack": pack.id, "on": on}
    form = SimulationForm({**request.GET.dict(), "jurisdiction": jurisdiction.code, "pack": pack.id} if bound else None,
                          initial=initial,
                          jurisdictions=jurisdictions, packs=packs, parameters=parameters)
    sim = None
    if bound and form.is_valid():
        data = form.cleaned_data
        try:
            sim = budget_simulate(user=request.user, jurisdiction=jurisdiction, pack=get_pack(pack.id), on=data["on"],
                                  overrides=data["overrides"], year=data["year"])
        except ValidationError as exc:
            attach_service_errors(form, exc)
        except ParameterError as exc:
            form.add_error(None, str(exc))
    if sim is not None:
        headers = [str(h) for h in (gettext_lazy("Article"), gettext_lazy("As written (万元)"),
                                    gettext_lazy("Scenario (万元)"), gettext_lazy("Difference (万元)"))]
        rows = [[r["article"], r["baseline"], r["scenario"], r["delta"]] for r in sim.by_article]
        rows.append([str(gettext_lazy("Total")), sim.baseline_total, sim.scenario_total, sim.delta])
        exported = _export(request, "budget-simulation", headers, rows)
        if exported is not None:
            return exported
    alliances = []
    if sim is not None:
        changed = [r for r in sim.by_alliance if r["delta"]]
        names = dict(Alliance.objects.filter(pk__in=[int(r["alliance"]) for r in changed]).values_list("pk", "name"))
        alliances = [{**r, "name": names.get(int(r["alliance"]), r["alliance"])} for r in changed]
    query = request.GET.copy()
    query.pop("export", None)
    return render(request, "finance/simulate.html", {
        "form": form, "pack": pack, "jurisdiction": jurisdiction, "sim": sim, "alliances": alliances,
        "chart": _chart(sim) if sim else None, "nothing": selectors.why_nothing(pack, sim, jurisdiction.name) if sim else None,
        "querystring": query.urlencode(), "on": on,
        "changed": {k.split(".", 1)[1] for k in (form.cleaned_data.get("overrides", {}) if sim else {})}})
