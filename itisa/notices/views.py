"""The holiday calendar page: bureau staff enter a year from the State Council's notice."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from itisa.access.views import area
from itisa.core.forms import submitted
from itisa.notices.forms import HolidayYearForm
from itisa.notices.holidays import holiday_year_set, parse_days, year_is_known
from itisa.notices.models import HolidayDayKind, HolidayYear


@area("pages.bureau")
@require_http_methods(["GET", "POST"])
def holidays(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = HolidayYearForm(request.POST or None, initial={"year": today.year + 1})
    if request.method == "POST":
        saved = submitted(
            request, form,
            lambda d: holiday_year_set(actor=request.user, year=d["year"], document_number=d["document_number"],
                                       days_off=parse_days(d["days_off"], "days_off"),
                                       working_days=parse_days(d["working_days"], "working_days"), reason=d["reason"]),
            done=lambda calendar: _("The holiday calendar of %(year)s was saved.") % {"year": calendar.year},
            then=reverse("notices:holidays"))
        if saved:
            return saved
    years = []
    for calendar in HolidayYear.objects.prefetch_related("days").select_related("entered_by"):
        days = list(calendar.days.all())
        years.append(
            {
                "calendar": calendar,
                "off": [d.day for d in days if d.kind == HolidayDayKind.OFF],
                "work": [d.day for d in days if d.kind == HolidayDayKind.WORK],
            }
        )
    return render(
        request,
        "notices/holidays.html",
        {"form": form, "years": years, "next_year": today.year + 1, "next_known": year_is_known(today.year + 1)},
    )
