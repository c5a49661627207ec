"""Reading a number someone typed (a what-if override, ``--set``) without letting the text pin the worker.

``Decimal("1e30000000")`` parses instantly but quantizing it, or ``Fraction`` of it, builds a number of
thirty million digits; thirty 9s overflow the vectorised path's 64-bit columns. So a typed number is
accepted only in plain notation (digits, one point, or ``a/b`` for a fraction), short, and within a
bound per unit that no regulation comes near; anything else is a ``ValueError`` that says so.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

MAX_CHARS = 24
# No regulation grants more than 1 万亿 yuan, sets a share above 100 or a period/count above 100,000.
LIMITS: dict[str, Any] = {"wan_yuan": Decimal(10) ** 8, "fraction": Fraction(100), "int": 100_000}
_DECIMAL = re.compile(r"[0-9]{1,12}(\.[0-9]{1,6})?")
_FRACTION = re.compile(r"([0-9]{1,9})\s*/\s*([0-9]{1,9})")


def parse_typed(unit: str, raw: Any) -> Any:
    """The value of ``raw`` for a parameter of ``unit``: Decimal (万元), Fraction (share) or int; negative,
    exponent, non-finite, too long or too large are a ValueError."""
    text = str(raw).strip()
    if len(text) > MAX_CHARS:
        raise ValueError(f"{text[:MAX_CHARS]}…: at most {MAX_CHARS} characters")
    if unit == "wan_yuan":
        if not _DECIMAL.fullmatch(text):
            raise ValueError(f"{text!r}: write an amount in 万元 as plain digits, e.g. 40 or 12.5")
        value: Any = Decimal(text)
    elif unit == "fraction":
        if m := _FRACTION.fullmatch(text):
            if int(m.group(2)) == 0:
                raise ValueError(f"{text!r}: division by zero")
            value = Fraction(int(m.group(1)), int(m.group(2)))
        elif _DECIMAL.fullmatch(text):
            value = Fraction(text)
        else:
            raise ValueError(f"{text!r}: write a share as 0.3 or 3/10")
    else:
        if not text.isascii() or not text.isdigit() or len(text) > 9:
            raise ValueError(f"{text!r}: write a whole number")
        value = int(text)
    return check_bound(unit, value)


def check_bound(unit: str, value: Any) -> Any:
    """``value`` if it is finite, not negative and within the unit's bound, else a ValueError."""
    limit = LIMITS.get(unit, LIMITS["int"])
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"{value}: not a finite number")
    if value < 0:
        raise ValueError(f"{value}: cannot be negative")
    if value > limit:
        raise ValueError(f"{value}: larger than {limit}")
    return value
