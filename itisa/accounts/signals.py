"""Security events into the audit trail: logins, logouts, failed logins and lockouts (等保 2.0 安全审计)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from itisa.audit.services import audit_record


def _ip(request: Any) -> str:
    return str(getattr(request, "META", {}).get("REMOTE_ADDR", "")) if request is not None else ""


def _record(*, action: str, user: Any = None, username: str = "", request: Any = None) -> None:
    from itisa.accounts.models import User

    if user is None and username:
        user = User.objects.filter(username=username).first()
    with transaction.atomic():
        if user is not None:
            audit_record(
                actor=user if action != "auth.login_failed" else None,
                action=action,
                target=user,
                after={"ip": _ip(request), "username": user.get_username()},
            )
        else:
            audit_record(
                actor=None,
                action=action,
                target_type="accounts.user",
                target_id="",
                target_repr=username[:200],
                after={"ip": _ip(request), "username": username[:150]},
            )


@receiver(user_logged_in, dispatch_uid="itisa-audit-login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from itisa.accounts.middleware import mark_session_start

    mark_session_start(request)
    _record(action="auth.login", user=user, request=request)


@receiver(user_logged_out, dispatch_uid="itisa-audit-logout")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        _record(action="auth.logout", user=user, request=request)


@receiver(user_login_failed, dispatch_uid="itisa-audit-login-failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    _record(action="auth.login_failed", username=str(credentials.get("username", "")), request=request)


def _locked_out(
    sender: Any, request: Any = None, username: str | None = None, ip_address: str = "", **kwargs: Any
) -> None:
    _record(action="auth.lockout", username=str(username or ""), request=request)


def connect_axes() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="itisa-audit-lockout")
