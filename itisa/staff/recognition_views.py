"""The recognitions section of the staff alliance page: each recognition (认定) with its document number, and the
recall of its plaque and certificate on its own (``recognition_recall``: Kunming 第十七条 “收回授牌”, or a
recognition issued in error) — apart from a revocation, whose plaque the revocation section records. The recall
is offered only while the recognition is valid and the user's bureau recognised it (``recognition.recall``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from itisa.access import can
from itisa.access.views import area
from itisa.core.forms import BoundedDateField, HtmlDateInput, TextField, submitted
from itisa.core.params import parse_id
from itisa.recognition.models import Recognition, RecognitionStatus
from itisa.recognition.services import recognition_recall
from itisa.staff import selectors as sel


class RecallForm(forms.Form):
    on = BoundedDateField(label=gettext_lazy("Recalled on"), widget=HtmlDateInput())
    article = TextField(label=gettext_lazy("Article"), max_length=80,
                        help_text=gettext_lazy("The article the recall rests on, e.g. 第十七条."))
    reason = TextField(label=gettext_lazy("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


def _form(r: Recognition, data: Any = None) -> RecallForm:
    return RecallForm(data, prefix=f"recall-{r.pk}", initial={"on": timezone.localdate()})


def recognition_context(user: Any, alliance: Any, forms_: dict[str, Any]) -> dict[str, Any]:
    """The alliance's recognitions, each valid one the user's bureau may recall with its recall form."""
    bound = forms_.get("recall_forms") or {}
    rows = list(Recognition.objects.filter(alliance=alliance).select_related("jurisdiction", "recalled_by"))
    for r in rows:
        r.recall_form = (bound.get(r.pk) or _form(r)) if (  # type: ignore[attr-defined]
            r.status == RecognitionStatus.VALID and can(user, "recognition.recall", r)) else None
    return {"recognitions": rows}


@area("pages.bureau")
@require_POST
def recognition_recall_view(request: HttpRequest, pk: int, recognition: int) -> HttpResponse:
    from itisa.staff.views import _alliance_page

    alliance = sel.work_alliance(request.user, pk)
    found = parse_id(str(recognition))
    r = None if found is None else Recognition.objects.filter(pk=found, alliance=alliance).first()
    if r is None or r.status != RecognitionStatus.VALID or not can(request.user, "recognition.recall", r):
        raise Http404
    form = _form(r, request.POST)
    done = submitted(request, form, lambda d: recognition_recall(actor=request.user, recognition=r, **d),
                     done=_("The plaque and certificate of %(number)s are recalled.") % {"number": r.document_number},
                     then=reverse("staff:alliance", args=[alliance.pk]) + "#recognitions")
    return done or _alliance_page(request, alliance, recall_forms={r.pk: form})
