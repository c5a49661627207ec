"""The one view decorator: signed in, then allowed to open the area (``pages.*``) — 403 otherwise."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy

from itisa.access.core import AccessDenied, can

VIEW_ACTIONS: dict[str, str] = {}  # "module.view" → the area action (read by the permission matrix test)

# What a refused user reads (the msgids the areas used before they moved here).
MESSAGES = {
    "pages.finance": gettext_lazy("These pages are for finance officers and bureau staff."),
    "pages.experts": gettext_lazy("These pages are for the experts of the pool."),
    "pages.dashboards": gettext_lazy("Dashboards are for bureau staff and finance."),
    "pages.leadunit": gettext_lazy("You hold no lead-unit role."),
}


def area(action: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        VIEW_ACTIONS[f"{view.__module__}.{view.__name__}"] = action

        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not can(request.user, action):
                raise AccessDenied(MESSAGES.get(action, ""))
            return view(request, *args, **kwargs)

        wrapped.access_action = action  # type: ignore[attr-defined]
        return wrapped

    return decorate
