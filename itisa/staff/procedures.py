"""On the staff alliance page: the procedures the bureau opens (revocation, cycle assessment, re-review …, read
from the pack in force), and the level history — with the recommendation a case produced (the ``produces`` of a
pack's move, never typed) — where the recognising bureau records a higher level (``alliance_upgrade``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from itisa.access import can, who
from itisa.access.views import area
from itisa.core.forms import BoundedDateField, HtmlDateInput, TextField, submitted
from itisa.register.models import AllianceLevel, Jurisdiction, LevelRecord
from itisa.register.services import LEVEL_RANK
from itisa.staff import selectors as sel
from itisa.supervision.services import alliance_upgrade
from itisa.workflow.facts import produced
from itisa.workflow.labels import ROLE_LABELS, action_label, article_text
from itisa.workflow.models import Case, CaseTransition
from itisa.workflow.offers import procedures_opened_by
from itisa.workflow.packs import pack_in_force
from itisa.workflow.services import case_open

#: Who recommended, as the packs' ``produces`` rows name them.
RECOMMENDERS = {"city_bureau": gettext_lazy("the city's science and technology bureau"),
                "provincial_bureau": gettext_lazy("the provincial science and technology department"),
                **ROLE_LABELS}


class OpenProcedureForm(forms.Form):
    procedure = forms.ChoiceField(label=gettext_lazy("Procedure"))

    def __init__(self, *args: Any, procedures: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = procedures  # type: ignore[attr-defined]


class LevelForm(forms.Form):
    level = forms.ChoiceField(label=gettext_lazy("Level"))
    jurisdiction = forms.TypedChoiceField(label=gettext_lazy("Recognising bureau"), coerce=int)
    from_date = BoundedDateField(label=gettext_lazy("Recognised from"), widget=HtmlDateInput())
    document_number = TextField(label=gettext_lazy("Document number"), max_length=80, required=False)
    reason = TextField(label=gettext_lazy("Note"), max_length=2000, required=False,
                       widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, levels: list[tuple[str, str]] = (),  # type: ignore[assignment]
                 bureaus: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = levels  # type: ignore[attr-defined]
        self.fields["jurisdiction"].choices = bureaus  # type: ignore[attr-defined]


def _today() -> date:
    return timezone.localdate()


def _bureau_openable(alliance: Any, on: date) -> list[dict[str, Any]]:
    try:
        pack = pack_in_force(alliance.jurisdiction, on)
    except ValidationError:
        return []
    running = set(Case.objects.filter(alliance=alliance, closed=False).values_list("procedure_id", flat=True))
    return [{"procedure": p, "article": (p.get("intake") or {}).get("article") or p.get("article", ""),
             "running": p["id"] in running} for p in procedures_opened_by(pack, "bureau")]


def _open_form(rows: list[dict[str, Any]], data: Any = None) -> OpenProcedureForm:
    return OpenProcedureForm(data, procedures=[
        (r["procedure"]["id"], f"{r['procedure']['zh']}（{article_text(r['article'])}）") for r in rows if not r["running"]])


def _recorders(user: Any, alliance: Any) -> list[Jurisdiction]:
    """The higher bureaus where the user is staff: those record the recognitions they made."""
    mine = Jurisdiction.objects.all() if who.superuser(user) else Jurisdiction.objects.filter(
        pk__in=who.jurisdiction_ids(user))
    current = LEVEL_RANK.get(AllianceLevel(alliance.level), 0) if alliance.level else 0
    return [j for j in mine.order_by("code") if j.level in LEVEL_RANK and LEVEL_RANK[AllianceLevel(j.level)] > current]


def _level_form(user: Any, alliance: Any, data: Any = None) -> LevelForm | None:
    bureaus = _recorders(user, alliance)
    if not bureaus:
        return None
    levels = sorted({j.level for j in bureaus}, key=lambda lv: LEVEL_RANK[AllianceLevel(lv)])
    return LevelForm(data, levels=[(lv, str(AllianceLevel(lv).label)) for lv in levels],
                     bureaus=[(j.pk, j.name) for j in bureaus])


def recommendations(alliance: Any) -> list[dict[str, Any]]:
    """The recommendations the alliance's cases produced (the pack's ``produces`` of the move taken)."""
    out = []
    for move in (CaseTransition.objects.filter(case__alliance=alliance).select_related("case__jurisdiction")
                 .order_by("on", "seq")):
        made = produced(move)
        if made:
            out.append({"level": made["level"], "by": made["recommended_by"], "on": move.on,
                        "by_label": RECOMMENDERS.get(made["recommended_by"], made["recommended_by"]),
                        "bureau": move.case.jurisdiction.name, "action": action_label(move.action),
                        "article": move.article, "pack_id": move.case.pack_id, "case": move.case_id})
    return out


def level_history(alliance: Any) -> list[dict[str, Any]]:
    """Each level record with the recommendation it rests on (the latest one made for that level on or before
    it) and its end (``until``: a revocation, a dissolution); a level recognised again after it lapsed is a row of
    its own, marked as a re-recognition."""
    made = recommendations(alliance)
    rows: list[dict[str, Any]] = []
    for r in LevelRecord.objects.filter(alliance=alliance).select_related("jurisdiction").order_by("from_date", "pk"):
        rec = next((m for m in reversed(made) if m["level"] == r.level and m["on"] <= r.from_date), None)
        again = any(row["record"].level == r.level for row in rows)
        rows.append({"record": r, "recommendation": rec, "until": r.until, "again": again})
    return rows


def alliance_context(user: Any, alliance: Any, forms_: dict[str, Any]) -> dict[str, Any]:
    """What the alliance page adds: the bureau's procedures with their form, the level history and its form."""
    rows = _bureau_openable(alliance, _today()) if can(user, "workflow.open_case", alliance) else []
    return {"bureau_procedures": rows, "open_form": forms_.get("open_form") or _open_form(rows),
            "level_rows": level_history(alliance), "recommendations": recommendations(alliance),
            "level_form": forms_.get("level_form") or _level_form(user, alliance)}


@area("pages.bureau")
@require_POST
def open_case(request: HttpRequest, pk: int) -> HttpResponse:
    from itisa.staff.views import _alliance_page

    alliance = sel.work_alliance(request.user, pk)
    rows = _bureau_openable(alliance, _today()) if can(request.user, "workflow.open_case", alliance) else []
    form = _open_form(rows, request.POST)
    done = submitted(request, form, lambda d: case_open(actor=request.user, alliance=alliance,
                                                        procedure_id=d["procedure"], on=_today()),
                     done=_("The case was opened."), then=lambda case: reverse("staff:case", args=[case.pk]))
    return done or _alliance_page(request, alliance, open_form=form)


@area("pages.bureau")
@require_POST
def record_level(request: HttpRequest, pk: int) -> HttpResponse:
    from itisa.staff.views import _alliance_page

    alliance = sel.work_alliance(request.user, pk)
    form = _level_form(request.user, alliance, request.POST) or LevelForm(request.POST)

    def record(d: dict[str, Any]) -> Any:
        bureau = Jurisdiction.objects.get(pk=d["jurisdiction"])
        return alliance_upgrade(actor=request.user, alliance=alliance, level=d["level"], jurisdiction=bureau,
                                from_date=d["from_date"], document_number=d["document_number"].strip(),
                                reason=d["reason"].strip())

    done = submitted(request, form, record, then=reverse("staff:alliance", args=[alliance.pk]),
                     done=lambda _r: _("The recognition at the %(level)s level is recorded.") % {
                         "level": AllianceLevel(form.cleaned_data["level"]).label})
    return done or _alliance_page(request, alliance, level_form=form)
