"""The home page (URL name ``core:home``): for a visitor, the public register's latest rows and a field for a
certificate's verification code; after login, each role's workbench (what waits, with its deadlines)."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from itisa.access import can, visible_to
from itisa.accounts.selectors import role_assignments_of
from itisa.core.listing import page_rows
from itisa.core.page_cache import per_version
from itisa.recognition.selectors import verify_certificate
from itisa.register.selectors import PUBLIC_STATUSES
from itisa.workbench.summary import workbench

CODE = re.compile(r"^[A-Za-z0-9-]{4,32}$")


@per_version
def home(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip().replace(" ", "")
    error = ""
    if code:
        if CODE.match(code) and verify_certificate(code) is not None:
            return redirect("recognition:verify", code=code)
        error = _("No certificate has this verification code. It is printed under the certificate's QR code.")
    alliances = page_rows(visible_to(request.user, "register.view_alliance").order_by("-updated_at", "-pk"), 0, 20)
    bureau = can(request.user, "pages.bureau")
    rows = [(a, _link(a, bureau)) for a in alliances]
    return render(
        request,
        "workbench/home.html",
        {
            "rows": rows,
            "roles": role_assignments_of(request.user),
            "sections": workbench(request.user),
            "code": code,
            "code_error": error,
        },
    )


def _link(alliance: object, bureau: bool) -> str:
    from django.urls import reverse

    if getattr(alliance, "status", None) in PUBLIC_STATUSES:
        return reverse("public:alliance", args=[alliance.pk])  # type: ignore[attr-defined]
    if bureau:
        return reverse("staff:alliance", args=[alliance.pk])  # type: ignore[attr-defined]
    return ""
