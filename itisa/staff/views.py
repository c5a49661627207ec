"""Work pages of the bureau's staff and of recommending bodies: parse, check role and object, call the
owning app's service, render. Every case URL answers 404 for a case outside the user's work scope."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from itisa.access import can, visible_to
from itisa.access.views import area
from itisa.access.workflow import case_roles
from itisa.core.exports import ics_response
from itisa.core.forms import submitted
from itisa.core.listing import Column, ListPage, choice_words
from itisa.core.page_cache import per_version
from itisa.core.params import clean_query, parse_id, query_date, query_text
from itisa.documents.models import Document
from itisa.funding.claim_services import claim_propose
from itisa.funding.models import Claim, ClaimStatus, GrantProposal, ProposalStatus
from itisa.funding.services import grant_decide, grant_propose
from itisa.notices.models import Objection
from itisa.notices.services import objection_resolve
from itisa.recognition.models import Recognition
from itisa.register.models import AllianceStatus
from itisa.reviews.models import ExpertAssignment, ExpertProfile, ReviewRound
from itisa.reviews.selectors import expert_candidates
from itisa.reviews.services import expert_assign, expert_unassign
from itisa.staff import selectors as sel
from itisa.staff.endings_pages import endings
from itisa.staff.forms import (
    ApplyConsequencesForm,
    AssignForm,
    CallForm,
    DecisionForm,
    EndorseForm,
    FindingForm,
    GradeForm,
    GrantDecisionForm,
    ObjectionResolveForm,
    PlaqueReturnedForm,
    ProposeForm,
    RectificationJudgeForm,
    RevokeForm,
    UnassignForm,
)
from itisa.staff.list_exports import REPORTS, experts_export, wants_export
from itisa.staff.pages import action_label, alliance_supervision, case_page, comparison
from itisa.staff.procedures import alliance_context
from itisa.staff.recognition_views import recognition_context
from itisa.supervision.governing import pack_for
from itisa.supervision.models import DeadlineStatus, Rectification, ReportKind
from itisa.supervision.period_words import period_words, with_period_words
from itisa.supervision.services import (
    alliance_revoke,
    consequences_apply,
    grade_record,
    rectification_judge,
    report_endorse,
)
from itisa.workflow.labels import case_state_label
from itisa.workflow.models import Case, CaseMaterial
from itisa.workflow.services import CaseConflict, call_create, case_act


def _today() -> date:
    return timezone.localdate()


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("You may not do this.")


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


# ---------------------------------------------------------------- work queues

CASES = ListPage(
    template="staff/home.html",
    fragment="staff/_case_rows.html",
    export_stem="cases",
    search_fields=("alliance__name", "alliance__lead__name", "alliance__lead__credit_code"),
    filters={"state": "state", "procedure": "procedure_id", "pack": "pack_id", "jurisdiction": "jurisdiction__code",
             "closed": "closed"},
    columns=[
        Column(gettext_lazy("Case"), field="pk"),
        Column(gettext_lazy("Alliance"), field="alliance__name"),
        Column(gettext_lazy("Lead unit"), field="alliance__lead__name"),
        Column(gettext_lazy("Bureau"), field="jurisdiction__name"),
        Column(gettext_lazy("Policy pack"), field="pack_id"),
        Column(gettext_lazy("Procedure"), field="procedure_id"),
        Column(gettext_lazy("State"), field="state", words=lambda: sel.state_label),
        Column(gettext_lazy("Version"), field="lock_version"),
        Column(gettext_lazy("Opened on"), field="opened_on"),
        Column(gettext_lazy("Updated at"), field="updated_at"),
    ],
)


def _queue(user: Any) -> list[dict[str, Any]]:
    rows = []
    for case in sel.recommender_queue(user)[:200]:
        roles = case_roles(user, case)
        panel = [{"action": t.action, "label": action_label(t.action), "citation": t.citation,
                  "form": DecisionForm(action=t.action, prefix=f"q{case.pk}-{t.action}",
                                       initial={"action": t.action, "expected_version": case.lock_version})}
                 for t in sel.actions_for(case, roles) if t.role in sel.RECOMMENDER_ROLES]
        if panel:
            rows.append({"case": case, "state_label": case_state_label(case), "panel": panel})
    return rows


@area("pages.work")
@per_version
def home(request: HttpRequest) -> HttpResponseBase:
    if request.GET.get("closed", "") not in ("", "0", "1"):  # a malformed yes/no filter is dropped
        params = request.GET.copy()
        params.pop("closed")
        return redirect(f"{request.path}?{params.urlencode()}")
    cases = sel.work_cases(request.user).select_related("alliance__lead").order_by("-updated_at", "-pk")
    context: dict[str, Any] = {"state_label": sel.state_label}
    if not request.headers.get("HX-Request") and not request.GET.get("export"):
        context.update(counts=sel.state_counts(sel.work_cases(request.user)),
                       queue=_queue(request.user) if sel.is_recommender(request.user) else None,
                       is_bureau=sel.is_bureau(request.user),
                       jurisdictions=sel.bureau_jurisdictions(request.user),
                       states=sorted(sel.known_states()))
    return CASES.respond(request, cases, context)


# ---------------------------------------------------------------- the case


def _render_case(request: HttpRequest, case: Case, status: int = 200, **kwargs: Any) -> HttpResponse:
    """The case page on the tab *tab* (a form that failed is shown on its own tab), else on ``?tab=``."""
    kwargs.setdefault("tab", query_text(request, "tab", 20))
    return render(request, "staff/case.html", case_page(request.user, case, **kwargs), status=status)


def _case_tab(case: Case, tab: str) -> str:
    return f"{reverse('staff:case', args=[case.pk])}?tab={tab}"


@area("pages.work")
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_case(request, sel.work_case(request.user, pk))


@area("pages.work")
@require_POST
def case_decide(request: HttpRequest, pk: int) -> HttpResponse:
    case = sel.work_case(request.user, pk)
    move = request.POST.get("move", "")
    prefix = request.POST.get("prefix") or f"act-{move}"
    form = DecisionForm(request.POST, action=move, prefix=prefix)
    back = _safe_next(request, "")

    def decide(d: dict[str, Any]) -> Any:
        if d["action"] != move:
            raise ValidationError(_("The form does not match the action."))
        return case_act(actor=request.user, case=case, action=move, reason=d["reason"].strip(),
                        expected_version=d["expected_version"])

    def conflict(exc: Exception) -> HttpResponse | None:  # another decision won: the case as it is now, 409
        if not isinstance(exc, CaseConflict):
            return None  # TransitionRefused (with the article), the guards' reasons, PermissionDenied
        case.refresh_from_db()
        return _render_case(request, case, status=409, bound=form, tab="decision")

    done = submitted(request, form, decide, refused=conflict, then=back or _case_tab(case, "decision"),
                     done=lambda outcome: _("%(action)s: the case is now at “%(state)s”.") % {
                         "action": action_label(move), "state": case_state_label(outcome.case)})
    # A refused move from the queue is shown on the case page, with what was typed.
    return done or _render_case(request, case, bound=form, tab="decision")


@area("pages.work")
def case_document(request: HttpRequest, pk: int, doc: int) -> FileResponse:
    """A material or recognition document of a case the user may see; 404 for anything else."""
    case = sel.work_case(request.user, pk)
    linked = CaseMaterial.objects.filter(case=case, document_id=doc).exists() or Recognition.objects.filter(
        Q(document_id=doc) | Q(plaque_id=doc), case=case).exists()
    if not linked:
        raise Http404
    document = get_object_or_404(Document, pk=doc)
    if not can(request.user, "documents.view", document):
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name,
                        content_type=document.content_type)


@area("pages.work")
@require_POST
def objection_decide(request: HttpRequest, pk: int, objection: int) -> HttpResponse:
    case = sel.work_case(request.user, pk)
    obj = get_object_or_404(Objection.objects.select_related("notice"), pk=objection, notice__case=case)
    if not can(request.user, "notices.resolve", case):
        raise Http404
    form = ObjectionResolveForm(request.POST, prefix=f"obj-{obj.pk}")
    done = submitted(request, form, lambda d: objection_resolve(actor=request.user, objection=obj, **d),
                     done=_("The objection is resolved."), then=_case_tab(case, "notice"))
    return done or _render_case(request, case, objection_forms={obj.pk: form}, tab="notice")


# ---------------------------------------------------------------- experts


def _bureau_case(request: HttpRequest, pk: int) -> Case:
    case = sel.work_case(request.user, pk)
    if not can(request.user, "reviews.assign", case):
        raise Http404
    return case


@area("pages.bureau")
def case_experts(request: HttpRequest, pk: int) -> HttpResponseBase:
    case = _bureau_case(request, pk)
    round_ = request.POST.get("round") or request.GET.get("round") or ReviewRound.REVIEW
    if round_ not in ReviewRound.values:
        round_ = ReviewRound.REVIEW
    only_field = request.GET.get("field") == "1"
    candidates = expert_candidates(user=request.user, case=case, round=round_, only_field=only_field)
    if request.method == "GET" and wants_export(request):
        return experts_export(request, candidates, str(ReviewRound(round_).label))
    form = AssignForm(request.POST or None, candidates=candidates, initial={"round": round_})
    if request.method == "POST":
        if form.is_valid():
            def assign(d: dict[str, Any]) -> list[ExpertProfile]:
                chosen = list(ExpertProfile.objects.filter(pk__in=d["expert"]).select_related("user"))
                with transaction.atomic():  # the panel is assigned whole or not at all
                    for expert in chosen:
                        expert_assign(actor=request.user, case=case, expert=expert, round=d["round"])
                return chosen

            done = submitted(request, form, assign, then=f"{request.path}?round={form.cleaned_data['round']}",
                             done=lambda chosen: _("Assigned: %(experts)s.") % {
                                 "experts": "、".join(str(e.user) for e in chosen)})
            if done:
                return done
        else:
            chosen_ids = set(request.POST.getlist("expert"))
            for flagged in (c for c in candidates if str(c.expert.pk) in chosen_ids and c.conflict):
                form.add_error(None, _("%(expert)s may not review this alliance (conflict of interest): %(why)s") % {
                    "expert": flagged.expert.user, "why": "；".join(flagged.reasons)})
    assignments = list(ExpertAssignment.objects.filter(case=case, round=round_).select_related("expert__user")
                       .order_by("-active", "assigned_at"))
    return render(request, "staff/experts.html", {
        "case": case, "candidates": candidates, "form": form, "round": round_, "rounds": ReviewRound.choices,
        "only_field": only_field, "assignments": assignments, "unassign_form": UnassignForm(),
        "chosen": {int(v) for v in request.POST.getlist("expert") if v.isdigit() and len(v) < 12},
        "state_label": case_state_label(case)})


@area("pages.bureau")
@require_POST
def case_unassign(request: HttpRequest, pk: int, assignment: int) -> HttpResponse:
    case = _bureau_case(request, pk)
    obj = get_object_or_404(ExpertAssignment, pk=assignment, case=case)
    form = UnassignForm(request.POST)
    if form.is_valid():
        try:
            expert_unassign(actor=request.user, assignment=obj, reason=form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("The assignment is withdrawn."))
    else:
        messages.error(request, _("Say why the expert is withdrawn."))
    return redirect(f"{reverse('staff:experts', args=[case.pk])}?round={obj.round}")


# ---------------------------------------------------------------- alliances: evaluation, consequences, comparison

ALLIANCES = ListPage(
    template="staff/alliances.html",
    fragment="staff/_alliance_rows.html",
    export_stem="alliances",
    search_fields=("name", "lead__name", "lead__credit_code"),
    filters={"status": "status", "jurisdiction": "jurisdiction__code"},
    columns=[
        Column(gettext_lazy("Name"), field="name"),
        Column(gettext_lazy("Bureau"), field="jurisdiction__name"),
        Column(gettext_lazy("Status"), field="status", words=lambda: {k: str(v) for k, v in AllianceStatus.choices}),
        Column(gettext_lazy("Lead unit"), field="lead__name"),
        Column(gettext_lazy("Region"), field="region__name"),
    ],
)


@area("pages.bureau")
@per_version
def alliances(request: HttpRequest) -> HttpResponseBase:
    return ALLIANCES.respond(request, sel.work_alliances(request.user).order_by("name", "pk"),
                             {"statuses": AllianceStatus.choices,
                              "jurisdictions": sel.bureau_jurisdictions(request.user)})


def _alliance_page(request: HttpRequest, alliance: Any, status: int = 200, **forms: Any) -> HttpResponse:
    on = _today()
    data = alliance_supervision(alliance, on)
    ctx = {"alliance": alliance, "on": on, **data,
           "grade_form": forms.get("grade_form") or GradeForm(scale=data["scale"], initial={"year": on.year - 1}),
           "apply_form": forms.get("apply_form") or ApplyConsequencesForm(),
           "revoke_form": forms.get("revoke_form") or RevokeForm(),
           "plaque_form": forms.get("plaque_form") or PlaqueReturnedForm(initial={"on": on}),
           "cases": sel.work_cases(request.user).filter(alliance=alliance).order_by("-opened_on"),
           **alliance_context(request.user, alliance, forms)}
    ctx.update(endings(alliance, on))  # reports filed, findings, members' bans, dissolutions
    ctx.update(recognition_context(request.user, alliance, forms))  # recognitions, each recall offered
    ctx["finding_form"] = forms.get("finding_form") or FindingForm(choices=ctx["finding_choices"])
    judged = forms.get("judge_forms") or {}
    for r in data["rectifications"]:
        r.form = judged.get(r.pk) or RectificationJudgeForm(prefix=f"rect-{r.pk}")
    return render(request, "staff/alliance.html", ctx, status=status)


@area("pages.bureau")
def alliance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _alliance_page(request, sel.work_alliance(request.user, pk))


@area("pages.bureau")
@require_POST
def alliance_grade(request: HttpRequest, pk: int) -> HttpResponse:
    alliance = sel.work_alliance(request.user, pk)
    g = alliance_supervision(alliance, _today())
    form = GradeForm(request.POST, scale=g["scale"])
    done = submitted(request, form, lambda d: grade_record(actor=request.user, alliance=alliance, **d),
                     done=_("The grade is recorded; the consequences the text draws from it are applied."),
                     then=reverse("staff:alliance", args=[alliance.pk]))
    return done or _alliance_page(request, alliance, grade_form=form)


@area("pages.bureau")
@require_POST
def alliance_apply(request: HttpRequest, pk: int) -> HttpResponse:
    alliance = sel.work_alliance(request.user, pk)
    form = ApplyConsequencesForm(request.POST)
    done = submitted(request, form, lambda d: consequences_apply(actor=request.user, alliance=alliance, **d),
                     done=lambda applied: _("Applied: %(list)s") % {
                         "list": "；".join(f"{a.consequence} ({a.article})" for a in applied)}
                     if applied else (messages.INFO, _("Nothing new to apply.")),
                     then=reverse("staff:alliance", args=[alliance.pk]))
    return done or _alliance_page(request, alliance, apply_form=form)


@area("pages.bureau")
@require_POST
def rectification_decide(request: HttpRequest, pk: int, rectification: int) -> HttpResponse:
    alliance = sel.work_alliance(request.user, pk)
    obj = get_object_or_404(Rectification, pk=rectification, alliance=alliance)
    form = RectificationJudgeForm(request.POST, prefix=f"rect-{obj.pk}")
    done = submitted(request, form, lambda d: rectification_judge(actor=request.user, rectification=obj, **d),
                     done=_("The rectification is judged."), then=reverse("staff:alliance", args=[alliance.pk]))
    return done or _alliance_page(request, alliance, judge_forms={obj.pk: form})


@area("pages.bureau")
@require_POST
def alliance_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    alliance = sel.work_alliance(request.user, pk)
    form = RevokeForm(request.POST)
    done = submitted(request, form, lambda d: alliance_revoke(actor=request.user, alliance=alliance, **d),
                     done=_("The recognition is revoked."), then=reverse("staff:alliance", args=[alliance.pk]))
    return done or _alliance_page(request, alliance, revoke_form=form)


@area("pages.bureau")
def alliance_compare(request: HttpRequest, pk: int) -> HttpResponse:
    alliance = sel.work_alliance(request.user, pk)
    on = _today()
    raw = request.GET.get("on", "")
    if raw:
        asked = query_date(request, "on", "any")  # bounded: the engine answers for 1900–2199 only
        if asked is None:
            messages.error(request, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": raw[:40]})
        else:
            on = asked
    return render(request, "staff/compare.html", {"alliance": alliance, **comparison(alliance, on)})


# ---------------------------------------------------------------- money

PROPOSALS = ListPage(
    template="staff/money.html",
    fragment="staff/_proposal_rows.html",
    export_stem="grant-proposals",
    search_fields=("alliance__name", "citation", "matter"),
    filters={"status": "status", "pack": "pack_id"},
    columns=[
        Column(gettext_lazy("Reference"), field="pk", shape=lambda pk: f"GP-{pk}"),
        Column(gettext_lazy("Alliance"), field="alliance__name"),
        Column(gettext_lazy("Citation"), field="citation"),
        Column(gettext_lazy("Matter"), field="matter"),
        Column(gettext_lazy("Amount (万元)"), field="amount"),
        Column(gettext_lazy("Range minimum"), field="range_min"),
        Column(gettext_lazy("Range maximum"), field="range_max"),
        Column(gettext_lazy("Status"), field="status", words=choice_words(GrantProposal, "status")),
        Column(gettext_lazy("Decided amount (万元)"), field="decided_amount"),
    ],
)


def _proposals(user: Any) -> Any:
    qs = visible_to(user, "funding.view_proposal")
    ids = sel.bureau_jurisdiction_ids(user)
    return qs if ids is None else qs.filter(alliance__jurisdiction_id__in=ids)


def _propose_form(request: HttpRequest, data: Any = None) -> ProposeForm:
    """The proposal form, offering the alliances the search field found (and the one chosen, if in scope)."""
    source = data if data is not None else request.GET
    q = clean_query(source.get("alliance_q"), 100)
    chosen = parse_id(source.get("alliance"))
    alliances = sel.alliances_matching(request.user, q, also=chosen)
    initial = {"on": _today(), "alliance_q": q}
    claims = (visible_to(request.user, "funding.view_claim").filter(alliance__in=[a.pk for a in alliances],
                                                                    status=ClaimStatus.ACCEPTED)
              .select_related("alliance").order_by("alliance__name", "pk"))
    return ProposeForm(data, alliances=alliances, claims=claims, initial=initial) if data is not None else \
        ProposeForm(alliances=alliances, claims=claims, initial={**initial, "alliance": chosen})


@area("pages.bureau")
def money(request: HttpRequest) -> HttpResponseBase:
    return PROPOSALS.respond(request, _proposals(request.user).order_by("-created_at", "-pk"),
                             {"form": _propose_form(request), "statuses": ProposalStatus.choices})


@area("pages.bureau")
def alliance_options(request: HttpRequest) -> HttpResponse:
    """The money page's alliance search: the matching alliances in the user's scope, as choices."""
    return render(request, "staff/_alliance_choices.html", {"form": _propose_form(request)})


@area("pages.bureau")
@require_POST
def money_propose(request: HttpRequest) -> HttpResponseBase:
    form = _propose_form(request, request.POST)
    def page(run: Any = None) -> HttpResponse:  # the run is shown on the page itself, no redirect
        listed = PROPOSALS.respond(request, _proposals(request.user).order_by("-created_at", "-pk"),
                                   {"form": form, "run": run, "statuses": ProposalStatus.choices})
        return cast(HttpResponse, listed)  # for the typing only: submitted passes any response on as it is

    def propose(d: dict[str, Any]) -> Any:
        alliance = sel.work_alliance(request.user, d["alliance"])
        if d["claim"] is not None:  # the form offered only the chosen alliance's accepted claims in scope
            return claim_propose(actor=request.user, claim=Claim.objects.get(pk=d["claim"], alliance=alliance),
                                 on=d["on"], year=d["year"], reason=d["reason"])
        return grant_propose(actor=request.user, alliance=alliance, pack=pack_for(alliance, d["on"]), on=d["on"],
                             year=d["year"], reason=d["reason"])

    return submitted(request, form, propose, done=None, then=page) or page()


def _proposal(user: Any, pk: int) -> GrantProposal:
    try:
        return _proposals(user).get(pk=pk)
    except (GrantProposal.DoesNotExist, ValueError):
        raise Http404 from None


@area("pages.bureau")
def money_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request.user, pk)
    form = GrantDecisionForm(request.POST or None, initial={"expected_version": proposal.lock_version,
                                                             "amount": proposal.amount})

    def page(status: int = 200) -> HttpResponse:
        return render(request, "staff/proposal.html", {"proposal": proposal, "form": form,
                                                       "open": proposal.status == ProposalStatus.PROPOSED}, status=status)

    def stale(exc: Exception) -> HttpResponse | None:  # decided meanwhile: the proposal as it is now
        if not isinstance(exc, ValidationError):
            return None
        proposal.refresh_from_db()
        return page(409 if getattr(exc, "code", "") in ("stale", "already_decided") else 200)

    done = request.method == "POST" and submitted(
        request, form, lambda d: grant_decide(actor=request.user, proposal=proposal, approve=d["decision"] == "approve",
                                              amount=d["amount"], reason=d["reason"].strip(),
                                              expected_version=d["expected_version"]),
        done=_("%(ref)s is decided.") % {"ref": proposal.ref}, refused=stale,
        then=reverse("staff:proposal", args=[proposal.pk]))
    return done or page()


# ---------------------------------------------------------------- deadlines

DEADLINES = ListPage(
    template="staff/deadlines.html",
    fragment="staff/_deadline_rows.html",
    export_stem="deadlines",
    decorate=with_period_words,
    search_fields=("alliance__name", "label_zh", "label_en", "article"),
    filters={"status": "status", "jurisdiction": "alliance__jurisdiction__code", "actor": "actor",
             "from": "due_on__gte", "to": "due_on__lte"},
    columns=[
        Column(gettext_lazy("Due on"), field="due_on"),
        Column(gettext_lazy("Alliance"), field="alliance__name"),
        Column(gettext_lazy("Duty"), field="label_zh"),
        Column(gettext_lazy("Period"), field="period", words=lambda: lambda p: period_words([p])[str(p or "")]),
        Column(gettext_lazy("Who must act"), field="actor"),
        Column(gettext_lazy("Article"), field=("pack_id", "article"), shape=lambda pack, article: f"{pack} {article}"),
        Column(gettext_lazy("Status"), field="status", words=lambda: {k: str(v) for k, v in DeadlineStatus.choices}),
        Column(gettext_lazy("Done on"), field="filed_on"),
    ],
)
OPEN_DEADLINES = (DeadlineStatus.UPCOMING, DeadlineStatus.DUE, DeadlineStatus.OVERDUE, DeadlineStatus.UNSCHEDULED)


@area("pages.bureau")
def deadlines(request: HttpRequest) -> HttpResponseBase:
    qs = sel.work_deadlines(request.user).order_by("due_on", "alliance__name", "pk")
    if not request.GET.get("status") and request.GET.get("all") != "1":
        qs = qs.filter(status__in=OPEN_DEADLINES)
    if request.GET.get("export") == "ics":
        try:
            rows, _active = DEADLINES.apply(request, qs.filter(due_on__isnull=False))
            events = [{"uid": f"deadline-{d.pk}@itisa", "day": d.due_on,
                       "summary": f"{d.alliance.name}：{d.label_zh}",
                       "description": f"{d.pack_id} {d.article} · {d.get_status_display()}"} for d in rows[:5000]]
        except ValidationError:
            raise Http404 from None
        return ics_response("deadlines", events)
    return DEADLINES.respond(request, qs, {"statuses": DeadlineStatus.choices, "today": _today(),
                                           "jurisdictions": sel.bureau_jurisdictions(request.user),
                                           "show_all": request.GET.get("all") == "1"})  # a bad date: said on the page


# ---------------------------------------------------------------- calls

CALLS = ListPage(
    template="staff/calls.html",
    fragment="staff/_call_rows.html",
    export_stem="calls",
    search_fields=("title",),
    filters={"jurisdiction": "jurisdiction__code"},
    columns=[
        Column(gettext_lazy("Title"), field="title"),
        Column(gettext_lazy("Bureau"), field="jurisdiction__name"),
        Column(gettext_lazy("Policy pack"), field="pack_id"),
        Column(gettext_lazy("Year"), field="year"),
        Column(gettext_lazy("Opens on"), field="opens_on"),
        Column(gettext_lazy("Closes on"), field="closes_on"),
    ],
)


@area("pages.bureau")
def calls(request: HttpRequest) -> HttpResponseBase:
    jurisdictions = sel.bureau_jurisdictions(request.user)
    form = CallForm(request.POST or None, jurisdictions=jurisdictions, initial={"year": _today().year})

    def open_call(d: dict[str, Any]) -> Any:
        data = dict(d)
        jurisdiction = get_object_or_404(jurisdictions, pk=data.pop("jurisdiction"))
        return call_create(actor=request.user, jurisdiction=jurisdiction, **data)

    done = request.method == "POST" and submitted(
        request, form, open_call, done=lambda call: _("The call is open: %(title)s") % {"title": call.title},
        then=lambda call: reverse("staff:call", args=[call.pk]))
    return done or CALLS.respond(request, sel.work_calls(request.user).order_by("-year", "-opens_on", "-pk"),
                         {"form": form, "jurisdictions": jurisdictions})


@area("pages.bureau")
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(sel.work_calls(request.user), pk=pk)
    cases = sel.work_cases(request.user).filter(call=call).select_related("alliance__lead").order_by("alliance__name")
    return render(request, "staff/call.html", {"call": call, "cases": cases, "today": _today(),
                                               "state_label": sel.state_label})


# ---------------------------------------------------------------- recommenders: reports to endorse


def _reports(user: Any) -> Any:
    """The reports awaiting the recommender's opinion first (on every database: NULL first), newest filed first."""
    return visible_to(user, "supervision.view_report").filter(endorsement_required=True).order_by(
        F("endorsed_on").asc(nulls_first=True), "-filed_on", "-pk")


def _reports_page(request: HttpRequest, bound: EndorseForm | None = None, pk: int | None = None) -> HttpResponseBase:
    def forms(rows: list[Any]) -> None:
        for r in rows:
            r.form = bound if bound is not None and r.pk == pk else EndorseForm(prefix=f"rep-{r.pk}")

    rows = _reports(request.user).select_related("alliance__jurisdiction", "endorsed_by")
    return REPORTS.respond(request, rows, {"kinds": ReportKind.choices}, prepare=forms)


@area("pages.recommender")
def reports(request: HttpRequest) -> HttpResponseBase:
    return _reports_page(request)


@area("pages.recommender")
@require_POST
def report_endorse_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    report = get_object_or_404(_reports(request.user), pk=pk)
    form = EndorseForm(request.POST, prefix=f"rep-{report.pk}")
    done = submitted(request, form, lambda d: report_endorse(actor=request.user, report=report, opinion=d["opinion"]),
                     done=_("The report is endorsed."), then=reverse("staff:reports"))
    return done or _reports_page(request, form, report.pk)
