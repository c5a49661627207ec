"""Which pack governs a jurisdiction's cases on a date, asked of the engine (never a date typed here)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from itisa.register.models import Jurisdiction
from policy.api import Pack, governing_pack
from policy.api import packs_of as pack_family


def packs_of(jurisdiction: Jurisdiction) -> list[Pack]:
    return pack_family(jurisdiction.policy_pack) if jurisdiction.policy_pack else []


def pack_in_force(jurisdiction: Jurisdiction, on: date) -> Pack:
    """The jurisdiction's text in force on *on*, or a ValidationError quoting why none is
    (a lapsed text names the article that ends it)."""
    g = governing_pack(jurisdiction.policy_pack or "", on)
    if g.status == "no_pack":
        raise ValidationError(_("%(bureau)s has no regulation in this system."), code="no_pack",
                              params={"bureau": jurisdiction.name})
    if g.pack is not None:
        return g.pack
    latest = g.text
    assert latest is not None
    article = latest.citation.article if latest.citation else ""
    raise ValidationError(_("No regulation of %(bureau)s is in force on %(day)s: %(why)s (%(article)s)"),
                          code="not_in_force",
                          params={"bureau": jurisdiction.name, "day": on.isoformat(), "why": latest.zh,
                                  "article": article})
