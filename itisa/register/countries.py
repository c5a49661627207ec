"""ISO 3166-1 countries with names in the reader's language (pycountry's data and translations)."""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry
from django.utils.translation import get_language


@lru_cache(maxsize=4)
def _translation(lang: str) -> gettext.NullTranslations:
    if lang.startswith("zh"):
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)
    return gettext.NullTranslations()


def _lang() -> str:
    return (get_language() or "zh-hans").lower()


def country_name(alpha_2: str) -> str:
    country = pycountry.countries.get(alpha_2=alpha_2.upper()) if alpha_2 else None
    if country is None:
        return alpha_2
    return _translation(_lang()).gettext(country.name)


def is_country(alpha_2: str) -> bool:
    return len(alpha_2) == 2 and pycountry.countries.get(alpha_2=alpha_2.upper()) is not None


def country_choices() -> list[tuple[str, str]]:
    """(alpha-2, name) sorted by name in the reader's language."""
    tr = _translation(_lang())
    return sorted(((c.alpha_2, tr.gettext(c.name)) for c in pycountry.countries), key=lambda c: c[1])
