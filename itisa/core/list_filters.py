"""Typed filters and column sorting for ``ListPage`` (ADR 0021), built from the page's own declaration.

Filters: each ``filters`` entry (GET parameter → lookup path, or a function of the value giving a ``Q``) becomes
a django-filter ``Filter`` typed by the model field the path ends on — a date gets a ``DateFilter``, a field
with choices a ``ChoiceFilter`` with the model's choices, a whole number (an id, a year) an integer filter
bounded to what the database holds; a function keeps working as a method filter. A value that does not fit is
an error the page shows beside the list; the other filters still apply.

Sorting: a django-tables2 ``Table`` with one column per export ``Column`` that has a single database
``field``; ``RequestConfig`` reads ``?sort=field`` / ``?sort=-field`` and keeps only keys that name such a
column (an unknown key is ignored, as if not given).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

BIGINT = 2**63 - 1


class WholeNumberFilter(django_filters.Filter):
    field_class = forms.IntegerField  # "1.5" for an id is an error, not silently 1


def _field_at(model: type[models.Model], path: str) -> tuple[models.Field[Any, Any] | None, str]:
    """The model field a lookup path ends on, and the lookup after it (``due_on__gte`` → due_on, ``gte``)."""
    parts = path.split("__")
    field: Any = None
    current: Any = model
    for i, part in enumerate(parts):
        try:
            field = current._meta.pk if part == "pk" else current._meta.get_field(part)
        except FieldDoesNotExist:
            return (field, "__".join(parts[i:])) if field is not None else (None, "")
        if field.is_relation and i < len(parts) - 1:
            current = field.related_model
    return field, "exact"


def _typed_filter(model: type[models.Model], param: str, lookup: str) -> django_filters.Filter:
    field, expr = _field_at(model, lookup)
    name = lookup[: -len(expr) - 2] if expr != "exact" and lookup.endswith(f"__{expr}") else lookup
    expr = expr or "exact"
    if field is None:
        return django_filters.CharFilter(field_name=lookup)
    if field.is_relation and field.many_to_one:  # "fund" (a ForeignKey by name): its id
        field = field.target_field  # type: ignore[attr-defined]
    if isinstance(field, models.DateTimeField):
        return django_filters.DateFilter(field_name=name, lookup_expr="date" if expr == "exact" else f"date__{expr}")
    if isinstance(field, models.DateField):
        return django_filters.DateFilter(field_name=name, lookup_expr=expr)
    if field.choices and expr == "exact":
        return django_filters.ChoiceFilter(field_name=name, choices=list(field.flatchoices))
    if isinstance(field, models.BooleanField):
        return django_filters.TypedChoiceFilter(field_name=name, lookup_expr=expr, coerce=lambda v: v in ("1", "true"),
                                                choices=[("0", "0"), ("1", "1"), ("true", "1"), ("false", "0")])
    if isinstance(field, (models.IntegerField, models.AutoField)):
        return WholeNumberFilter(field_name=name, lookup_expr=expr, min_value=-BIGINT, max_value=BIGINT)
    return django_filters.CharFilter(field_name=name, lookup_expr=expr)


def _method(make_q: Callable[[str], Q]) -> Callable[[QuerySet[Any], str, Any], QuerySet[Any]]:
    return lambda queryset, _name, value: queryset.filter(make_q(value))


def filterset_class(model: type[models.Model], declared: dict[str, str | Callable[[str], Q]]) -> type[django_filters.FilterSet]:
    attrs: dict[str, Any] = {}
    for param, lookup in declared.items():
        attrs[param] = (django_filters.CharFilter(method=_method(lookup)) if callable(lookup)
                        else _typed_filter(model, param, lookup))
    meta = type("Meta", (), {"model": model, "fields": []})
    return type(f"{model.__name__}ListFilter", (django_filters.FilterSet,), {**attrs, "Meta": meta})


def run_filters(fs: django_filters.FilterSet, queryset: QuerySet[Any]) -> tuple[QuerySet[Any], dict[str, str], list[str]]:
    """The queryset under the valid filters, the values applied (for links) and the errors to show."""
    fs.form.is_valid()
    errors: list[str] = []
    for messages in fs.form.errors.values():
        errors += [_("A filter was not applied: %(error)s") % {"error": m} for m in messages]
    active: dict[str, str] = {}
    for param, flt in fs.filters.items():
        value = fs.form.cleaned_data.get(param)
        if value in (None, "", [], ()):
            continue
        try:
            narrowed = flt.filter(queryset, value)
        except (ValueError, TypeError, ValidationError, OverflowError):
            errors.append(_("A filter was not applied: its value does not fit."))
            continue
        queryset = narrowed
        active[param] = fs.data.get(param, "")
    return queryset, active, errors


def sort_table(request: HttpRequest, queryset: QuerySet[Any], keys: Sequence[str]) -> tables.Table:
    """A django-tables2 table over *queryset* whose orderable columns are *keys*, ordered from ``?sort=``."""
    attrs: dict[str, Any] = {k: tables.Column(accessor=k, order_by=(k,)) for k in keys}
    table_cls = type("ListTable", (tables.Table,), attrs)
    table = table_cls(queryset, order_by_field="sort")
    tables.RequestConfig(request, paginate=False).configure(table)
    return table
