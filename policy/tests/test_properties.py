"""Properties (hypothesis): caps hold, top-ups never exceed the ceiling, nothing is paid twice, order is irrelevant."""

import datetime as dt
import random
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from policy import check_eligibility, entitlements

from .factories import JN, jiangning, luoyang, members

JP, LP = "320115-jiangning/2019", "410300-luoyang/2018"
money = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
CEIL = {"district": D(30), "municipal": D(50), "provincial": D(75), "national": D(100)}
JUR = {"district": JN, "municipal": "320100", "provincial": "320000", "national": "100000"}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["platform_construction", "platform_operating", "platform_service_income"]),
                          money, st.sampled_from(["P1", "P2"])), min_size=1, max_size=6))
def test_no_amount_exceeds_its_cap_and_caps_are_cumulative_per_matter(claims):
    caps = {"platform_construction": D(1000), "platform_operating": D(500), "platform_service_income": D(100)}
    evs = [{"id": f"E{i}", "kind": k, "date": "2019-05-01", "base": str(b), "matter": f"{k}:{p}",
            "flags": ["platform_recognised", "major_contribution"]} for i, (k, b, p) in enumerate(claims)]
    r = entitlements(LP, luoyang(events=evs), dt.date(2019, 6, 1))
    totals: dict[str, D] = {}
    for e in r.entitlements:
        kind = e.matter.split(":")[0]
        assert D(0) <= e.amount <= caps[kind]
        totals[e.matter] = totals.get(e.matter, D(0)) + e.amount
    for matter, total in totals.items():
        assert total <= caps[matter.split(":")[0]]


@settings(max_examples=40, deadline=None)
@given(st.lists(money, min_size=1, max_size=5))
def test_multi_year_subsidy_never_exceeds_100_a_year_nor_three_years(bases):
    evs = [{"id": f"S{i}", "kind": "entity_sales", "year": 2018 + i, "date": f"{2018 + i}-06-30", "base": str(b),
            "matter": f"sub:{2018 + i}"} for i, b in enumerate(bases[:3])]
    r = entitlements(LP, luoyang(flags=["key_supported", "legal_entity_registered"], events=evs), dt.date(2020, 12, 31))
    assert all(e.amount <= 100 for e in r.entitlements if e.rule == "entity_operating_subsidy")
    assert len([e for e in r.entitlements if e.rule == "entity_operating_subsidy"]) <= 3


@settings(max_examples=80, deadline=None)
@given(st.permutations(["district", "municipal", "provincial", "national"]), st.integers(1, 4),
       st.lists(st.integers(0, 400), min_size=4, max_size=4))
def test_cumulative_top_ups_never_exceed_the_cumulative_ceiling_whatever_the_order(order, n, gaps):
    """Pay whatever is due after each upgrade (in any order, with skips): the total paid is the highest
    level's cumulative ceiling, never more, and nothing is paid twice."""
    chosen = ["district", *[lvl for lvl in order if lvl != "district"][:n - 1]]
    random.Random(sum(gaps)).shuffle(chosen)
    day = dt.date(2019, 1, 10)
    levels, payments = [], []
    for i, lvl in enumerate(chosen):
        day = day + dt.timedelta(days=gaps[i] // 4 + 1)
        levels.append({"level": lvl, "since": day.isoformat(), "jurisdiction": JUR[lvl]})
        f = jiangning(levels=levels, payments=payments)
        r = entitlements(JP, f, day)
        for e in [e for e in r.entitlements if e.rule == "recognition_award" and e.amount]:
            payments.append({"article": "第十条1", "amount": str(e.amount), "date": day.isoformat(),
                             "matter": e.matter, "rule": f"{JP}#recognition_award"})
    paid = sum(D(p["amount"]) for p in payments)
    reached = [lvl for lvl in chosen]
    has_district = True  # district is always among the chosen levels
    expected = max(CEIL[lvl] for lvl in reached) if has_district else D(0)
    # district recognition may come after an upgrade: before it nothing is due (the rule needs recognition)
    assert paid <= D(100)
    assert paid == expected
    again = entitlements(JP, jiangning(levels=levels, payments=payments), day + dt.timedelta(days=1))
    assert all(not e.amount for e in again.entitlements if e.rule == "recognition_award")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["international", "national", "industry"]), st.integers(0, 3)),
                min_size=1, max_size=6))
def test_the_same_matter_is_never_paid_twice(items):
    ach = [{"id": f"S{j}", "kind": "standard", "level": lvl, "date": "2020-01-01", "matter": f"std:{j}"}
           for lvl, j in items]
    f = jiangning(achievements=ach)
    r = entitlements(JP, f, dt.date(2020, 6, 1))
    matters = [e.matter for e in r.entitlements if e.amount]
    assert len(matters) == len(set(matters))
    pays = [{"article": e.citation.article, "amount": str(e.amount), "date": "2020-06-01", "matter": e.matter,
             "rule": f"{JP}#{e.rule}"} for e in r.entitlements if e.amount]
    r2 = entitlements(JP, jiangning(achievements=ach, payments=pays), dt.date(2020, 6, 2))
    assert not [e for e in r2.entitlements if e.amount]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 12), money), min_size=1, max_size=8))
def test_yearly_cap_of_exchange_activities_holds(claims):
    evs = [{"id": f"X{i}", "kind": "exchange_activity", "date": f"2020-{m:02d}-01", "base": str(b), "decided": str(b),
            "flags": ["filed", "led_by_alliance"]} for i, (m, b) in enumerate(claims)]
    r = entitlements(JP, jiangning(events=evs), dt.date(2020, 12, 31))
    assert sum(e.amount for e in r.entitlements if e.rule == "exchange_subsidy") <= 30


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32), st.integers(15, 25), st.integers(8, 25))
def test_results_do_not_depend_on_member_order(seed, n, local):
    ms = members(n, min(local, n), JN)
    shuffled = list(ms)
    random.Random(seed).shuffle(shuffled)
    a = check_eligibility(JP, jiangning(members=ms, lead="O000"), dt.date(2020, 1, 1)).to_dict()
    b = check_eligibility(JP, jiangning(members=shuffled, lead="O000"), dt.date(2020, 1, 1)).to_dict()
    assert a == b
    lv = [{"level": "national", "since": "2019-05-01", "jurisdiction": "100000"}]
    ea = entitlements(JP, jiangning(members=ms, lead="O000", levels=lv), dt.date(2020, 1, 1)).to_dict()
    eb = entitlements(JP, jiangning(members=shuffled, lead="O000", levels=lv), dt.date(2020, 1, 1)).to_dict()
    assert ea == eb
