"""Who may open each area of the site at all (the object-level rules then decide which rows and objects).
These replace the per-app view decorators (payer_required, expert_required, work_required, bureau_required,
dashboard_user_required, lead_view's role test)."""

from __future__ import annotations

from typing import Any

from itisa.access import who
from itisa.access.core import rule
from itisa.accounts.models import Role


def _any(*roles: str) -> Any:
    def check(user: Any, obj: Any = None) -> bool:
        return who.superuser(user) or who.has_role(user, *roles)

    return check


rule("pages.public", lambda user, obj=None: True)
rule("pages.signed_in", lambda user, obj=None: bool(getattr(user, "is_authenticated", False)))
rule("pages.leadunit", lambda user, obj=None: bool(who.led_alliance_ids(user)))
rule("pages.work", _any(Role.BUREAU_STAFF, Role.RECOMMENDER))
rule("pages.bureau", _any(Role.BUREAU_STAFF))
rule("pages.recommender", lambda user, obj=None: who.has_role(user, Role.RECOMMENDER))
rule("pages.experts", lambda user, obj=None: who.is_expert(user))
rule("pages.finance", _any(Role.BUREAU_STAFF, Role.FINANCE))
rule("pages.dashboards", _any(Role.BUREAU_STAFF, Role.FINANCE))
