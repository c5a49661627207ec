"""The region picker's suggestions: GB/T 2260 codes are public reference data, open to every visitor."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from itisa.register.selectors import region_label, regions_matching


@require_safe
def region_options(request: HttpRequest) -> HttpResponse:
    """``<option>``s for a region picker's datalist."""
    q = request.GET.get("q") or next((str(v) for v in request.GET.values() if v), "")
    regions = regions_matching(q[:40])
    return render(request, "register/_region_options.html", {"options": [(r.code, region_label(r)) for r in regions]})
