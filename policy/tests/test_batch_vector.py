"""The vectorised register path gives exactly the scalar path's results, for every pack, with and without
overrides, on dates in and out of force — through ``run_register`` (prepare + evaluate) and through one
``prepare`` evaluated again and again with different overrides (the what-if path)."""

import datetime as dt
import random
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy.batch import evaluate, prepare, run_batch, run_register
from policy.engine import compiled
from policy.facts import facts_from_dict
from policy.loader import get_pack
from policy.rules import deadlines as dl
from policy.rules import eligibility as el
from policy.rules import evaluation
from policy.vector import Register
from policy.vector import kernels as K
from policy.vector.columns import units

from .test_batch import generate

PACKS = {"320115-jiangning/2019": ("320115", "320100"), "530100-kunming/2016": ("530102", "530100"),
         "410300-luoyang/2018": ("410302", "410300"), "610500-weinan/2015": ("610502", "610500"),
         "410000-henan/2013": ("410102", "410000")}
DATES = [dt.date(2020, 6, 30), dt.date(2021, 12, 31), dt.date(2018, 3, 1), dt.date(2022, 6, 30),
         dt.date(2016, 12, 15)]
EXTRA_FLAGS = ["funds_misused", "refused_supervision", "fraud", "key_supported", "legal_entity_registered",
               "council", "expert_committee", "funding_mechanism", "fund_rules", "results_diffusion",
               "open_membership", "part_time_staff", "ip_rules", "benefit_sharing_rules"]
EVENT_KINDS = ["national_major_project", "provincial_key_rd_project", "platform_recognised", "exchange_activity",
               "legal_entity_registered", "entity_sales", "rd_project", "platform_construction", "platform_operating",
               "platform_service_income", "re_review_passed", "major_event", "major_event_report",
               "notice_published", "construction_approved", "acceptance_application", "operating_subsidy"]


