"""The list pages' hand-off: a workbook too long to build in the request becomes a job (ADR 0019)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from itisa.exports.services import export_start


def start_from_list(request: HttpRequest, page: Any, queryset: QuerySet[Any], total: int) -> HttpResponseBase | None:
    """A job for a signed-in person (the page "My exports" follows it); ``None`` — build in the request — for
    an anonymous visitor of the public register, who has no page to come back to."""
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return None
    export_start(actor=user, kind=page.export_stem, path=request.path, query=request.GET.urlencode(),
                 language=get_language() or "zh-hans", rows=total)
    messages.info(request, _("The workbook has %(rows)s rows: it is being built and will be ready on this page.")
                  % {"rows": f"{total:,}"})
    return redirect("exports:mine")
