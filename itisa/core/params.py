"""Reading untrusted request parameters without ever raising: bounded before parsing, cleaned of what
no database or person can use, ``None`` when malformed.

A query parameter is a hint (a filter, a page, a year); a malformed one is dropped, never a server error.
Text is cut to a length the databases search comfortably (SQLite refuses LIKE patterns over 50,000
bytes); NUL and other control characters are removed (PostgreSQL refuses NUL in any string); numbers are
read only when they are short plain digits, so nothing like ``1e30000000`` reaches ``int`` or ``Decimal``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

# The largest id any of our tables can hold (a signed 64-bit integer, PostgreSQL's bigint and SQLite's INTEGER).
MAX_ID = 2**63 - 1
MAX_QUERY_CHARS = 200
# Characters that print as nothing: used by ``clean_text`` (forms) and ``query_text`` (GET parameters).
_INVISIBLE_EXTRA = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u180e"}
_DIGITS = re.compile(r"[0-9]{1,19}")


def is_invisible(ch: str) -> bool:
    """Whitespace, control and format characters (zero-width space, joiners, BOM, bidi marks) and fillers."""
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp") or ch in _INVISIBLE_EXTRA


def strip_invisible(value: str) -> str:
    """The text without invisible characters at either end: text of only such characters is empty."""
    start, end = 0, len(value)
    while start < end and is_invisible(value[start]):
        start += 1
    while end > start and is_invisible(value[end - 1]):
        end -= 1
    return value[start:end]


def is_blank(value: Any) -> bool:
    """True for None and for text with nothing visible in it (services use it on required text)."""
    return value is None or (isinstance(value, str) and not strip_invisible(value))


def clean_query(raw: Any, max_chars: int = MAX_QUERY_CHARS) -> str:
    """A GET value as safe text: cut to ``max_chars``, control characters (NUL) gone, ends stripped."""
    if not isinstance(raw, str):
        return ""
    text = raw[: max_chars * 2]
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs") or ch in "\t\n")
    return strip_invisible(text)[:max_chars]


def query_text(request: Any, name: str, max_chars: int = MAX_QUERY_CHARS) -> str:
    return clean_query(request.GET.get(name, ""), max_chars)


def parse_int(raw: Any, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """An integer from at most 19 ASCII digits within [minimum, maximum], else None."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    else:
        text = raw.strip() if isinstance(raw, str) else ""
        if not _DIGITS.fullmatch(text):
            return None
        value = int(text)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        return None
    return value


def query_int(request: Any, name: str, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    return parse_int(request.GET.get(name, ""), minimum=minimum, maximum=maximum)


def parse_id(raw: Any) -> int | None:
    """A database id (1 … 2⁶³−1) or None."""
    return parse_int(raw, minimum=1, maximum=MAX_ID)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(raw: Any, kind: str = "any") -> dt.date | None:
    """An ISO date (YYYY-MM-DD) inside the window of its kind (``itisa.core.dates``), else None."""
    from itisa.core.dates import window

    text = raw.strip() if isinstance(raw, str) else ""
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        return None
    low, high = window(kind)
    return value if low <= value <= high else None


def query_date(request: Any, name: str, kind: str = "planned") -> dt.date | None:
    return parse_date(request.GET.get(name, ""), kind)
