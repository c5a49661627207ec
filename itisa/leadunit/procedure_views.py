"""The lead unit's procedures (办理事项): every procedure of the pack in force that the lead unit opens, and one
generic case page for any of its cases — the checklist of materials, the lead unit's moves now (impossible ones
disabled with the reason), the timeline. The recognition application keeps its own guided page as well."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from itisa.access.workflow import case_roles
from itisa.core.forms import attach_service_errors, submitted
from itisa.leadunit import selectors
from itisa.leadunit.forms import MaterialForm, MoveForm, ProcedureOpenForm
from itisa.leadunit.materials import material_rows
from itisa.leadunit.views import lead_view
from itisa.register.models import Alliance
from itisa.workflow.labels import action_label, case_state_label
from itisa.workflow.materials import case_upload_material
from itisa.workflow.models import Call, Case
from itisa.workflow.offers import moves_for, procedures_opened_by
from itisa.workflow.packs import pack_in_force
from itisa.workflow.selectors import missing_materials
from itisa.workflow.services import CaseConflict, case_act, case_open
from policy.api import get_pack, procedure

LEAD = "lead_unit"


def _today() -> date:
    return timezone.localdate()


def _open_calls(alliance: Alliance, day: date) -> list[Call]:
    return list(Call.objects.filter(jurisdiction=alliance.jurisdiction, opens_on__lte=day)
                .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=day)).order_by("-opens_on"))


def _offered(alliance: Alliance, day: date) -> tuple[Any, list[dict[str, Any]], list[Call], str]:
    """(pack in force, the procedures the lead unit opens with whether it can today, open calls, why no pack)."""
    try:
        pack = pack_in_force(alliance.jurisdiction, day)
    except ValidationError as exc:
        return None, [], [], " ".join(exc.messages)
    calls = _open_calls(alliance, day)
    running = {c.procedure_id: c for c in Case.objects.filter(alliance=alliance, closed=False)}
    rows = []
    for proc in procedures_opened_by(pack, LEAD):
        intake = proc.get("intake") or {}
        needs_call = intake.get("mode") in ("yearly_call", "public_call")
        its_calls = [c for c in calls if c.procedure_id == proc["id"]]
        why = ""
        if proc["id"] in running:
            why = _("A case of this procedure is open.")
        elif needs_call and not its_calls:
            why = _("This procedure takes applications under the bureau's call; no call is open today.")
        rows.append({"procedure": proc, "article": intake.get("article") or proc.get("article", ""),
                     "quote": intake.get("quote", ""), "needs_call": needs_call, "calls": its_calls,
                     "running": running.get(proc["id"]), "ok": not why, "why": why})
    return pack, rows, calls, ""


def _open_form(rows: list[dict[str, Any]], calls: list[Call], data: Any = None) -> ProcedureOpenForm:
    return ProcedureOpenForm(data, procedures=[(r["procedure"]["id"], r["procedure"]["zh"]) for r in rows if r["ok"]],
                             calls=[(c.pk, f"{c.title}（{c.opens_on:%Y-%m-%d} — {c.closes_on or '…'}）") for c in calls])


def _procedures_page(request: HttpRequest, alliance: Alliance, form: ProcedureOpenForm | None = None) -> HttpResponse:
    pack, rows, calls, why = _offered(alliance, _today())
    cases = Case.objects.filter(alliance=alliance).select_related("call").order_by("closed", "-opened_on", "-pk")
    return render(request, "leadunit/procedures.html", {
        "alliance": alliance, "section": "procedures", "pack": pack, "pack_why": why, "rows": rows,
        "form": form or _open_form(rows, calls), "cases": cases})


@lead_view
@require_safe
def procedures(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    return _procedures_page(request, alliance)


@lead_view
@require_POST
def procedure_open(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    today = _today()
    _pack, rows, calls, _why = _offered(alliance, today)
    form = _open_form(rows, calls, request.POST)
    done = submitted(request, form,
                     lambda d: case_open(actor=request.user, alliance=alliance, procedure_id=d["procedure"],
                                         call=next((c for c in calls if c.pk == d["call"]), None), on=today),
                     done=_("The case was opened. Attach the materials below."),
                     then=lambda case: reverse("leadunit:case", kwargs={"pk": alliance.pk, "cid": case.pk}))
    return done or _procedures_page(request, alliance, form)


# ---------------------------------------------------------------- the case


def _case_page(request: HttpRequest, alliance: Alliance, case: Case, *, material_forms: dict[str, Any] | None = None,
               bound: MoveForm | None = None, status: int = 200) -> HttpResponse:
    today = _today()
    roles = case_roles(request.user, case) & {LEAD}
    moves = moves_for(case, roles, today)
    for m in moves:
        prefix = f"mv-{m['action']}"
        m["prefix"] = prefix
        m["form"] = bound if bound is not None and bound.prefix == prefix else MoveForm(
            prefix=prefix, initial={"action": m["action"], "expected_version": case.lock_version})
    timeline = [{"t": t, "action": action_label(t.action), "from": case_state_label(case, t.from_state),
                 "to": case_state_label(case, t.to_state)} for t in case.transitions.select_related("actor").order_by("seq")]
    pack = get_pack(case.pack_id)
    return render(request, "leadunit/case.html", {
        "alliance": alliance, "section": "procedures", "case": case, "pack": pack,
        "procedure": procedure(pack, case.procedure_id), "state_label": case_state_label(case),
        "materials": material_rows(case, material_forms), "missing": missing_materials(case),
        "can_attach": bool(moves), "moves": moves, "timeline": timeline,
        "bound_stale": bound if bound is not None and not any(m["form"] is bound for m in moves) else None,
    }, status=status)


@lead_view
@require_safe
def case_detail(request: HttpRequest, alliance: Alliance, cid: int) -> HttpResponse:
    return _case_page(request, alliance, selectors.case_of(alliance, cid))


@lead_view
@require_POST
def case_material(request: HttpRequest, alliance: Alliance, cid: int) -> HttpResponse:
    case = selectors.case_of(alliance, cid)
    material_id = request.POST.get("material_id", "")[:40]
    form = MaterialForm(request.POST, request.FILES, auto_id=f"id_{material_id}_%s")
    done = submitted(request, form,
                     lambda d: case_upload_material(actor=request.user, case=case, material_id=material_id,
                                                    name=d["file"].name, stream=d["file"].file, size=d["file"].size),
                     done=lambda m: _("%(name)s was attached.") % {"name": m.document.original_name},
                     then=reverse("leadunit:case", args=[alliance.pk, case.pk]) + f"#m-{material_id}")
    return done or _case_page(request, alliance, case, material_forms={material_id: form})


@lead_view
@require_POST
def case_move(request: HttpRequest, alliance: Alliance, cid: int) -> HttpResponse:
    case = selectors.case_of(alliance, cid)
    move = request.POST.get("move", "")[:40]
    form = MoveForm(request.POST, prefix=f"mv-{move}")
    if not form.is_valid() or form.cleaned_data["action"] != move:
        if form.is_valid():
            form.add_error(None, _("The form does not match the action."))
        return _case_page(request, alliance, case, bound=form)
    try:
        outcome = case_act(actor=request.user, case=case, action=move, reason=form.cleaned_data["reason"].strip(),
                           expected_version=form.cleaned_data["expected_version"], on=_today())
    except CaseConflict as exc:  # a second click, or another tab, already moved the case: nothing is done twice
        attach_service_errors(form, exc)
        case.refresh_from_db()
        return _case_page(request, alliance, case, bound=form, status=409)
    except ValidationError as exc:  # the pack's table refuses, citing the article
        attach_service_errors(form, exc)
        return _case_page(request, alliance, case, bound=form)
    except PermissionDenied as exc:
        form.add_error(None, str(exc) or _("You may not do this."))
        return _case_page(request, alliance, case, bound=form)
    messages.success(request, _("%(action)s: the case is now at “%(state)s”.") % {
        "action": action_label(move), "state": case_state_label(outcome.case)})
    return redirect("leadunit:case", pk=alliance.pk, cid=case.pk)
