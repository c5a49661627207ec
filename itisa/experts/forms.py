"""The expert's forms. The score sheet is generated from the sheet template the pack gives
(``itisa.reviews.selectors.case_sheet_template``): one 0–100 score per dimension, or an overall opinion and
score, then each expert-judged condition as a yes/no question with a comment. Every item keeps its article."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from itisa.core.forms import BoundedDateField, HtmlDateInput, TextField
from itisa.reviews.models import Opinion

YES_NO = (("yes", _("Yes")), ("no", _("No")))


def _text(item: dict[str, Any]) -> str:
    lang = (get_language() or "zh-hans").lower()
    return item.get("en") or item["zh"] if lang.startswith("en") else item["zh"]


def _score_field(label: str, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=Decimal(0), max_value=Decimal(100), max_digits=5,
                              decimal_places=2, required=required,
                              widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "100",
                                                              "inputmode": "decimal"}))


class ScoreSheetForm(forms.Form):
    """Built from a sheet template; ``items`` lists the sections for the template to render in order."""

    def __init__(self, *args: Any, template: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.template = template
        self.dimension_fields: list[tuple[str, dict[str, Any]]] = []
        self.question_fields: list[tuple[str, str, dict[str, Any]]] = []
        if template["mode"] == "dimensions":
            for d in template["dimensions"]:
                name = f"score__{d['id']}"
                self.fields[name] = _score_field(_text(d))
                self.dimension_fields.append((name, d))
        else:
            self.fields["opinion"] = forms.ChoiceField(label=_("Overall opinion"), choices=Opinion.choices,
                                                       widget=forms.RadioSelect)
            self.fields["overall_score"] = _score_field(str(_("Overall score (0–100)")))
        for qn in template["questions"]:
            answer, comment = f"answer__{qn['id']}", f"comment__{qn['id']}"
            self.fields[answer] = forms.ChoiceField(label=_text(qn), choices=YES_NO, widget=forms.RadioSelect)
            self.fields[comment] = TextField(label=_("Comment"), required=False,
                                                   widget=forms.Textarea(attrs={"rows": 2}))
            self.question_fields.append((answer, comment, qn))
        self.fields["comment"] = TextField(label=_("General comment"), required=False,
                                                 widget=forms.Textarea(attrs={"rows": 4}))

    @property
    def dimension_rows(self) -> list[tuple[Any, dict[str, Any]]]:
        return [(self[name], d) for name, d in self.dimension_fields]

    @property
    def question_rows(self) -> list[tuple[Any, Any, dict[str, Any]]]:
        return [(self[a], self[c], qn) for a, c, qn in self.question_fields]

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned form as ``sheet_submit`` takes it."""
        data = self.cleaned_data
        out: dict[str, Any] = {"comment": data.get("comment", "")}
        if self.template["mode"] == "dimensions":
            out["scores"] = {d["id"]: data[name] for name, d in self.dimension_fields}
        else:
            out["opinion"] = data["opinion"]
            out["overall_score"] = data["overall_score"]
        out["answers"] = {qn["id"]: {"answer": data[a] == "yes", "comment": data.get(c, "")}
                          for a, c, qn in self.question_fields}
        return out


class SiteVisitForm(forms.Form):
    visited_on = BoundedDateField(label=_("Visited on"), widget=HtmlDateInput())
    visitors = TextField(label=_("Visitors"), widget=forms.Textarea(attrs={"rows": 2}))
    findings = TextField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 6}))
    result = forms.ChoiceField(label=_("Result"), choices=Opinion.choices, widget=forms.RadioSelect)
    document = forms.FileField(label=_("Visit report (optional)"), required=False)
