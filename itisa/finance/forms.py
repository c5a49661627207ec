from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.core.forms import BoundedDateField, DecimalInput, HtmlDateInput, TextField
from itisa.workflow.labels import pack_label
from policy.numbers import LIMITS, parse_typed


class PaymentForm(forms.Form):
    on = BoundedDateField(label=_("Booked on"), widget=HtmlDateInput())
    amount = forms.DecimalField(label=_("Amount (万元)"), required=False, min_value=Decimal("0.0001"),
                                help_text=_("Empty: the rest of the commitment."), max_digits=14,
                                decimal_places=4, widget=DecimalInput())
    reason = TextField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


GROUND_CHOICES = (("misuse", _("Misuse of the funds")), ("revocation", _("Recognition revoked")))


class ClawbackForm(forms.Form):
    on = BoundedDateField(label=_("Booked on"), widget=HtmlDateInput())
    ground = forms.ChoiceField(label=_("Ground"), choices=GROUND_CHOICES, widget=forms.RadioSelect)
    reason = TextField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    amount = forms.DecimalField(label=_("Amount (万元)"), required=False, min_value=Decimal("0.0001"),
                                help_text=_("Empty: everything paid and not yet recovered."),
                                max_digits=14, decimal_places=4, widget=DecimalInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


def _limit(unit: str) -> Any:
    return LIMITS.get(unit, LIMITS["int"])


def _number_hint(unit: str) -> str:
    if unit == "wan_yuan":
        return str(_("Enter an amount in 万元 in plain digits (e.g. 40 or 12.5), at most %(limit)s."))
    if unit == "fraction":
        return str(_("Enter a share as 0.3 or 3/10, at most %(limit)s."))
    return str(_("Enter a whole number, at most %(limit)s."))


def _parse(unit: str, raw: str) -> Any:
    """Bounded before parsed (``policy.numbers``): ``1e30000000`` or thirty 9s are refused, not computed."""
    return parse_typed(unit, raw)


class SimulationForm(forms.Form):
    """Jurisdiction, text, date and one optional override per parameter of the text (empty: as written)."""

    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"))
    pack = forms.ChoiceField(label=_("Regulation"))
    on = BoundedDateField(label=_("As of"), kind="planned", widget=HtmlDateInput())
    year = forms.IntegerField(label=_("Claim year"), required=False, min_value=1990, max_value=2100)

    def __init__(self, *args: Any, jurisdictions: list[Any], packs: list[Any], parameters: list[dict[str, Any]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = [(j.code, j.name) for j in jurisdictions]  # type: ignore[attr-defined]
        self.fields["pack"].choices = [(p.id, f"{pack_label(p.id)} ({p.doc})") for p in packs]  # type: ignore[attr-defined]
        self.parameters = parameters
        for p in parameters:
            field = TextField(label=p["label"], required=False, max_length=30,
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
            except (ArithmeticError, ValueError):
                self.add_error(name, _number_hint(p["unit"]) % {"limit": _limit(p["unit"])})
                continue
            if value != p["value"]:
                overrides[p["name"]] = value
        data["overrides"] = overrides
        return data
