"""Deterministic synthetic alliances for the benchmark, and their conversion to OpenFisca inputs.

``generate(n, seed)`` returns ``n`` plain-Python fact records (dicts of str / int / bool / date / Decimal,
amounts in 万元) for Jiangning alliances. The mix is chosen so that every 第六条 condition and every
第十条 amount sometimes passes and sometimes fails, with many records on the edges the regulation draws
(19/20/21 members, exactly two thirds in the district, founded exactly three calendar months before the
as-of date including month-end dates, recognised exactly one year before it).

``to_openfisca_arrays(records, as_of)`` turns records into one numpy array per OpenFisca input variable
(the vectorised run); ``to_openfisca_case(record, as_of)`` gives the same for one record (one Simulation).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

#: the date the benchmark judges the register on (inside the trial period 2019-01-01 … 2021-12-31, 第十五条)
AS_OF = date(2021, 6, 30)

LEAD_KINDS = ["enterprise", "new_rd_institution", "university", "research_institute", "other"]
LEVELS = ["none", "district", "city", "province", "national"]
CUMULATIVE = {"none": 0, "district": 30, "city": 50, "province": 75, "national": 100}

Record = dict[str, Any]


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    """An amount in 万元 with two decimals (i.e. whole hundreds of yuan)."""
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def _months_before(day: date, months: int) -> date:
    month = day.year * 12 + day.month - 1 - months
    year, month0 = divmod(month, 12)
    for dd in range(day.day, 0, -1):
        try:
            return date(year, month0 + 1, dd)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _one(rng: random.Random, i: int, as_of: date) -> Record:
    # 第六条2 members: a third of the records sit on the 20-member edge
    if rng.random() < 0.3:
        members = rng.choice([18, 19, 20, 20, 21, 22])
    else:
        members = rng.randint(12, 80)
    share = rng.random()
    if share < 0.25:  # exactly on the 2/3 edge, or one below it
        local = -(-2 * members // 3) - rng.choice([0, 0, 1])
    elif share < 0.85:
        local = rng.randint(-(-2 * members // 3), members)
    else:
        local = rng.randint(0, members)
    local = max(0, min(members, local))

    # 第六条2 age: on the 3-month edge (incl. month ends that clamp) or well clear of it
    age = rng.random()
    if age < 0.2:
        founded = _months_before(as_of, 3) + timedelta(days=rng.choice([-1, 0, 0, 1, 2]))
    elif age < 0.25:
        founded = date(as_of.year, 3, 31) if as_of.month == 6 else _months_before(as_of, 3)
    elif age < 0.35:
        founded = as_of - timedelta(days=rng.randint(0, 88))
    else:
        founded = as_of - timedelta(days=rng.randint(93, 3650))

    lead_kind = rng.choices(LEAD_KINDS, weights=[60, 15, 10, 10, 5])[0]

    def flag(p_true: float = 0.96) -> bool:
        return rng.random() < p_true

    level = rng.choices(LEVELS, weights=[30, 40, 15, 10, 5])[0]
    recognised: date | None = None
    paid = Decimal(0)
    if level != "none":
        edge = rng.random()
        if edge < 0.15:
            recognised = _months_before(as_of, 12) + timedelta(days=rng.choice([-1, 0, 1]))
        else:
            recognised = as_of - timedelta(days=rng.randint(1, 900))
        recognised = max(recognised, founded)
        ladder = [CUMULATIVE[lv] for lv in LEVELS[1 : LEVELS.index(level) + 1]]
        paid = Decimal(rng.choice([0, *ladder]))

    enterprise = flag(0.6)
    return {
        "id": f"JN{i:07d}",
        "name": f"江宁区合成联盟{i:07d}",
        "region": "320115",
        "founded": founded,
        "member_count": members,
        "district_member_count": local,
        "lead_kind": lead_kind,
        "lead_in_district": flag(0.93),
        "lead_independent_legal_person": flag(0.95),
        "agreement_signed_by_all": flag(),
        "has_outward_responsible_party": flag(0.98),
        "has_internal_executive_body": flag(0.98),
        "has_rules_of_procedure": flag(0.98),
        "has_full_time_staff": flag(0.95),
        "has_funding_mechanism": flag(0.95),
        "has_development_plans": flag(0.95),
        "has_open_membership": flag(0.97),
        "has_ip_ownership_rules": flag(0.96),
        "has_benefit_distribution_rules": flag(0.96),
        "level": level,
        "recognised": recognised,
        "one_off_already_paid": paid,
        "recipient_is_enterprise": enterprise,
        "national_allocation": _money(rng, 50, 3000) if rng.random() < 0.15 else Decimal(0),
        "provincial_allocation": _money(rng, 20, 800) if rng.random() < 0.25 else Decimal(0),
        "exchange_spending": _money(rng, 0, 60) if rng.random() < 0.5 else Decimal(0),
        "operates_well": flag(0.8),
        "standards_international": rng.choice([0] * 18 + [1, 2]),
        "standards_national": rng.choice([0] * 12 + [1, 1, 2, 3]),
        "standards_industry": rng.choice([0] * 8 + [1, 2, 3, 4]),
    }


def generate(n: int, seed: int = 20190101, as_of: date = AS_OF) -> list[Record]:
    """``n`` fact records, the same for the same ``(n, seed, as_of)``; record ``i`` does not depend on ``n``."""
    rng = random.Random(seed)
    return [_one(rng, i, as_of) for i in range(n)]


# ---- OpenFisca inputs ---------------------------------------------------------------------------------
_BOOLS = [
    "lead_in_district", "lead_independent_legal_person", "agreement_signed_by_all",
    "has_outward_responsible_party", "has_internal_executive_body", "has_rules_of_procedure",
    "has_full_time_staff", "has_funding_mechanism", "has_development_plans", "has_open_membership",
    "has_ip_ownership_rules", "has_benefit_distribution_rules", "recipient_is_enterprise", "operates_well",
]
_INTS = [
    "member_count", "district_member_count", "standards_international", "standards_national",
    "standards_industry",
]
_MONEY = ["one_off_already_paid", "national_allocation", "provincial_allocation", "exchange_spending"]
_EPOCH = date(1970, 1, 1)


def to_openfisca_arrays(records: Sequence[Record], as_of: date = AS_OF) -> dict[str, Any]:
    """One numpy array per OpenFisca input variable (dates as ``datetime64[D]`` day numbers, money float32)."""
    import numpy

    from bench.openfisca_jiangning import LeadKind, Level

    n = len(records)
    out: dict[str, Any] = {}
    out["as_of_date"] = numpy.full(n, numpy.datetime64(as_of, "D"))
    out["founded_date"] = numpy.array([(r["founded"] - _EPOCH).days for r in records], dtype="int64").astype(
        "datetime64[D]"
    )
    out["recognised_date"] = numpy.array(
        [((r["recognised"] or _EPOCH) - _EPOCH).days for r in records], dtype="int64"
    ).astype("datetime64[D]")
    for name in _BOOLS:
        out[name] = numpy.fromiter((r[name] for r in records), dtype=bool, count=n)
    for name in _INTS:
        out[name] = numpy.fromiter((r[name] for r in records), dtype=numpy.int32, count=n)
    for name in _MONEY:
        out[name] = numpy.fromiter((float(r[name]) for r in records), dtype=numpy.float32, count=n)
    lead_index = {k: LeadKind[k].index for k in LEAD_KINDS}
    level_index = {k: Level[k].index for k in LEVELS}
    out["lead_kind"] = LeadKind.encode(
        numpy.fromiter((lead_index[r["lead_kind"]] for r in records), dtype=numpy.int16, count=n)
    )
    out["level"] = Level.encode(
        numpy.fromiter((level_index[r["level"]] for r in records), dtype=numpy.int16, count=n)
    )
    return out


def to_openfisca_case(record: Record, as_of: date = AS_OF) -> dict[str, Any]:
    """The inputs of one record, as length-1 arrays (what one Simulation per alliance is fed)."""
    return to_openfisca_arrays([record], as_of)


def summary(records: Iterable[Record]) -> dict[str, int]:
    """How many records fall on each side of the obvious edges (a sanity print for the bench)."""
    out = {"records": 0, "members>=20": 0, "recognised": 0}
    for r in records:
        out["records"] += 1
        out["members>=20"] += r["member_count"] >= 20
        out["recognised"] += r["level"] != "none"
    return out
