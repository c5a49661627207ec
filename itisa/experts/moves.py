"""The moves an assigned expert performs as the third party a bureau entrusts (Luoyang 第九条 “可委托第三方”: the
pack role ``third_party_evaluator``, held by the experts assigned to the case — ``itisa.access.workflow``): the
case page offers them, ``case_act`` checks the role and the table again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from itisa.access.views import area
from itisa.access.workflow import case_roles
from itisa.core.forms import attach_service_errors
from itisa.staff.forms import DecisionForm
from itisa.staff.pages import decision_forms
from itisa.workflow.labels import action_label
from itisa.workflow.models import Case
from itisa.workflow.services import case_act

#: The pack roles an expert's page acts for.
EXPERT_ROLES = {"third_party_evaluator"}


def expert_moves(user: Any, case: Case, bound: DecisionForm | None = None) -> list[dict[str, Any]]:
    return decision_forms(case, case_roles(user, case) & EXPERT_ROLES, bound)


@area("pages.experts")
def case_move(request: HttpRequest, pk: int) -> HttpResponse:
    from itisa.experts.views import _case_or_404, _render_case

    case = _case_or_404(request, pk)  # a case not assigned to the expert is not found, whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    move = request.POST.get("move", "")
    form = DecisionForm(request.POST, action=move, prefix=request.POST.get("prefix") or f"act-{move}")
    if form.is_valid() and form.cleaned_data["action"] == move:
        try:
            case_act(actor=request.user, case=case, action=move, reason=form.cleaned_data["reason"].strip(),
                     expected_version=form.cleaned_data["expected_version"])
        except ValidationError as exc:  # refused by the table, a guard, or a stale version
            attach_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You may not do this."))
        else:
            messages.success(request, _("%(action)s: done.") % {"action": action_label(move)})
            return redirect("experts:case", pk=case.pk)
    elif form.is_valid():
        form.add_error(None, _("The form does not match the action."))
    case.refresh_from_db()
    return _render_case(request, case, moves_bound=form, status=400)
