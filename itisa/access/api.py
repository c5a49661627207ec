"""API tokens: each person creates and revokes their own (a superuser may revoke anyone's)."""

from __future__ import annotations

from typing import Any

from itisa.access import who
from itisa.access.core import rule


def _own_token(user: Any, token: Any = None) -> bool:
    if token is None or not getattr(user, "is_authenticated", False):
        return False
    return who.superuser(user) or token.user_id == user.pk


rule("api.create_token", lambda user, obj=None: bool(getattr(user, "is_authenticated", False)))
rule("api.own_token", _own_token)
