"""Field-level checks that turn identifier errors into translated ValidationErrors."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from itisa.core.identifiers import USCC, InvalidUSCC, validate_uscc


def clean_credit_code(raw: str) -> USCC:
    """Validate a 统一社会信用代码 (GB 32100-2015) or raise a ValidationError naming the defect."""
    code = (raw or "").strip().upper()
    try:
        return validate_uscc(code)
    except InvalidUSCC as exc:
        lang = (get_language() or "zh-hans").lower()
        detail = exc.message_en if lang.startswith("en") else exc.message_zh
        raise ValidationError(
            _("Invalid unified social credit code %(code)s: %(detail)s"),
            code=f"uscc_{exc.reason_code}",
            params={"code": code, "detail": detail},
        ) from exc
