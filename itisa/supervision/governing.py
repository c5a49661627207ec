"""Which of the alliance's jurisdiction's texts governs on a date, as the engine says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from itisa.register.models import Alliance
from policy.api import Pack, governing_pack


@dataclass(frozen=True)
class Governing:
    """The pack in force (or None) and, when none is, the engine's reason with its article."""

    pack: Pack | None
    status: str  # in_force | lapsed | not_yet_in_force | no_pack
    zh: str
    en: str
    article: str


def governing(alliance: Alliance, on: date) -> Governing:
    g = governing_pack(alliance.jurisdiction.policy_pack or "", on)
    if g.text is None:
        return Governing(None, "no_pack", f"{alliance.jurisdiction.name}无适用办法",
                         f"{alliance.jurisdiction.name} has no regulation in this system", "")
    # When none governs, the latest text explains why (lapsed with its article, or not yet in force).
    ts = g.text
    return Governing(g.pack, g.status, ts.zh, ts.en, ts.citation.article if ts.citation else "")


def pack_for(alliance: Alliance, on: date) -> Pack:
    """The pack in force on *on*, or a ValidationError that says why none is, citing the article."""
    g = governing(alliance, on)
    if g.pack is None:
        raise ValidationError(
            _("No regulation governs %(alliance)s on %(day)s: %(why)s %(article)s"), code="not_in_force",
            params={"alliance": alliance.name, "day": on.isoformat(), "why": g.zh, "article": g.article})
    return g.pack
