"""Who is told, and how: e-mails through Django's mail API, rendered from templates, in Chinese first."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from itisa.accounts.models import Role, RoleAssignment
from itisa.register.models import Alliance

log = logging.getLogger(__name__)

#: the pack's duty actor → the role whose people act on it
ACTOR_ROLES = {"lead_unit": Role.LEAD_UNIT, "bureau": Role.BUREAU_STAFF, "finance": Role.FINANCE}


def people(alliance: Alliance, role: str) -> list[Any]:
    """Active users with an e-mail address holding *role* for the alliance: its lead-unit office, or the
    staff (bureau, finance) of its own jurisdiction."""
    qs = RoleAssignment.objects.filter(role=role, active=True, user__is_active=True).exclude(user__email="")
    if role == Role.LEAD_UNIT:
        qs = qs.filter(alliance=alliance)
    else:
        qs = qs.filter(jurisdiction_id=alliance.jurisdiction_id)
    seen: dict[int, Any] = {}
    for a in qs.select_related("user").order_by("user_id"):
        seen.setdefault(a.user_id, a.user)
    return list(seen.values())


def render(template: str, context: dict[str, Any]) -> tuple[str, str]:
    """(subject, body) of ``supervision/email/<template>_subject.txt`` and ``_body.txt``."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"supervision/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"supervision/email/{template}_body.txt", context)
    return " ".join(subject.split()), body


def send(template: str, context: dict[str, Any], recipients: Iterable[Any]) -> int:
    """Send one e-mail to each recipient; returns how many went out. Call it from ``on_commit``."""
    subject, body = render(template, context)
    sent = 0
    for user in recipients:
        try:
            sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except Exception:  # one bad address must not stop the others; the caller may retry
            log.exception("supervision mail %s to %s failed", template, user.email)
    return sent
