"""Who must show a second factor, and whether this deployment may skip it (demo and tests only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from itisa.accounts.models import Role
from itisa.accounts.selectors import role_assignments_of

PRIVILEGED_ROLES = {Role.BUREAU_STAFF, Role.FINANCE, Role.BUREAU_ADMIN}


def is_privileged(user: Any) -> bool:
    """Bureau staff, finance, bureau administrators and back-office users: a second factor, a short idle
    timeout."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return any(a.role in PRIVILEGED_ROLES for a in role_assignments_of(user))


def second_factor_required(user: Any) -> bool:
    return is_privileged(user) and not getattr(settings, "ITISA_SKIP_2FA", False)


def has_confirmed_totp(user: Any) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
