from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from itisa.access import visible_to
from itisa.accounts.selectors import role_assignments_of
from itisa.register.selectors import region_label, regions_matching


def home(request: HttpRequest) -> HttpResponse:
    alliances = visible_to(request.user, "register.view_alliance").order_by("-updated_at")[:20]
    return render(request, "core/home.html", {"alliances": alliances, "roles": role_assignments_of(request.user)})


@require_safe
def region_options(request: HttpRequest) -> HttpResponse:
    """``<option>``s for a region picker's datalist: GB/T 2260 codes are public reference data."""
    q = request.GET.get("q") or next((str(v) for v in request.GET.values() if v), "")
    regions = regions_matching(q[:40])
    return render(request, "core/_region_options.html", {"options": [(r.code, region_label(r)) for r in regions]})
