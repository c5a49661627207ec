"""Which pack governs a jurisdiction's cases on a date, asked of the engine (never a date typed here)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from itisa.register.models import Jurisdiction
from policy.engine import text_status
from policy.loader import Pack, all_packs


def packs_of(jurisdiction: Jurisdiction) -> list[Pack]:
    folder = jurisdiction.policy_pack
    return sorted((p for p in all_packs().values() if p.id.split("/")[0] == folder), key=lambda p: p.id)


def pack_in_force(jurisdiction: Jurisdiction, on: date) -> Pack:
    """The jurisdiction's text in force on *on*, or a ValidationError quoting why none is
    (a lapsed text names the article that ends it)."""
    candidates = packs_of(jurisdiction)
    if not candidates:
        raise ValidationError(_("%(bureau)s has no regulation in this system."), code="no_pack",
                              params={"bureau": jurisdiction.name})
    statuses = [text_status(p, on) for p in candidates]
    for pack, status in zip(candidates, statuses, strict=True):
        if status.status == "in_force":
            return pack
    latest = statuses[-1]
    article = latest.citation.article if latest.citation else ""
    raise ValidationError(_("No regulation of %(bureau)s is in force on %(day)s: %(why)s (%(article)s)"),
                          code="not_in_force",
                          params={"bureau": jurisdiction.name, "day": on.isoformat(), "why": latest.zh,
                                  "article": article})
