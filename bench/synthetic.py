"""Deterministic synthetic alliances for the benchmark, and their conversion to OpenFisca inputs.

``generate(n, seed)`` returns ``n`` plain-Python fact records for Jiangning alliances: dicts of str / int /
bool / date / Decimal (amounts in 万元), with the members as a list of tuples (see ``MEMBER_FIELDS``) and
the register's history as small lists (levels, payments, projects, exchange activities, standards,
grades). The mix is chosen so that every 第六条 condition and every 第十条 amount sometimes holds and
sometimes fails, with many records on the edges the regulation draws: 18–22 members, exactly two thirds
(or one fewer) in the district, founded exactly three calendar months before the as-of date including
month ends that clamp, recognised exactly a year before it.

Both sides read the same records: ``to_openfisca_arrays`` aggregates them to one numpy array per OpenFisca
input variable (the vectorised run; ``to_openfisca_case`` for one Simulation per alliance), and
``bench/engine_adapter.py`` turns them into the engine's ``policy.types.Facts``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

#: the date the benchmark judges the register on (inside the trial period 2019-01-01 … 2021-12-31, 第十五条)
AS_OF = date(2021, 6, 30)
DISTRICT = "320115"  # 南京市江宁区 (GB/T 2260)
ELSEWHERE = ["320102", "320104", "320106", "320111", "310115", "110108"]

LEAD_KINDS = ["enterprise", "new_rnd_institution", "university", "research_institute", "other"]
OTHER_KINDS = [
    "enterprise", "university", "research_institute", "new_rnd_institution", "intermediary", "association",
    "bank", "investor", "vocational_college", "other",
]
OTHER_WEIGHTS = [55, 12, 10, 5, 5, 4, 3, 3, 2, 1]
LEVELS = ["district", "municipal", "provincial", "national"]  # the engine's names, lowest first
CUMULATIVE = {"district": 30, "municipal": 50, "provincial": 75, "national": 100}  # 第十条1, for paid history
FLAGS_63 = [
    "agreement_signed_by_all", "outward_responsible_party", "executive_body", "rules_of_procedure",
    "full_time_staff", "funding_mechanism",
]
FLAGS_64 = ["plan_short_mid_term", "plan_long_term"]
FLAGS_65 = ["open_membership", "ip_rules", "benefit_sharing_rules"]
FLAGS = FLAGS_63 + FLAGS_64 + FLAGS_65

#: a member is a tuple in this order
MEMBER_FIELDS = ("org_id", "kind", "region", "legal_person", "role")

Record = dict[str, Any]


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    """An amount in 万元 with two decimals (i.e. whole hundreds of yuan)."""
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def months_before(day: date, months: int) -> date:
    """``day`` minus calendar months, clamped to the month's last day."""
    month = day.year * 12 + day.month - 1 - months
    year, month0 = divmod(month, 12)
    for dd in range(day.day, 0, -1):
        try:
            return date(year, month0 + 1, dd)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _one(rng: random.Random, i: int, as_of: date) -> Record:
    aid = f"JN{i:07d}"
    if rng.random() < 0.3:  # a third of the records on the 20-member edge
        n_members = rng.choice([18, 19, 20, 20, 21, 22])
    else:
        n_members = rng.randint(12, 60)
    lead_in_district = rng.random() < 0.93
    share = rng.random()
    two_thirds = -(-2 * n_members // 3)
    if share < 0.25:  # exactly on the 2/3 edge, or one below it
        local = two_thirds - rng.choice([0, 0, 1])
    elif share < 0.85:
        local = rng.randint(two_thirds, n_members)
    else:
        local = rng.randint(0, n_members)
    local = max(1 if lead_in_district else 0, min(n_members if lead_in_district else n_members - 1, local))

    lead_kind = rng.choices(LEAD_KINDS, weights=[60, 15, 10, 10, 5])[0]
    no_enterprise = lead_kind != "enterprise" and rng.random() < 0.05
    non_legal = rng.random() < 0.03  # one member without legal personality (第六条1)
    members: list[tuple[str, str, str, bool, str]] = [
        (f"{aid}-00", lead_kind, DISTRICT if lead_in_district else rng.choice(ELSEWHERE), rng.random() < 0.95, "lead")
    ]
    locals_left = local - (1 if lead_in_district else 0)
    for k in range(1, n_members):
        kind = rng.choices(OTHER_KINDS, weights=OTHER_WEIGHTS)[0]
        if no_enterprise and kind == "enterprise":
            kind = "university"
        is_local = locals_left > 0
        locals_left -= is_local
        members.append(
            (f"{aid}-{k:02d}", kind, DISTRICT if is_local else rng.choice(ELSEWHERE), not (non_legal and k == 1), "member")
        )

    age = rng.random()
    if age < 0.2:  # on the 3-month edge
        founded = months_before(as_of, 3) + timedelta(days=rng.choice([-1, 0, 0, 1, 2]))
    elif age < 0.25:  # a month end that clamps: 03-31 + 3 months = 06-30
        founded = date(as_of.year, 3, 31) if as_of.month == 6 else months_before(as_of, 3)
    elif age < 0.35:
        founded = as_of - timedelta(days=rng.randint(0, 88))
    else:
        founded = as_of - timedelta(days=rng.randint(93, 3650))

    flags = [f for f in FLAGS if rng.random() < 0.975]

    # recognition history (levels), what was already paid under 第十条1, the year's claims
    level = rng.choices(["none", *LEVELS], weights=[30, 40, 15, 10, 5])[0]
    levels: list[tuple[str, date]] = []
    payments: list[tuple[str, Decimal, date]] = []
    projects: list[tuple[str, str, Decimal, date]] = []
    exchanges: list[tuple[Decimal, bool, bool, date]] = []
    standards: list[tuple[str, date]] = []
    grades: list[tuple[int, str]] = []
    if level != "none":
        if rng.random() < 0.15:
            recognised = months_before(as_of, 12) + timedelta(days=rng.choice([-1, 0, 1]))
        else:
            recognised = as_of - timedelta(days=rng.randint(1, 900))
        recognised = max(recognised, founded, date(2019, 1, 1))
        levels.append(("district", recognised))
        if level != "district":
            upgraded = recognised + timedelta(days=rng.randint(0, max(0, (as_of - recognised).days)))
            levels.append((level, upgraded))
        ladder = [CUMULATIVE[lv] for lv in LEVELS[: LEVELS.index(level) + 1]]
        paid = rng.choice([0, *ladder])
        if paid:
            payments.append(("第十条1", Decimal(paid), recognised))
    # 第十条 pays recognised alliances only ("经过区科技局认定的…联盟及其成员单位可享受"): a quarter of the
    # unrecognised ones still carry claims, to show whether a rule forgets that
    if level != "none" or rng.random() < 0.25:
        # 第十条3 projects, paid to one member: an enterprise with legal personality, or not
        enterprises = [m[0] for m in members if m[1] == "enterprise" and m[3]]
        others = [m[0] for m in members if m[1] != "enterprise"]
        payee = None
        if enterprises and (rng.random() < 0.7 or not others):
            payee = rng.choice(enterprises)
        elif others:
            payee = rng.choice(others)
        if payee is not None:
            if rng.random() < 0.15:
                projects.append(("national_major_project", payee, _money(rng, 50, 3000), date(as_of.year, 3, 1)))
            if rng.random() < 0.25:
                projects.append(("provincial_key_rd_project", payee, _money(rng, 20, 800), date(as_of.year, 4, 1)))
        if rng.random() < 0.5:  # 第十条6: one exchange activity this year
            exchanges.append((_money(rng, 0, 60), rng.random() < 0.9, rng.random() < 0.9, date(as_of.year, 5, 1)))
        for std_level, weights in (("international", [18, 1, 1]), ("national", [12, 3, 1]), ("industry", [8, 2, 2])):
            for _ in range(rng.choices([0, 1, 2], weights=weights)[0]):
                standards.append((std_level, date(as_of.year, 2, 1)))
    if level != "none":
        # 第十条10 / 第十二条 grades: last year's (sometimes missing) and this year's (always there)
        g = rng.random()
        if g < 0.7:
            grades.append((as_of.year - 1, "good"))
        elif g < 0.9:
            grades.append((as_of.year - 1, "poor"))
        grades.append((as_of.year, "good" if rng.random() < 0.75 else "poor"))
    return {
        "id": aid,
        "name": f"江宁区合成联盟{i:07d}",
        "region": DISTRICT,
        "founded": founded,
        "lead": members[0][0],
        "members": members,
        "flags": flags,
        "levels": levels,
        "payments": payments,
        "projects": projects,
        "exchanges": exchanges,
        "standards": standards,
        "grades": grades,
    }


def generate(n: int, seed: int = 20190101, as_of: date = AS_OF) -> list[Record]:
    """``n`` fact records, the same for the same ``(n, seed, as_of)``; record ``i`` does not depend on ``n``."""
    rng = random.Random(seed)
    return [_one(rng, i, as_of) for i in range(n)]


# ---- OpenFisca inputs ---------------------------------------------------------------------------------
_EPOCH = date(1970, 1, 1)
_LEVEL_RANK = {lv: i + 1 for i, lv in enumerate(LEVELS)}
_FLAG_INPUT = {
    "agreement_signed_by_all": "agreement_signed_by_all",
    "outward_responsible_party": "has_outward_responsible_party",
    "executive_body": "has_internal_executive_body",
    "rules_of_procedure": "has_rules_of_procedure",
    "full_time_staff": "has_full_time_staff",
    "funding_mechanism": "has_funding_mechanism",
    "plan_short_mid_term": "has_plan_short_mid_term",
    "plan_long_term": "has_plan_long_term",
    "open_membership": "has_open_membership",
    "ip_rules": "has_ip_ownership_rules",
    "benefit_sharing_rules": "has_benefit_distribution_rules",
}


def aggregate(record: Record, as_of: date = AS_OF) -> dict[str, Any]:
    """The record reduced to the per-alliance counts, flags, dates and amounts OpenFisca takes."""
    members = record["members"]
    lead = next(m for m in members if m[0] == record["lead"])
    by_id = {m[0]: m for m in members}
    out: dict[str, Any] = {
        "founded_date": (record["founded"] - _EPOCH).days,
        "member_count": len(members),
        "legal_person_member_count": sum(1 for m in members if m[3]),
        "enterprise_member_count": sum(1 for m in members if m[1] == "enterprise"),
        "district_member_count": sum(1 for m in members if m[2] == DISTRICT),
        "district_legal_person_member_count": sum(1 for m in members if m[2] == DISTRICT and m[3]),
        "lead_kind": lead[1] if lead[1] in LEAD_KINDS else "other",
        "lead_in_district": lead[2] == DISTRICT,
        "lead_independent_legal_person": lead[3],
    }
    flags = set(record["flags"])
    for flag, name in _FLAG_INPUT.items():
        out[name] = flag in flags
    levels = record["levels"]
    out["level"] = max((lv for lv, since in levels if since <= as_of), key=_LEVEL_RANK.__getitem__, default="none")
    district = [since for lv, since in levels if lv == "district"]
    out["recognised_date"] = ((min(district) if district else _EPOCH) - _EPOCH).days
    out["one_off_already_paid"] = sum((a for art, a, _ in record["payments"] if art == "第十条1"), Decimal(0))
    payees = {p for _, p, _, _ in record["projects"]}
    payee = by_id[next(iter(payees))] if payees else None
    out["recipient_is_enterprise"] = bool(payee and payee[1] == "enterprise" and payee[3])
    out["national_allocation"] = sum(
        (b for k, _, b, _ in record["projects"] if k == "national_major_project"), Decimal(0)
    )
    out["provincial_allocation"] = sum(
        (b for k, _, b, _ in record["projects"] if k == "provincial_key_rd_project"), Decimal(0)
    )
    ex = record["exchanges"]
    out["exchange_spending"] = ex[0][0] if ex else Decimal(0)
    out["exchange_filed"] = bool(ex and ex[0][1])
    out["exchange_led_by_alliance"] = bool(ex and ex[0][2])
    grades = dict(record["grades"])
    out["operates_well"] = grades.get(as_of.year) == "good"
    out["graded_poor_this_year"] = grades.get(as_of.year) == "poor"
    out["graded_poor_last_year"] = grades.get(as_of.year - 1) == "poor"
    for std_level in ("international", "national", "industry"):
        out[f"standards_{std_level}"] = sum(1 for lv, _ in record["standards"] if lv == std_level)
    return out


_INTS = [
    "member_count", "legal_person_member_count", "enterprise_member_count", "district_member_count",
    "district_legal_person_member_count", "standards_international", "standards_national", "standards_industry",
]
_BOOLS = [
    "lead_in_district", "lead_independent_legal_person", *_FLAG_INPUT.values(), "recipient_is_enterprise",
    "exchange_filed", "exchange_led_by_alliance", "operates_well", "graded_poor_this_year", "graded_poor_last_year",
]
_MONEY = ["one_off_already_paid", "national_allocation", "provincial_allocation", "exchange_spending"]


def to_openfisca_arrays(records: Sequence[Record], as_of: date = AS_OF) -> dict[str, Any]:
    """One numpy array per OpenFisca input variable (dates as ``datetime64[D]`` day numbers, money float32)."""
    import numpy

    from bench.openfisca_jiangning import LeadKind, Level

    rows = [aggregate(r, as_of) for r in records]
    n = len(rows)
    out: dict[str, Any] = {"as_of_date": numpy.full(n, numpy.datetime64(as_of, "D"))}
    for name in ("founded_date", "recognised_date"):
        out[name] = numpy.fromiter((r[name] for r in rows), dtype=numpy.int64, count=n).astype("datetime64[D]")
    for name in _INTS:
        out[name] = numpy.fromiter((r[name] for r in rows), dtype=numpy.int32, count=n)
    for name in _BOOLS:
        out[name] = numpy.fromiter((r[name] for r in rows), dtype=bool, count=n)
    for name in _MONEY:
        out[name] = numpy.fromiter((float(r[name]) for r in rows), dtype=numpy.float32, count=n)
    lead_index = {k: LeadKind[k].index for k in LEAD_KINDS}
    level_index = {k: Level[k].index for k in ["none", *LEVELS]}
    out["lead_kind"] = LeadKind.encode(numpy.fromiter((lead_index[r["lead_kind"]] for r in rows), numpy.int16, n))
    out["level"] = Level.encode(numpy.fromiter((level_index[r["level"]] for r in rows), numpy.int16, n))
    return out


def to_openfisca_case(record: Record, as_of: date = AS_OF) -> dict[str, Any]:
    """The inputs of one record, as length-1 arrays (what one Simulation per alliance is fed)."""
    return to_openfisca_arrays([record], as_of)


def summary(records: Iterable[Record]) -> dict[str, int]:
    """A few counts, to show the mix."""
    out = {"records": 0, "members": 0, "members>=20": 0, "recognised": 0}
    for r in records:
        out["records"] += 1
        out["members"] += len(r["members"])
        out["members>=20"] += len(r["members"]) >= 20
        out["recognised"] += bool(r["levels"])
    return out
