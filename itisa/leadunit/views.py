"""The lead-unit office's pages: parse, check the role and the alliance, call a service, render.

Every page but ``home`` hangs from one alliance (``a/<pk>/…``) and answers 404 unless the user holds an
active lead-unit role for it; objects under it (members, documents, cases, orders) are looked up within it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from itisa.access.views import area
from itisa.core.exports import ics_response
from itisa.core.forms import attach_service_errors, submitted
from itisa.core.listing import Column, ListPage, choice_words
from itisa.documents.models import DocumentKind
from itisa.documents.services import document_upload
from itisa.leadunit import imports, selectors
from itisa.leadunit.forms import (
    LEAD_KINDS,
    AchievementForm,
    AllianceFactsForm,
    CaseActForm,
    DocumentUploadForm,
    ImportUploadForm,
    MaterialForm,
    MemberAddForm,
    MemberEndForm,
    OpenCaseForm,
    RectificationResponseForm,
    ReportForm,
)
from itisa.leadunit.materials import material_rows
from itisa.register.models import Achievement, Alliance, IndustryField, MemberRole, Organisation, OrganisationKind
from itisa.register.selectors import organisation_search_q
from itisa.register.services import achievement_add, alliance_update, membership_end
from itisa.supervision.governing import governing
from itisa.supervision.models import ReportKind
from itisa.supervision.services import rectification_respond, report_file
from itisa.supervision.services.reports import YEARLY_KINDS, required_sections
from itisa.workflow.materials import case_upload_material
from itisa.workflow.models import Submission
from itisa.workflow.selectors import missing_materials, submission_changes
from itisa.workflow.services import CaseConflict, case_act, case_open

View = Callable[..., Any]


def lead_view(fn: View) -> View:
    """A lead-unit office (403 otherwise), then the alliance ``pk`` resolved within its own (404 otherwise)."""

    @area("pages.leadunit")
    @wraps(fn)
    def inner(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        alliance = selectors.my_alliance(request.user, pk)
        return fn(request, alliance, *args, **kwargs)

    return inner


def _today() -> Any:
    return timezone.localdate()


def _member_choices(alliance: Alliance) -> list[tuple[int, str]]:
    return [(m.organisation_id, m.organisation.name) for m in selectors.current_members(alliance, _today())]


def _ctx(alliance: Alliance, section: str, **extra: Any) -> dict[str, Any]:
    return {"alliance": alliance, "section": section, "today": _today(), **extra}


# ---------------------------------------------------------------- home and overview


@area("pages.leadunit")
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    alliances = list(selectors.my_alliances(request.user))
    if len(alliances) == 1:
        return redirect("leadunit:alliance", pk=alliances[0].pk)
    return render(request, "leadunit/home.html", {"alliances": alliances})


@lead_view
@require_safe
def alliance(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    today = _today()
    deadlines, source = selectors.deadlines_of(alliance, today)
    g = governing(alliance, today)
    context = _ctx(alliance, "overview", deadlines=deadlines, deadline_source=source, governing=g,
                   levels=selectors.levels_of(alliance),
                   member_count=selectors.current_members(alliance, today).count(),
                   open_case=selectors.open_case(alliance),
                   pending_orders=selectors.rectifications_of(alliance).filter(result="pending").count())
    return render(request, "leadunit/alliance.html", context)


@lead_view
@require_safe
def deadlines_ics(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    rows, _source = selectors.deadlines_of(alliance, _today())
    events = [{"uid": f"alliance{alliance.pk}-{r.key}@itisa", "day": r.due,
               "summary": f"{alliance.name}：{r.zh}", "description": f"{r.article} {r.period_words or r.period}"}
              for r in rows if r.due is not None and r.status not in ("done", "late")]
    return ics_response(f"deadlines-{alliance.pk}", events)


@lead_view
@require_http_methods(["GET", "POST"])
def facts(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    members = _member_choices(alliance)
    current = selectors.current_members(alliance, _today())
    periods = [(m.pk, m.organisation.name) for m in current]
    catalogue = IndustryField.objects.filter(jurisdiction_id=alliance.jurisdiction_id, active=True)
    options: dict[str, Any] = {"members": members, "fields": catalogue, "periods": periods}
    initial = {f: getattr(alliance, f) for f in AllianceFactsForm(**options).fields if hasattr(alliance, f)}
    initial["outward_responsible_party"] = alliance.outward_responsible_party_id
    initial["signatories"] = [m.pk for m in current if m.signed_agreement]
    form = AllianceFactsForm(request.POST or None, initial=initial, **options)

    def update(d: dict[str, Any]) -> None:
        data = dict(d)
        reason = data.pop("reason")
        party = data.pop("outward_responsible_party")
        if party is not None and party not in dict(members):
            raise ValidationError({"outward_responsible_party": _("Choose one of the current members.")})
        data["outward_responsible_party"] = Organisation.objects.get(pk=party) if party else None
        alliance_update(actor=request.user, alliance=alliance, reason=reason, **data)

    back = "leadunit:application" if request.GET.get("next") == "application" else "leadunit:alliance"
    if request.method == "POST" and (done := submitted(request, form, update, done=_("The alliance's facts were updated."),
                                                       then=reverse(back, args=[alliance.pk]))):
        return done
    return render(request, "leadunit/facts.html", _ctx(alliance, "overview", form=form))


# ---------------------------------------------------------------- members

IDENTIFIER_FIELDS = tuple(f"organisation__{f}" for f in ("credit_code", "id_country", "other_id_scheme", "other_id"))
MEMBERS = ListPage(
    template="leadunit/members.html",
    fragment="leadunit/_member_rows.html",
    export_stem="alliance-members",
    search_q=lambda q: organisation_search_q(q, "organisation"),  # former names too
    filters={"role": "role", "kind": "organisation__kind"},
    columns=[
        Column(gettext_lazy("Organisation"), field="organisation__name"),
        Column(gettext_lazy("Identifier"), field=IDENTIFIER_FIELDS, shape=lambda *v: Organisation(
            **dict(zip(("credit_code", "id_country", "other_id_scheme", "other_id"), v, strict=True))).identifier),
        Column(gettext_lazy("Kind"), field="organisation__kind", words=choice_words(Organisation, "kind")),
        Column(gettext_lazy("Role"), field="role", words=lambda: {k: str(v) for k, v in MemberRole.choices}),
        Column(gettext_lazy("Registered region"), field=("organisation__region_id", "organisation__region__name"),
               shape=lambda code, name: f"{code} {name}" if code else ""),
        Column(gettext_lazy("Independent legal person"), field="organisation__legal_person"),
        Column(gettext_lazy("Industry-chain position"), field="organisation__chain_position",
               words=choice_words(Organisation, "chain_position")),
        Column(gettext_lazy("Joined on"), field="joined_on"),
    ],
)


def _members_page(request: HttpRequest, alliance: Alliance, form: MemberAddForm) -> HttpResponseBase:
    context = _ctx(alliance, "members", form=form, roles=MemberRole.choices, kinds=OrganisationKind.choices)
    return MEMBERS.respond(request, selectors.current_members(alliance, _today()), context)


@lead_view
@require_safe
def members(request: HttpRequest, alliance: Alliance) -> HttpResponseBase:
    return _members_page(request, alliance, MemberAddForm(initial={"joined_on": _today()}))


@lead_view
@require_POST
def member_add(request: HttpRequest, alliance: Alliance) -> HttpResponseBase:
    form = MemberAddForm(request.POST)
    done = submitted(request, form, lambda d: imports.member_add_one(actor=request.user, alliance=alliance, **d),
                     done=lambda m: _("%(org)s joined the alliance.") % {"org": m.organisation.name},
                     then=reverse("leadunit:members", args=[alliance.pk]))
    return done or _members_page(request, alliance, form)


@lead_view
@require_http_methods(["GET", "POST"])
def member_end(request: HttpRequest, alliance: Alliance, mid: int) -> HttpResponse:
    membership = selectors.membership_of(alliance, mid)
    form = MemberEndForm(request.POST or None, initial={"left_on": _today()})
    if request.method == "POST" and (done := submitted(
            request, form, lambda d: membership_end(actor=request.user, membership=membership, **d),
            done=_("%(org)s's membership ended.") % {"org": membership.organisation.name},
            then=reverse("leadunit:members", args=[alliance.pk]))):
        return done
    return render(request, "leadunit/member_end.html", _ctx(alliance, "members", form=form, membership=membership))


# ---------------------------------------------------------------- member import

IMPORT_KEY = "leadunit-import-{pk}"


def _digest(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


@lead_view
@require_safe
def import_template(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    response = HttpResponse(imports.template_workbook(), content_type=imports.TEMPLATE_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="member-import-template.xlsx"'
    return response


@lead_view
@require_http_methods(["GET", "POST"])
def member_import(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context = _ctx(alliance, "members", form=form, headers=imports.HEADERS)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            form.add_error("file", _("The file is larger than %(mb)s MB.") % {"mb": imports.MAX_BYTES // 1048576})
        elif not upload.name.lower().endswith(".xlsx"):
            form.add_error("file", _("Upload the filled-in template as an .xlsx file."))
        else:
            check, raw = imports.check_upload(alliance, upload, _today())
            context.update(check=check, filename=upload.name)
            if check.ok:
                data = imports.raw_for_session(raw)
                token = _digest(data)
                request.session[IMPORT_KEY.format(pk=alliance.pk)] = {"raw": data, "token": token,
                                                                      "name": upload.name}
                context["token"] = token
    return render(request, "leadunit/member_import.html", context)


@lead_view
@require_POST
def member_import_confirm(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    stored = request.session.get(IMPORT_KEY.format(pk=alliance.pk))
    if not stored or stored.get("token") != request.POST.get("token"):
        messages.error(request, _("Nothing to import: upload the file again."))
        return redirect("leadunit:member_import", pk=alliance.pk)
    check = imports.check_rows(alliance, imports.raw_from_session(stored["raw"]), _today())
    context = _ctx(alliance, "members", form=ImportUploadForm(), headers=imports.HEADERS, check=check,
                   filename=stored["name"])
    if not check.ok:  # the register changed since the check: nothing is imported
        return render(request, "leadunit/member_import.html", context)
    try:
        created = imports.import_rows(actor=request.user, alliance=alliance, rows=check.rows,
                                      reason=_("Imported from %(name)s") % {"name": stored["name"]})
    except imports.ImportRefused as refused:
        context["check"] = imports.ImportCheck(check.rows, refused.errors)
        return render(request, "leadunit/member_import.html", context)
    del request.session[IMPORT_KEY.format(pk=alliance.pk)]
    messages.success(request, _("%(n)s members were imported.") % {"n": len(created)})
    return redirect("leadunit:members", pk=alliance.pk)


# ---------------------------------------------------------------- documents

DOCUMENTS = ListPage(
    template="leadunit/documents.html",
    fragment="leadunit/_document_rows.html",
    export_stem="alliance-documents",
    search_fields=("original_name",),
    filters={"kind": "kind"},
    columns=[
        Column(gettext_lazy("File name"), field="original_name"),
        Column(gettext_lazy("Kind"), field="kind", words=lambda: {k: str(v) for k, v in DocumentKind.choices}),
        Column(gettext_lazy("Size (bytes)"), field="size"),
        Column(gettext_lazy("Uploaded at"), field="uploaded_at"),
        Column(gettext_lazy("Uploader"), field=("uploaded_by__full_name", "uploaded_by__username"),
               shape=lambda full, user: full or user or ""),
        Column("SHA-256", field="sha256"),
    ],
)


@lead_view
@require_http_methods(["GET", "POST"])
def documents(request: HttpRequest, alliance: Alliance) -> HttpResponseBase:
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and (done := submitted(
            request, form, lambda d: document_upload(actor=request.user, kind=d["kind"], name=d["file"].name,
                                                     stream=d["file"].file, size=d["file"].size, alliance=alliance),
            done=lambda doc: _("%(name)s was uploaded.") % {"name": doc.original_name},
            then=reverse("leadunit:documents", args=[alliance.pk]))):
        return done
    context = _ctx(alliance, "documents", form=form, kinds=LEAD_KINDS)
    return DOCUMENTS.respond(request, selectors.documents_of(request.user, alliance), context)


@lead_view
@require_safe
def document_file(request: HttpRequest, alliance: Alliance, did: int) -> FileResponse:
    doc = selectors.document_of(request.user, alliance, did)
    try:
        stream = doc.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(stream, as_attachment=True, filename=doc.original_name, content_type=doc.content_type)


# ---------------------------------------------------------------- achievements

ACHIEVEMENTS = ListPage(
    template="leadunit/achievements.html",
    fragment="leadunit/_achievement_rows.html",
    export_stem="alliance-achievements",
    search_fields=("title", "reference"),
    filters={"kind": "kind"},
    columns=[
        Column(gettext_lazy("Title"), field="title"),
        Column(gettext_lazy("Kind"), field="kind", words=choice_words(Achievement, "kind")),
        Column(gettext_lazy("Standard level"), field="standard_level", words=choice_words(Achievement, "standard_level")),
        Column(gettext_lazy("Reference number"), field="reference"),
        Column(gettext_lazy("Member organisation"), field="organisation__name", shape=lambda name: name or ""),
        Column(gettext_lazy("Date"), field="achieved_on"),
    ],
)


@lead_view
@require_http_methods(["GET", "POST"])
def achievements(request: HttpRequest, alliance: Alliance) -> HttpResponseBase:
    members = _member_choices(alliance)
    form = AchievementForm(request.POST or None, members=members)

    def add(d: dict[str, Any]) -> Any:
        org_id = d["organisation"]
        return achievement_add(actor=request.user, alliance=alliance, **{
            **d, "organisation": Organisation.objects.get(pk=org_id) if org_id else None})

    if request.method == "POST" and (done := submitted(request, form, add, done=_("The achievement was recorded."),
                                                       then=reverse("leadunit:achievements", args=[alliance.pk]))):
        return done
    from itisa.register.models import AchievementKind

    context = _ctx(alliance, "achievements", form=form, kinds=AchievementKind.choices)
    return ACHIEVEMENTS.respond(request, selectors.achievements_of(alliance), context)


# ---------------------------------------------------------------- application wizard

def _eligibility_context(alliance: Alliance, case: Any) -> dict[str, Any]:
    today = _today()
    if case is not None:
        pack_id, why = case.pack_id, ""
    else:
        pack, _intake, why = selectors.intake_of(alliance, today)
        pack_id = pack.id if pack is not None else ""
    result = selectors.live_eligibility(alliance, pack_id, today) if pack_id else None
    return {"eligibility": result, "eligibility_why": why, "checked_on": today}


def _draft_changes(case: Any, result: Any, last: Submission | None) -> dict[str, Any] | None:
    """What changed since the last submitted version: the register and materials as they stand now,
    compared with the frozen version (an unsaved Submission, read only)."""
    if last is None or result is None:
        return None
    from itisa.register.facts import alliance_facts, alliances_for_facts

    fresh = alliances_for_facts(Alliance.objects.filter(pk=case.alliance_id)).get()
    mats: dict[str, list[dict[str, Any]]] = {}
    for m in case.materials.select_related("document"):
        mats.setdefault(m.material_id, []).append({"document": m.document_id, "sha256": m.document.sha256,
                                                   "name": m.document.original_name})
    now = Submission(case=case, number=last.number + 1, facts=alliance_facts(fresh, on=_today()),
                     eligibility=result.to_dict(), materials=mats)
    return submission_changes(now, last)


def _application_page(request: HttpRequest, alliance: Alliance, *, material_forms: dict[str, Any] | None = None,
                      open_form: OpenCaseForm | None = None, act_form: CaseActForm | None = None) -> HttpResponse:
    today = _today()
    case = selectors.open_case(alliance)
    pack, intake, why = selectors.intake_of(alliance, today)
    calls = [(c.pk, f"{c.title}（{c.opens_on:%Y-%m-%d} — {c.closes_on or '…'}）")
             for c in selectors.open_calls(alliance, today)]
    context = _ctx(alliance, "application", case=case, pack=pack, intake=intake, pack_why=why,
                   past_cases=selectors.cases_of(alliance).filter(closed=True)[:10],
                   open_form=open_form or OpenCaseForm(calls=calls),
                   needs_call=(intake or {}).get("mode") in ("yearly_call", "public_call"), calls=calls)
    context.update(_eligibility_context(alliance, case))
    if case is not None:
        rows = material_rows(case, material_forms)
        submissions = list(case.submissions.order_by("number"))
        versions = [{"submission": s, "changes": submission_changes(s, submissions[i - 1] if i else None)}
                    for i, s in enumerate(submissions)]
        action = "resubmit" if case.state == "returned" else "submit"
        context.update(
            materials=rows, missing=missing_materials(case), versions=list(reversed(versions)),
            timeline=case.transitions.select_related("actor").order_by("seq"),
            returned=selectors.returned_reason(case) if case.state == "returned" else None,
            can_submit=case.state in ("draft", "returned"), action=action,
            act_form=act_form or CaseActForm(initial={"action": action, "expected_version": case.lock_version}),
            draft_changes=_draft_changes(case, context["eligibility"], submissions[-1] if submissions else None)
            if case.state == "returned" else None,
        )
    return render(request, "leadunit/application.html", context)


@lead_view
@require_safe
def application(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    return _application_page(request, alliance)


@lead_view
@require_safe
def eligibility(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The live check as an HTMX fragment (the full page when asked without HTMX)."""
    if not request.headers.get("HX-Request"):
        return redirect("leadunit:application", pk=alliance.pk)
    context = _ctx(alliance, "application", **_eligibility_context(alliance, selectors.open_case(alliance)))
    return render(request, "leadunit/_eligibility.html", context)


