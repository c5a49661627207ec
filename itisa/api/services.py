"""Creating and revoking API tokens: each is a write with its audit event."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.access import requires
from itisa.api.models import ApiToken
from itisa.audit.services import audit_record

KEY_PREFIX = "itisa_"
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
MAX_ACTIVE_TOKENS = 10


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@requires("api.create_token")
def api_token_create(*, actor: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for the actor; returns it with the key, which is never stored and never shown again."""
    name = (name or "").translate(_INVISIBLE).strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name that says where it is used.")})
    if len(name) > 80:
        raise ValidationError({"name": _("The name is too long (80 characters at most).")})
    with transaction.atomic():
        active = ApiToken.objects.select_for_update().filter(user=actor, revoked_at__isnull=True).count()
        if active >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                {"name": _("You already have %(n)d active tokens: revoke one first.") % {"n": MAX_ACTIVE_TOKENS}}
            )
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(user=actor, name=name, prefix=key[:12], key_hash=hash_key(key))
        audit_record(actor=actor, action="api_token.create", target=token, after={"name": name, "prefix": token.prefix})
    return token, key


@requires("api.own_token", "token")
def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens (a superuser may revoke anyone's)."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            raise ValidationError(_("This token was already revoked."))
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor, action="api_token.revoke", target=token, before={"active": True}, after={"active": False}
        )
    return token


def api_token_authenticate(key: str) -> ApiToken | None:
    """The active token with this key, or None. Marks its last use at most once a minute."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
