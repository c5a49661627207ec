"""``{{ amount|wan }}``: a Decimal of 万元 without trailing zeros and never in exponent form (1000, 12.5)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def wan(value: Any) -> str:
    if value is None or value == "":
        return "—"
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    text = format(d.normalize(), "f")
    return "0" if text in ("-0", "") else text


@register.filter
def commitment_acts(entry: Any) -> dict[str, Any]:
    """What can still be done on a ledger commitment: pay (something left to pay, not clawed back) and
    claw back (something paid and not yet recovered). Settled commitments offer neither."""
    from itisa.finance.selectors import commitment_status

    status = commitment_status(entry)
    return {"pay": status.to_pay > 0 and not status.recovered, "claw_back": status.recoverable > 0}
