from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.core.forms import HtmlDateInput
from itisa.workflow.labels import pack_label


class PaymentForm(forms.Form):
    on = forms.DateField(label=_("Booked on"), widget=HtmlDateInput())
    amount = forms.DecimalField(label=_("Amount (万元)"), required=False, min_value=Decimal("0.0001"),
                                help_text=_("Empty: the rest of the commitment."), max_digits=14,
                                decimal_places=4)
    reason = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


GROUND_CHOICES = (("misuse", _("Misuse of the funds")), ("revocation", _("Recognition revoked")))


class ClawbackForm(forms.Form):
    on = forms.DateField(label=_("Booked on"), widget=HtmlDateInput())
    ground = forms.ChoiceField(label=_("Ground"), choices=GROUND_CHOICES, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    amount = forms.DecimalField(label=_("Amount (万元)"), required=False, min_value=Decimal("0.0001"),
                                help_text=_("Empty: everything paid and not yet recovered."),
                                max_digits=14, decimal_places=4)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


def _parse(unit: str, raw: str) -> Any:
    raw = raw.strip()
    if unit == "wan_yuan":
        value = Decimal(raw)
        if not value.is_finite():
            raise InvalidOperation
        return value
    if unit == "fraction":
        return Fraction(raw)
    return int(raw)


class SimulationForm(forms.Form):
    """Jurisdiction, text, date and one optional override per parameter of the text (empty: as written)."""

    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"))
    pack = forms.ChoiceField(label=_("Regulation"))
    on = forms.DateField(label=_("As of"), widget=HtmlDateInput())
    year = forms.IntegerField(label=_("Claim year"), required=False, min_value=1990, max_value=2100)

    def __init__(self, *args: Any, jurisdictions: list[Any], packs: list[Any], parameters: list[dict[str, Any]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = [(j.code, j.name) for j in jurisdictions]  # type: ignore[attr-defined]
        self.fields["pack"].choices = [(p.id, f"{pack_label(p.id)} ({p.doc})") for p in packs]  # type: ignore[attr-defined]
        self.parameters = parameters
        for p in parameters:
            field = forms.CharField(label=p["label"], required=False, max_length=30,
                                    widget=forms.TextInput(attrs={"size": 8, "inputmode": "decimal"}))
            self.fields[f"set:{p['local']}"] = field

    @property
    def parameter_rows(self) -> list[tuple[dict[str, Any], Any]]:
        return [(p, self[f"set:{p['local']}"]) for p in self.parameters]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        overrides: dict[str, Any] = {}
        for p in self.parameters:
            name = f"set:{p['local']}"
            raw = (data.get(name) or "").strip()
            if not raw:
                continue
            try:
                value = _parse(p["unit"], raw)
            except (ArithmeticError, ValueError, ZeroDivisionError):
                self.add_error(name, _("Enter a number (%(unit)s).") % {"unit": p["unit"]})
                continue
            if value < 0:
                self.add_error(name, _("A parameter cannot be negative."))
                continue
            if value != p["value"]:
                overrides[p["name"]] = value
        data["overrides"] = overrides
        return data
