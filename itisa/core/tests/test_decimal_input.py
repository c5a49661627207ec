"""A stored amount (four decimal places) is offered in a form as people write it."""

from decimal import Decimal

from itisa.core.forms import DecimalInput


def test_trailing_zeros_are_not_shown():
    widget = DecimalInput()
    assert widget.format_value(Decimal("20.0000")) == "20"
    assert widget.format_value(Decimal("12.5000")) == "12.5"
    assert widget.format_value(Decimal("100")) == "100"  # not 1E+2
    assert widget.format_value(Decimal("0.0001")) == "0.0001"
    assert widget.format_value(None) is None and widget.format_value("7.50") == "7.50"  # typed input kept as typed