def enrich(rng: random.Random, d: dict, pack: str, irregular: float = 0.1) -> dict:
    """More of what the packs read: claims with decisions, grades, cycles, rectifications, payments, leavers."""
    local, city = PACKS[pack]
    jur = {"district": local, "municipal": city, "provincial": city[:2] + "0000", "national": ""}
    for m in d["members"]:
        if rng.random() < 0.05:
            m["left"] = f"20{rng.randint(17, 21)}-0{rng.randint(1, 9)}-01"
        if rng.random() < 0.05:
            m["joined"] = f"20{rng.randint(17, 21)}-0{rng.randint(1, 9)}-01"
        if rng.random() < 0.2:
            m["role"] = rng.choice(["core", "lead", "member"])
    if rng.random() < 0.2:
        d["lead"] = None if rng.random() < 0.5 else rng.choice(d["members"])["org_id"]
    d["flags"] = list(set(d["flags"]) | set(rng.sample(EXTRA_FLAGS, rng.randint(0, 6))))
    d["levels"] = list(d["levels"])
    for _ in range(rng.randint(0, 3)):
        lvl = rng.choice(["district", "municipal", "provincial", "national"])
        d["levels"].append({"level": lvl, "since": f"20{rng.randint(15, 21)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                            "jurisdiction": rng.choice([jur[lvl], jur[lvl], "999999"]),
                            "recommended_by": rng.choice(["city_bureau", None]),
                            **({"until": "2020-01-01"} if rng.random() < 0.1 else {})})
    evs = list(d["events"])
    for k in range(rng.randint(0, 6)):
        e = {"id": f"X{k}", "kind": rng.choice(EVENT_KINDS),
             "date": f"20{rng.randint(15, 22)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
             "flags": rng.sample(["filed", "led_by_alliance", "platform_recognised", "major_contribution"],
                                 rng.randint(0, 4))}
        if rng.random() < 0.8:
            e["year"] = int(e["date"][:4]) if rng.random() < 0.9 else rng.randint(2016, 2022)
        if rng.random() < 0.8:
            e["base"] = str(Decimal(rng.randint(0, 400000)) / 100)
        if rng.random() < 0.4:
            e["decided"] = str(Decimal(rng.randint(0, 6000)) / 100)
        if rng.random() < 0.6:
            e["payee"] = rng.choice(d["members"])["org_id"] if rng.random() < 0.9 else "NOBODY"
        evs.append(e)
    d["events"] = evs
    d["grades"] = [{"year": y, "grade": rng.choice(["good", "poor", "pass", "fail", "excellent", "优秀", "不合格"]),
                    "kind": rng.choice(["yearly", "yearly", "yearly", "cycle", "re_review"]),
                    **({"date": f"{y}-{rng.randint(1, 12):02d}-10"} if rng.random() < 0.5 else {})}
                   for y in sorted(rng.sample(range(2015, 2023), rng.randint(0, 6)))]
    d["reports"] = [{"kind": rng.choice(["annual_report", "annual_report", "cycle", "re_review", "work_plan",
                                         "self_evaluation", "yearly", "major_event_report"]),
                     "year": rng.randint(2015, 2022),
                     "filed": f"20{rng.randint(15, 22)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
                    for _ in range(rng.randint(0, 6))]
    if rng.random() < 0.2:
        d["rectifications"] = [{"ordered": f"20{rng.randint(16, 21)}-0{rng.randint(1, 9)}-01",
                                "result": rng.choice([None, "pass", "fail"])}]
    rules = [r["id"] for r in (get_pack(pack).data.get("money") or {}).get("rules") or ()]
    pays = []
    for k in range(rng.randint(0, 3)):
        p = {"id": f"P{k}", "article": rng.choice(["第十条1", "第十条6", "12", "第十五条", "x"]),
             "amount": str(Decimal(rng.randint(0, 8000)) / 100),
             "date": f"20{rng.randint(16, 22)}-0{rng.randint(1, 9)}-01"}
        if rules and rng.random() < 0.7:
            p["rule"] = f"{pack}#{rng.choice(rules)}"
        if rng.random() < 0.2:
            p["source"] = "other policy"
        if rng.random() < 0.3:
            p["year"] = rng.randint(2018, 2021)
        pays.append(p)
    d["payments"] = pays
    if rng.random() < irregular:  # facts outside the kernels: explicit matters, finer-than-yuan amounts
        tgt = rng.choice(["event", "payment", "ach", "fine"])
        if tgt == "event" and d["events"]:
            d["events"][0]["matter"] = "shared"
        elif tgt == "payment" and d["payments"]:
            d["payments"][0]["matter"] = "shared"
        elif tgt == "ach" and d["achievements"]:
            d["achievements"][0]["matter"] = "shared"
        elif d["events"]:
            d["events"][0]["base"] = "12.345678"
    return d


def overrides_for(pack: str, rng: random.Random) -> dict:
    """Every parameter with a value nudged: counts +1, amounts ×1.5 (+0.01), fractions replaced."""
    p = get_pack(pack)
    out = {}
    for name, param in p.parameters.items():
        v = param.values[-1].value
        if v is None or rng.random() < 0.3:
            continue
        if isinstance(v, Decimal):
            out[f"{p.key}.{name}"] = str(v * Decimal("1.5") + Decimal("0.01"))
        elif isinstance(v, Fraction):
            out[f"{p.key}.{name}"] = rng.choice(["1/2", "3/5", "2/3", "7/10"])
        elif isinstance(v, int):
            out[f"{p.key}.{name}"] = max(1, v + rng.choice([-1, 1]))
    return out


def alliances(pack: str, n: int, seed: int) -> list:
    rng = random.Random(seed)
    local, city = PACKS[pack]
    return [facts_from_dict(enrich(rng, generate(rng, i, local, city), pack)) for i in range(n)]


def assert_same(pack: str, facts: list, on: dt.date, overrides: dict | None = None, year: int | None = None,
                prepared=None) -> None:
    """``prepared``: evaluate this prepared register (of ``facts``, ``on``, ``year``) instead of ``run_register``."""
    if prepared is None:
        res = run_register(pack, Register(facts), on, overrides, year)
    else:
        assert prepared.on == on and prepared.year == year and prepared.reg.facts == facts
        res = evaluate(prepared, overrides)
    rows = res.rows()
    scalar = run_batch(pack, facts, on, overrides, year, vector=False)
    assert len(rows) == len(scalar)
    cp = compiled(pack, overrides)
    for i, (f, a, b) in enumerate(zip(facts, rows, scalar, strict=True)):
        assert a == b, (f.id, a, b)
        full = cp.eligibility(f, on)
        assert res.failed(i) == [c.id for c in full.conditions if c.status == "fail"], f.id
        assert [K.COND_STATUSES[s] for s in res.conditions[i]] == [c.status for c in full.conditions], f.id
        en = cp.entitlements(f, on, year=year)
        for rid, acc in res.rules.items():
            es = [e for e in en.entitlements if e.rule == rid]
            assert acc.due[i] == sum(units(e.amount) or 0 for e in es if e.status == "due"), (f.id, rid)
            assert acc.n_decision[i] == sum(1 for e in es if e.status == "decision"), (f.id, rid)
            assert acc.lo[i] == sum(units(e.range[0]) or 0 for e in es if e.range and e.range[0] is not None), \
                (f.id, rid)
            assert acc.hi[i] == sum(units(e.range[1]) or 0 for e in es if e.range and e.range[1] is not None), \
                (f.id, rid)
        assert bool(res.withdrawn[i]) == any(r.code == "support_withdrawn" for r in en.refusals), f.id
        de = cp.deadlines(f, on)
        counts = [sum(1 for d in de.deadlines if d.status == s) for s in K.DL_STATUSES]
        assert res.deadline_counts[i].tolist() == counts, f.id
        assert ("ok", "nothing_due", "not_in_force")[res.deadline_status[i]] == de.status, f.id


@pytest.mark.parametrize("pack", sorted(PACKS))
def test_vector_equals_scalar_on_generated_alliances(pack):
    facts = alliances(pack, 300, sum(map(ord, pack)))
    for on in DATES[:3]:
        assert_same(pack, facts, on)


@pytest.mark.parametrize("pack", sorted(PACKS))
def test_vector_equals_scalar_with_overrides_and_out_of_force(pack):
    facts = alliances(pack, 200, 7 + sum(map(ord, pack)))
    rng = random.Random(3)
    for on in DATES:
        assert_same(pack, facts, on, overrides_for(pack, rng))
    assert_same(pack, facts, DATES[0], year=2020)


def test_the_bench_register_is_vectorised_and_agrees():
    bench = pytest.importorskip("bench.synthetic")
    from bench import engine_adapter

    facts = [engine_adapter.to_facts(r) for r in bench.generate(400, seed=11)]
    res = run_register("320115-jiangning/2019", Register(facts), bench.AS_OF)
    assert not res.scalar.any() and not res.fallbacks
    assert_same("320115-jiangning/2019", facts, bench.AS_OF)
    assert res.total_decimal() == sum((r.total for r in res.rows()), Decimal(0))


def test_irregular_alliances_fall_back_whole_and_are_marked():
    facts = alliances("410300-luoyang/2018", 200, 5)
    res = run_register("410300-luoyang/2018", Register(facts), DATES[0])
    assert res.scalar.any() and not res.scalar.all()
    assert "money:platform_construction" in res.fallbacks  # percentage_with_cap has no kernel: scalar, marked


def test_kernels_are_keyed_by_the_scalar_type_names():
    assert set(K.CONDITIONS) - {"custom"} <= set(el.TESTS)  # custom: the pack module's VECTOR_CONDITION_TESTS
    assert set(K.SCHEDULES) <= {"yearly_by", "yearly_in_month", "yearly", "every_years", "after_event",
                                "rectification", "as_needed"}
    src = evaluation.evaluate.__code__.co_consts
    assert all(k in src for k in K.CONSEQUENCES)
    import inspect

    from policy.rules import money

    money_src = inspect.getsource(money.run_rule)
    assert all(f'"{k}"' in money_src for k in K.MECHANISMS)
    assert dl.duty_deadlines  # the scalar twin of SCHEDULES


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(PACKS)), st.integers(0, 10**9), st.sampled_from(DATES), st.booleans())
def test_property_vector_equals_scalar(pack, seed, on, with_overrides):
    facts = alliances(pack, 8, seed)
    assert_same(pack, facts, on, overrides_for(pack, random.Random(seed)) if with_overrides else None)


