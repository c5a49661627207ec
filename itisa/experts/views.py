"""The expert's pages: my assignments, the case as submitted with the score sheet from its pack, site visits.

Views parse, check the role (an expert of the pool) and the object (a case assigned to the expert, never one of
an alliance the expert's organisation belongs to — 404), call the reviews services and render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from itisa.access.views import area
from itisa.core.forms import submitted
from itisa.core.listing import Column, ListPage
from itisa.documents.models import Document, DocumentKind
from itisa.documents.services import document_upload
from itisa.experts import selectors
from itisa.experts.forms import ScoreSheetForm, SiteVisitForm
from itisa.reviews.models import ReviewRound
from itisa.reviews.selectors import case_sheet_template, latest_submission, review_result
from itisa.reviews.services import ROUND_STATES, VISIT_STATES, material_read, sheet_submit, site_visit_record
from itisa.workflow.models import Case


def _case_or_404(request: HttpRequest, pk: int) -> Case:
    try:
        return selectors.my_case(request.user, pk)
    except Case.DoesNotExist:
        raise Http404 from None


ASSIGNMENTS = ListPage(
    template="experts/home.html",
    fragment="experts/_assignment_rows.html",
    export_stem="my-reviews",
    search_fields=("alliance__name",),
    filters={"state": "state"},
    columns=[
        Column(gettext_lazy("Alliance"), field="alliance__name"),
        Column(gettext_lazy("Jurisdiction"), field="jurisdiction__name"),
        Column(gettext_lazy("Procedure"), field="procedure_id"),
        Column(gettext_lazy("State"), field="state"),
        Column(gettext_lazy("Opened on"), field="opened_on"),
        Column(gettext_lazy("My sheet submitted"), field="sheet_in", shape=bool),
    ],
)


@area("pages.experts")
@require_safe
def home(request: HttpRequest) -> HttpResponseBase:
    return ASSIGNMENTS.respond(request, selectors.my_cases(request.user))


def _round_panels(request: HttpRequest, case: Case, submission: Any, post_round: str | None = None,
                  post_form: ScoreSheetForm | None = None) -> list[dict[str, Any]]:
    panels = []
    for rnd in selectors.my_rounds(request.user, case):
        template = case_sheet_template(case, rnd)
        sheet = selectors.my_sheet(request.user, case, rnd, submission)
        is_open = not case.closed and case.state in ROUND_STATES.get(rnd, set())
        form = None
        if sheet is None and is_open:
            form = post_form if rnd == post_round and post_form is not None else ScoreSheetForm(template=template)
        panels.append({
            "round": rnd, "round_label": ReviewRound(rnd).label, "template": template, "sheet": sheet,
            "is_open": is_open, "form": form,
            "sheet_rows": _sheet_rows(sheet) if sheet else [],
            # The panel's result is shown once the expert's own sheet is in (no anchoring before).
            "result": review_result(case, rnd) if sheet is not None else None,
        })
    return panels


def _sheet_rows(sheet: Any) -> list[dict[str, Any]]:
    """The submitted sheet as the expert saw it: each item of the frozen template with its article."""
    frozen = sheet.template or {}
    labels = {d["id"]: d for d in frozen.get("dimensions", [])} | {q["id"]: q for q in frozen.get("questions", [])}
    rows = [{"article": d.article, "item": labels.get(d.dimension_id, {"zh": d.dimension_id}), "score": d.score}
            for d in sheet.dimension_scores.all()]
    rows += [{"article": a.article, "item": labels.get(a.condition_id, {"zh": a.condition_id}), "score": None,
              "answer": a.answer,
              "comment": a.comment} for a in sheet.answers.all()]
    return rows


def _render_case(request: HttpRequest, case: Case, *, post_round: str | None = None,
                 post_form: ScoreSheetForm | None = None, status: int = 200, moves_bound: Any = None) -> HttpResponse:
    from itisa.experts.moves import expert_moves

    submission = latest_submission(case)
    context = {
        "moves": expert_moves(request.user, case, moves_bound),
        "case": case, "alliance": case.alliance,
        "submission": selectors.frozen_submission(submission, case),
        "panels": _round_panels(request, case, submission, post_round, post_form),
        "visits": selectors.site_visits(case),
        "visit_open": not case.closed and case.state in VISIT_STATES,
    }
    return render(request, "experts/case.html", context, status=status)


@area("pages.experts")
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_case(request, _case_or_404(request, pk))


@area("pages.experts")
def sheet(request: HttpRequest, pk: int, round: str) -> HttpResponse:
    """Submit the expert's sheet for one round (POST); a GET shows the case page at the sheet."""
    case = _case_or_404(request, pk)
    if round not in selectors.my_rounds(request.user, case):
        raise Http404
    if request.method != "POST":
        return redirect(f"{reverse('experts:case', args=[case.pk])}#sheet-{round}")
    form = ScoreSheetForm(request.POST, template=case_sheet_template(case, round))
    done = submitted(request, form, lambda d: sheet_submit(actor=request.user, case=case, round=round,
                                                           on=timezone.localdate(), **form.service_arguments()),
                     done=_("Your score sheet was submitted. It cannot be changed any more."),
                     then=reverse("experts:case", args=[case.pk]))
    # Refused: the page again with what was typed, the errors next to the items (or above the sheet).
    return done or _render_sheet_errors(request, case, round, form)


def _render_sheet_errors(request: HttpRequest, case: Case, round: str, form: ScoreSheetForm) -> HttpResponse:
    submission = latest_submission(case)
    if selectors.my_sheet(request.user, case, round, submission) is not None or case.state not in ROUND_STATES.get(
            round, set()):
        # Already submitted (or the round is over): say so above the frozen sheet.
        for error in form.non_field_errors():
            messages.error(request, str(error))
        return _render_case(request, case, status=400)
    return _render_case(request, case, post_round=round, post_form=form, status=400)


@area("pages.experts")
def material(request: HttpRequest, pk: int, doc: int) -> FileResponse:
    """Preview a material of the version the expert judges, in the browser (PDF inline); audited."""
    case = _case_or_404(request, pk)
    try:
        document = material_read(actor=request.user, case=case, document_id=doc)
    except Document.DoesNotExist:
        raise Http404 from None
    return FileResponse(document.file.open("rb"), as_attachment=False, filename=document.original_name,
                        content_type=document.content_type)


@area("pages.experts")
def site_visit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    form = SiteVisitForm(request.POST or None, request.FILES or None)
    visit_open = not case.closed and case.state in VISIT_STATES
    if request.method == "POST" and (done := submitted(request, form, lambda d: _record_visit(request, case, d),
                                                       done=_("The site visit was recorded."),
                                                       then=reverse("experts:case", args=[case.pk]))):
        return done
    return render(request, "experts/site_visit.html", {"case": case, "form": form, "visit_open": visit_open},
                  status=400 if form.errors else 200)


def _record_visit(request: HttpRequest, case: Case, data: dict[str, Any]) -> None:
    """The report (if any) and the visit are recorded together or not at all."""
    with transaction.atomic():
        document = None
        upload = data.get("document")
        if upload is not None:
            try:
                document = document_upload(actor=request.user, kind=DocumentKind.SITE_VISIT_REPORT, name=upload.name, stream=upload,
                                           size=upload.size, alliance=case.alliance, reason=_("Site visit report"))
            except ValidationError as exc:
                raise ValidationError({"document": exc.messages}) from None
        site_visit_record(actor=request.user, case=case, visited_on=data["visited_on"], visitors=data["visitors"],
                          findings=data["findings"], result=data["result"], document=document)
