"""What the navigation shows: the user's roles, read once per request."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from itisa.accounts.models import Role
from itisa.accounts.selectors import role_assignments_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    # A request refused before the authentication middleware (e.g. a disallowed Host) has no user.
    if not hasattr(request, "user"):
        return {"nav": {}}
    roles = {a.role for a in role_assignments_of(request.user)}
    return {
        "nav": {
            "lead_unit": Role.LEAD_UNIT in roles,
            "bureau": Role.BUREAU_STAFF in roles or getattr(request.user, "is_superuser", False),
            "recommender": Role.RECOMMENDER in roles,
            "expert": Role.EXPERT in roles,
            "finance": Role.FINANCE in roles,
            "roles": Role.BUREAU_ADMIN in roles or getattr(request.user, "is_superuser", False),
        }
    }
