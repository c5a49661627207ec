"""Entering a year of the holiday calendar from the State Council's notice."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.core.forms import TextField


class HolidayYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    document_number = TextField(
        label=_("Document number of the notice"), max_length=80, help_text=_("e.g. 国办发明电〔2026〕7号")
    )
    days_off = TextField(
        label=_("Days off"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Every holiday day, including the weekend days inside a holiday: one per "
            "line, or ranges such as 2027-02-06 至 2027-02-13."
        ),
    )
    working_days = TextField(
        label=_("Working days on a weekend (调休)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = TextField(label=_("Reason"), max_length=500, required=False)
