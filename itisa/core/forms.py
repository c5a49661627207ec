"""Showing a service's ValidationError on a Django form: next to the field it names, or above the form."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from itisa.core.dates import date_error, window
from itisa.core.params import strip_invisible

#: What a page says on success: the words (a success message), or ``(level, words)`` for another level.
Words = str | tuple[int, str]


def attach_service_errors(form: Any, exc: ValidationError) -> None:
    """Nothing the user typed is lost: the form is re-rendered with its data and these errors."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def submitted(request: HttpRequest, form: Any, act: Callable[[dict[str, Any]], Any], *,
              done: Words | Callable[[Any], Words] | None, then: str | Callable[[Any], str | HttpResponse],
              refused: Callable[[Exception], HttpResponse | None] | None = None,
              denied: str | None = None) -> HttpResponse | None:
    """The one step every page form takes: a valid form goes to its service (``act`` gets the cleaned data);
    success shows ``done`` and redirects to ``then`` (a URL, or a function of the service's result); a refusal —
    the service's ValidationError or the access module's PermissionDenied — goes on the form, and ``None``
    tells the view to render the same page again with everything typed kept.

        return submitted(request, form, lambda d: grade_record(actor=request.user, alliance=a, **d),
                         done=_("The grade is recorded."), then=reverse("staff:alliance", args=[a.pk])) \
            or render_page(form)

    For the pages that answer otherwise: ``done`` may give ``(messages.INFO, words)`` for another level, or be
    ``None`` (no message); ``then`` may give a response instead of a URL (the result shown on the page itself);
    ``refused`` sees the refusal once it is on the form and may answer instead (a 409 for a stale version);
    ``denied`` is the page's words for a PermissionDenied that carries none.
    """
    if not form.is_valid():
        return None
    try:
        result = act(form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        if isinstance(exc, ValidationError):
            attach_service_errors(form, exc)
        else:
            form.add_error(None, str(exc) or denied or _("You may not do this."))
        return refused(exc) if refused is not None else None
    words = done(result) if callable(done) else done
    if words is not None:
        level, text = words if isinstance(words, tuple) else (messages.SUCCESS, words)
        messages.add_message(request, level, text)
    target = then(result) if callable(then) else then
    return target if isinstance(target, HttpResponseBase) else redirect(target)


class DecimalInput(forms.NumberInput):
    """A number field that shows a Decimal as people write it: 20, not the stored 20.0000."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal) and value.is_finite():
            value = format(value.normalize(), "f")
        return super().format_value(value)


class HtmlDateInput(forms.DateInput):
    """A browser date picker: its value must be ISO (YYYY-MM-DD) whatever the language's date format,
    or the field shows empty (zh-hans formats dates as 2020/06/01)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class RegionSearchInput(forms.TextInput):
    """A region picker that searches by name or code as one types (HTMX fills a datalist from
    ``core:region_options``), instead of a dropdown of 6,800 divisions. The value is the code."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        from django.urls import reverse

        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or 'id_' + name}-options"
        attrs.update(
            {
                "list": list_id,
                "autocomplete": "off",
                "hx-get": reverse("core:region_options"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{list_id}",
                "hx-swap": "innerHTML",
                "data-region-search": "1",
            }
        )
        context = super().get_context(name, value, attrs)
        context["list_id"] = list_id
        return context

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> Any:
        from django.utils.html import format_html

        html = super().render(name, value, attrs, renderer)  # already safe: format_html keeps it as is
        list_id = f"{(attrs or {}).get('id') or 'id_' + name}-options"
        return format_html('{}<datalist id="{}"></datalist>', html, list_id)


class TextField(forms.CharField):
    """Every text field of the project's forms: text of only whitespace or invisible characters (zero-width
    space, joiners, BOM, ideographic space) is empty, so a required field refuses it; ends are trimmed."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if isinstance(value, str):
            value = strip_invisible(value)
            if not value:
                return self.empty_value
        return value


class BoundedDateField(forms.DateField):
    """A date inside the window of its kind (``itisa.core.dates``): ``event`` (happened; the default),
    ``planned`` or ``any``. No year 1, no year 9999."""

    def __init__(self, *args: Any, kind: str = "event", **kwargs: Any) -> None:
        self.kind = kind
        super().__init__(*args, **kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        low, high = window(self.kind)
        err = date_error("value", value, low, high)
        if err is not None:
            raise ValidationError(err.error_dict["value"])


def formfield_for(field: Any, **kwargs: Any) -> Any:
    """``fields_for_model(..., formfield_callback=formfield_for)``: model fields get the cleaning fields."""
    from django.db import models

    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return field.formfield(form_class=BoundedDateField, **kwargs)
    if isinstance(field, models.CharField | models.TextField) and not field.choices:
        return field.formfield(form_class=TextField, **kwargs)
    return field.formfield(**kwargs)
