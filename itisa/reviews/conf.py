"""Settings of the expert review, each read with its default (docs/reviews.md lists them).

REVIEWS_MIN_SHEETS          2     sheets required before a review can pass
REVIEWS_PASS_MARK           60    the aggregated (trimmed) score must be at least this
REVIEWS_TRIM_FROM           5     from this many sheets on, the highest and lowest are dropped
REVIEWS_DISPERSION_RANGE    30    flag when max − min exceeds this
REVIEWS_DISPERSION_STDEV    15    flag when the population standard deviation exceeds this
REVIEWS_BY_FIELD_PACKS      None (the pack's review.by)  pack folders whose review is organised by field
                                  (渭科发〔2015〕62号 13 “按所属领域组织专家进行论证”): the required sheets
                                  must come from experts of the alliance's industry field
REVIEWS_CONFLICT_YEARS      3     membership within this many years before the day is a conflict
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

from policy.api import review_by


def min_sheets() -> int:
    return int(getattr(settings, "REVIEWS_MIN_SHEETS", 2))


def pass_mark() -> Decimal:
    return Decimal(str(getattr(settings, "REVIEWS_PASS_MARK", "60")))


def trim_from() -> int:
    return int(getattr(settings, "REVIEWS_TRIM_FROM", 5))


def dispersion_range() -> Decimal:
    return Decimal(str(getattr(settings, "REVIEWS_DISPERSION_RANGE", "30")))


def dispersion_stdev() -> Decimal:
    return Decimal(str(getattr(settings, "REVIEWS_DISPERSION_STDEV", "15")))


def by_field(pack_id: str) -> bool:
    """Whether the text organises its review by the alliance's field (the pack's ``review.by``, e.g. Weinan 13
    按所属领域组织专家进行论证); ``settings.REVIEWS_BY_FIELD_PACKS`` (pack folders), when set, overrides."""
    folders = getattr(settings, "REVIEWS_BY_FIELD_PACKS", None)
    if folders is not None:
        return pack_id.split("/")[0] in folders
    return review_by(pack_id) == "field"
