"""Shared pieces of the supervision services: today's date in Asia/Shanghai, row locks, digests."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.register.models import Alliance, AllianceStatus

SUPERVISED = (AllianceStatus.RECOGNISED, AllianceStatus.WARNED, AllianceStatus.SUPPORT_SUSPENDED)


def today() -> date:
    """Today in the project's time zone (Asia/Shanghai): a filing at 00:30 Beijing time is that day's."""
    return timezone.localdate()


def user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def digest(data: Any) -> str:
    body = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def lock(alliance: Alliance) -> Alliance:
    return Alliance.objects.select_for_update().select_related("jurisdiction", "region").get(pk=alliance.pk)


def require_supervised(alliance: Alliance) -> None:
    if alliance.status not in SUPERVISED:
        raise ValidationError(
            _("%(alliance)s is %(status)s: it is not under supervision."), code="not_supervised",
            params={"alliance": alliance.name, "status": AllianceStatus(alliance.status).label})


def attach(*, actor: Any, alliance: Alliance, kind: str, attachment: Any, reason: str) -> Any:
    """Store an uploaded file (anything with ``name``, ``size`` and a readable stream) through the
    documents service; None when there is nothing to attach."""
    if attachment is None:
        return None
    from itisa.documents.services import document_upload

    stream = getattr(attachment, "file", attachment)
    return document_upload(actor=actor, kind=kind, name=attachment.name, stream=stream, size=attachment.size,
                           alliance=alliance, reason=reason)
