"""Password complexity beside Django's validators (等保 2.0 身份鉴别: complex passwords)."""

from __future__ import annotations

import string
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class ComplexityValidator:
    """At least *classes* of the four kinds of character: lower case, upper case, digits, other."""

    def __init__(self, classes: int = 3) -> None:
        self.classes = classes

    def _kinds(self, password: str) -> int:
        return sum(
            [
                any(c.islower() for c in password),
                any(c.isupper() for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() or c in string.punctuation for c in password),
            ]
        )

    def validate(self, password: str, user: Any = None) -> None:
        if self._kinds(password) < self.classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _(
            "Your password must mix at least %(n)d of: lower-case letters, upper-case letters, digits, "
            "other characters."
        ) % {"n": self.classes}
