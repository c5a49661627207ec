"""What the navigation shows: the areas the access module opens to the user (``pages.*``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from itisa.access import can


def navigation(request: HttpRequest) -> dict[str, Any]:
    # A request refused before the authentication middleware (e.g. a disallowed Host) has no user.
    if not hasattr(request, "user"):
        return {"nav": {}}
    user = request.user
    return {
        "nav": {
            "lead_unit": can(user, "pages.leadunit"),
            "bureau": can(user, "pages.bureau"),
            "recommender": can(user, "pages.recommender"),
            "expert": can(user, "pages.experts"),
            "finance": can(user, "pages.finance"),
            "dashboards": can(user, "pages.dashboards"),
            "roles": can(user, "pages.roles"),
        }
    }
