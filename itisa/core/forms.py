"""Showing a service's ValidationError on a Django form: next to the field it names, or above the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


def attach_service_errors(form: Any, exc: ValidationError) -> None:
    """Nothing the user typed is lost: the form is re-rendered with its data and these errors."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class HtmlDateInput(forms.DateInput):
    """A browser date picker: its value must be ISO (YYYY-MM-DD) whatever the language's date format,
    or the field shows empty (zh-hans formats dates as 2020/06/01)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