# ---- prepare once, evaluate many: the what-if path
def nudge(pack: str, name: str) -> dict:
    """One parameter changed (counts ±1, amounts ×1.5 + 0.01, fractions replaced), or {} if it has no value."""
    p = get_pack(pack)
    v = p.parameters[name].values[-1].value
    key = f"{p.key}.{name}"
    if isinstance(v, Decimal):
        return {key: str(v * Decimal("1.5") + Decimal("0.01"))}
    if isinstance(v, Fraction):
        return {key: "3/5" if v != Fraction(3, 5) else "1/2"}
    if isinstance(v, int) and not isinstance(v, bool):
        return {key: v + 1}
    return {}


@pytest.mark.parametrize("pack", sorted(PACKS))
def test_prepare_once_evaluate_with_every_parameter_changed_alone(pack):
    """Every parameter of the pack, one at a time, over the same prepared register: each equals the scalar path
    with the same override (a parameter read while preparing would raise ParamReadInPrepare)."""
    facts = alliances(pack, 120, 11 + sum(map(ord, pack)))
    for on in DATES[:2]:
        prep = prepare(pack, Register(facts), on)
        assert_same(pack, facts, on, None, prepared=prep)
        for name in get_pack(pack).parameters:
            ov = nudge(pack, name)
            if ov:
                assert_same(pack, facts, on, ov, prepared=prep)
        assert_same(pack, facts, on, None, prepared=prep)  # back to the text's values: nothing left over


