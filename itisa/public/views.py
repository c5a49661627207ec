"""Public pages: parse, read through public selectors, render. No login, nothing private."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itisa.core.forms import submitted
from itisa.core.listing import Column, ListPage, choice_words
from itisa.core.page_cache import per_version
from itisa.documents.models import Document
from itisa.notices.models import PublicNotice
from itisa.notices.selectors import open_notices
from itisa.notices.services import objection_submit
from itisa.public.forms import ObjectionForm
from itisa.public.selectors import public_alliance, public_alliances, public_document_allowed
from itisa.register.models import Alliance, AllianceLevel, AllianceStatus, IndustryField, Jurisdiction
from itisa.register.selectors import region_filter_q
from itisa.supervision.selectors import revocations_public
from itisa.workflow.labels import citation_text
from policy.api import all_packs, get_pack, readings
from policy.api import packs as policy_packs

REGISTER = ListPage(
    template="public/register.html",
    fragment="public/_register_rows.html",
    export_stem="alliance-register",
    two_step=False,  # one status filter on one table: one query is faster (docs/benchmarks.md)
    search_fields=("name", "lead__name", "lead__credit_code"),
    filters={"jurisdiction": "jurisdiction__code", "level": "level", "status": "status",
             "field": "industry_field_id", "region": region_filter_q},
    columns=[
        Column(gettext_lazy("Name"), field="name"),
        Column(gettext_lazy("Jurisdiction"), field="jurisdiction__name"),
        Column(gettext_lazy("Level"), field="level", words=choice_words(Alliance, "level")),
        Column(gettext_lazy("Industry field"), field="industry_field__name", shape=lambda name: name or ""),
        Column(gettext_lazy("Status"), field="status", words=choice_words(Alliance, "status")),
        Column(gettext_lazy("Lead unit"), field="lead__name"),
        Column(gettext_lazy("Region"), field="region__name"),
        Column(gettext_lazy("Founded on"), field="founded_on"),
    ],
)


@per_version
def register(request: HttpRequest) -> HttpResponseBase:
    context = {
        "jurisdictions": _bureaus(),
        "levels": AllianceLevel.choices,
        "statuses": [(s, AllianceStatus(s).label) for s in ("recognised", "warned", "support_suspended", "revoked")],
        "fields": IndustryField.objects.filter(active=True).select_related("jurisdiction"),
    }
    return REGISTER.respond(request, public_alliances().order_by("name"), context)


def alliance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        alliance = public_alliance(pk, timezone.localdate())
    except Alliance.DoesNotExist:
        raise Http404 from None
    return render(request, "public/alliance.html", {"alliance": alliance})


def public_document(request: HttpRequest, pk: int) -> FileResponse:
    if not public_document_allowed(pk):
        raise Http404
    doc = get_object_or_404(Document, pk=pk)
    return FileResponse(doc.file.open("rb"), as_attachment=False, filename=doc.original_name,
                        content_type=doc.content_type)


# The two other public lists: sortable by their columns, searchable, filtered by bureau, exported as shown.
REVOKED = ListPage(
    template="public/revoked.html",
    fragment="public/_revoked_rows.html",
    export_stem="revoked-alliances",
    two_step=False,  # one public table and its joins: one query
    search_fields=("alliance__name", "reason"),
    filters={"jurisdiction": "alliance__jurisdiction__code", "from": "decided_on__gte", "until": "decided_on__lte"},
    columns=[
        Column(gettext_lazy("Alliance"), field="alliance__name"),
        Column(gettext_lazy("Jurisdiction"), field="alliance__jurisdiction__name"),
        Column(gettext_lazy("Revoked on"), field="decided_on"),
        Column(gettext_lazy("Article"), field=("pack_id", "article"), shape=citation_text),
        Column(gettext_lazy("Reason"), field=("reason",)),  # a tuple: exported, not a sort key
        Column(gettext_lazy("Plaque recalled on"), field="plaque_recalled_on", shape=lambda d: d or ""),
    ],
)
NOTICES = ListPage(
    template="public/notices.html",
    fragment="public/_notices_rows.html",
    export_stem="public-notices",
    two_step=False,
    search_fields=("title", "case__alliance__name", "case__alliance__lead__name"),
    filters={"jurisdiction": "case__alliance__jurisdiction__code"},
    columns=[
        Column(gettext_lazy("Notice"), field="title"),
        Column(gettext_lazy("Alliance"), field="case__alliance__name"),
        Column(gettext_lazy("Lead unit"), field="case__alliance__lead__name"),
        Column(gettext_lazy("Bureau"), field="case__alliance__jurisdiction__name"),
        Column(gettext_lazy("From"), field="published_on"),
        Column(gettext_lazy("Until"), field="ends_on"),
    ],
)


def _bureaus() -> Any:
    return Jurisdiction.objects.exclude(policy_pack="").order_by("code")


def revoked(request: HttpRequest) -> HttpResponseBase:
    return REVOKED.respond(request, revocations_public(), {"jurisdictions": _bureaus()})


def notices(request: HttpRequest) -> HttpResponseBase:
    today = timezone.localdate()
    rows = open_notices(today).select_related("case__alliance__jurisdiction", "case__alliance__lead")
    return NOTICES.respond(request, rows, {"today": today, "jurisdictions": _bureaus()})


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(PublicNotice.objects.select_related("case__alliance__lead", "case__jurisdiction"), pk=pk)
    today = timezone.localdate()
    is_open = notice.status == "published" and notice.published_on <= today <= notice.ends_on
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and (done := submitted(
            request, form,
            lambda d: objection_submit(actor=request.user, notice=notice, source_ip=_client_ip(request), **d),
            done=_("Your objection was received. The bureau will resolve it before any decision."),
            then=reverse("public:notice", args=[notice.pk]))):
        return done
    return render(request, "public/notice.html", {"notice": notice, "form": form, "is_open": is_open})


def packs(request: HttpRequest) -> HttpResponse:
    rows = policy_packs(timezone.localdate())
    for row in rows:
        row["folder"], row["year"] = row["pack"].split("/")
    return render(request, "public/packs.html", {"rows": rows})


def pack_detail(request: HttpRequest, folder: str, year: str) -> HttpResponse:
    pack_id = f"{folder}/{year}"
    if pack_id not in all_packs():
        raise Http404
    pack = get_pack(pack_id)
    status = next(r for r in policy_packs(timezone.localdate()) if r["pack"] == pack_id)
    params = [{"name": name, "label": p.label, "label_en": p.label_en, "kind": p.kind, "unit": p.unit,
               "values": p.values, "reading": p.reading} for name, p in pack.parameters.items()]
    texts = {r.id: f"{r.zh} / {r.en}" for r in readings(pack)}
    conditions = [{**c, "reading": "；".join(texts.get(x, x) for x in ([c["reading"]] if isinstance(c["reading"], str)
                                                                         else c["reading"]))}
                  if c.get("reading") else c for c in pack.data.get("conditions") or ()]
    return render(request, "public/pack.html", {"pack": pack, "data": pack.data, "status": status, "params": params,
                                                "conditions": conditions, "readings": readings(pack)})