@lead_view
@require_POST
def application_open(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    today = _today()
    calls = {c.pk: c for c in selectors.open_calls(alliance, today)}
    form = OpenCaseForm(request.POST, calls=[(pk, c.title) for pk, c in calls.items()])
    done = submitted(request, form,
                     lambda d: case_open(actor=request.user, alliance=alliance, call=calls.get(d["call"]), on=today),
                     done=_("The application was opened. Attach the materials below."),
                     then=reverse("leadunit:application", args=[alliance.pk]))
    return done or _application_page(request, alliance, open_form=form)


@lead_view
@require_POST
def application_material(request: HttpRequest, alliance: Alliance, cid: int) -> HttpResponse:
    case = selectors.case_of(alliance, cid)
    material_id = request.POST.get("material_id", "")
    form = MaterialForm(request.POST, request.FILES, auto_id=f"id_{material_id}_%s")
    done = submitted(request, form,
                     lambda d: case_upload_material(actor=request.user, case=case, material_id=material_id,
                                                    name=d["file"].name, stream=d["file"].file, size=d["file"].size),
                     done=lambda m: _("%(name)s was attached.") % {"name": m.document.original_name},
                     then=reverse("leadunit:application", args=[alliance.pk]) + f"#m-{material_id}")
    return done or _application_page(request, alliance, material_forms={material_id: form})


@lead_view
@require_POST
def application_act(request: HttpRequest, alliance: Alliance, cid: int) -> HttpResponse:
    case = selectors.case_of(alliance, cid)
    form = CaseActForm(request.POST)
    if not form.is_valid():
        return _application_page(request, alliance, act_form=form)
    action = form.cleaned_data["action"]
    try:
        outcome = case_act(actor=request.user, case=case, action=action, reason=form.cleaned_data["reason"],
                           expected_version=form.cleaned_data["expected_version"], on=_today())
    except CaseConflict as exc:
        # A second click, or another tab, already moved the case: nothing is done twice.
        messages.warning(request, " ".join(exc.messages))
    except ValidationError as exc:  # TransitionRefused: the pack's table refuses, citing the article
        attach_service_errors(form, exc)
        return _application_page(request, alliance, act_form=form)
    else:
        if outcome.submission is not None:
            messages.success(request, _("Version %(n)s was submitted.") % {"n": outcome.submission.number})
        else:
            messages.success(request, _("Done."))
    return redirect("leadunit:application", pk=alliance.pk)


# ---------------------------------------------------------------- reports


def _report_kinds(alliance: Alliance) -> tuple[Any, list[dict[str, Any]]]:
    """The reports the text in force asks of the lead unit: kind, label, article, duty."""
    g = governing(alliance, _today())
    if g.pack is None:
        return g, []
    kinds = []
    for d in g.pack.data.get("duties") or ():
        kind = d.get("report_kind", d["id"])
        if d.get("actor", "lead_unit") == "lead_unit" and kind in ReportKind.values:
            kinds.append({"kind": kind, "label": ReportKind(kind).label, "zh": d.get("zh", ""),
                          "article": d.get("article", ""), "yearly": kind in YEARLY_KINDS})
    return g, kinds


@lead_view
@require_safe
def reports(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    g, kinds = _report_kinds(alliance)
    return render(request, "leadunit/reports.html", _ctx(alliance, "reports", governing=g, kinds=kinds,
                                                         reports=selectors.reports_of(alliance)))


@lead_view
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest, alliance: Alliance, kind: str) -> HttpResponse:
    g, kinds = _report_kinds(alliance)
    duty = next((k for k in kinds if k["kind"] == kind), None)
    if duty is None:
        raise Http404
    required = required_sections(g.pack, kind) if g.pack else ()
    initial = {"year": _today().year - 1} if duty["yearly"] else {}
    form = ReportForm(request.POST or None, request.FILES or None, yearly=duty["yearly"], required=required,
                      initial=initial)

    def file(d: dict[str, Any]) -> Any:
        data = dict(d)
        args = {k: data.pop(k, None) for k in ("year", "event_date", "attachment")}
        args["event_kind"] = data.pop("event_kind", "")
        return report_file(actor=request.user, alliance=alliance, kind=kind, on=_today(), **args, **data)

    if request.method == "POST" and (done := submitted(request, form, file, done=_("The report was filed."),
                                                       then=reverse("leadunit:reports", args=[alliance.pk]))):
        return done
    return render(request, "leadunit/report_new.html", _ctx(alliance, "reports", form=form, duty=duty,
                                                            governing=g))


# ---------------------------------------------------------------- money


@lead_view
@require_safe
def money(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    return render(request, "leadunit/money.html", _ctx(alliance, "money", money=selectors.money_of(alliance)))


# ---------------------------------------------------------------- rectification orders


@lead_view
@require_safe
def rectifications(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    return render(request, "leadunit/rectifications.html",
                  _ctx(alliance, "rectifications", orders=selectors.rectifications_of(alliance)))


@lead_view
@require_http_methods(["GET", "POST"])
def rectification(request: HttpRequest, alliance: Alliance, rid: int) -> HttpResponse:
    order = selectors.rectification_of(alliance, rid)
    form = RectificationResponseForm(request.POST or None, request.FILES or None,
                                     initial={"response": order.response})
    if request.method == "POST" and (done := submitted(
            request, form, lambda d: rectification_respond(actor=request.user, rectification=order, on=_today(), **d),
            done=_("Your response was sent to the bureau."),
            then=reverse("leadunit:rectification", args=[alliance.pk, order.pk]))):
        return done
    return render(request, "leadunit/rectification.html", _ctx(alliance, "rectifications", order=order, form=form))