@pytest.mark.parametrize("pack", sorted(PACKS))
def test_prepare_once_evaluate_many_overrides(pack):
    facts = alliances(pack, 150, 23 + sum(map(ord, pack)))
    rng = random.Random(17)
    for on, year in ((DATES[0], None), (DATES[1], None), (DATES[0], 2020)):
        prep = prepare(pack, Register(facts), on, year, warm=rng.random() < 0.5)
        for _ in range(4):
            assert_same(pack, facts, on, overrides_for(pack, rng), year, prepared=prep)
        assert_same(pack, facts, on, None, year, prepared=prep)


def test_whatif_on_a_prepared_register_jiangning_district_award():
    pack = "320115-jiangning/2019"
    facts = alliances(pack, 200, 5)
    prep = prepare(pack, Register(facts), DATES[0])
    base = evaluate(prep)
    for value in ("40", "41", "30", "12.5", "0"):
        ov = {"jiangning.recognition_award.district": value}
        assert_same(pack, facts, DATES[0], ov, prepared=prep)
    assert evaluate(prep).total_decimal() == base.total_decimal()


def test_henan_stage_conditions_are_vectorised():
    """Henan 第九条/第十一条: ``flags`` with ``once: construction_approved`` (no pack code) run as arrays."""
    pack = "410000-henan/2013"
    facts = alliances(pack, 200, 9)
    for on in DATES:
        res = run_register(pack, Register(facts), on)
        assert not any(k.startswith("condition:") for k in res.fallbacks), res.fallbacks
    assert get_pack(pack).module is None


def test_prepared_pieces_read_no_parameter():
    """The prepared memo is filled with parameters locked; a read raises instead of being cached."""
    prep = prepare("320115-jiangning/2019", Register(alliances("320115-jiangning/2019", 20, 1)), DATES[0])
    assert prep.memo
    v = K.VCtx(compiled(prep.pack), prep.reg, prep.on, memo={})
    with pytest.raises(K.ParamReadInPrepare):
        v.prep("x", lambda: v.p("min_members"))
    assert "x" not in v.memo


def test_elapsed_months_is_add_months_inverse():
    from policy.dates import add_months

    rng = random.Random(2)
    starts = [dt.date(2019, 1, 31), dt.date(2020, 2, 29), dt.date(2019, 11, 30), dt.date(2021, 3, 31)]
    starts += [dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 3000)) for _ in range(200)]
    ends = [s + dt.timedelta(days=rng.randint(-40, 1500)) for s in starts]
    got = K.elapsed_months(np.array([s.toordinal() for s in starts]), np.array([e.toordinal() for e in ends]))
    for s, e, m in zip(starts, ends, got.tolist(), strict=True):
        assert add_months(s, m) <= e < add_months(s, m + 1), (s, e, m)


def test_alliances_without_members_count_none():
    """Member counts are segment sums over the grouped member rows: alliances with no member row — the first,
    two in a row, the last — count zero, as the scalar path counts them."""
    import dataclasses

    for pack in sorted(PACKS):
        facts = alliances(pack, 40, 5)
        for i in (0, 17, 18, 39):
            facts[i] = dataclasses.replace(facts[i], members=())
        assert_same(pack, facts, DATES[0])
