"""Records → columns without Facts (``policy.api.columns_from_records``) gives what records → Facts → columns
gives, and the same results as the scalar engine; bad tables are refused as the facts door refuses them."""

import datetime as dt
import random
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy import api
from policy.batch import run_batch, run_register
from policy.engine import compiled
from policy.errors import FactsError
from policy.facts import facts_from_dict
from policy.facts_schema import ALLIANCE
from policy.vector import Register
from policy.vector import kernels as K
from policy.vector.columns import units

from .test_batch import generate
from .test_batch_vector import DATES, PACKS, enrich, overrides_for

CODED = {"kind": "kind_vocab", "m_kind": "member_kind_vocab", "m_role": "role_vocab", "m_path": "path_vocab",
         "m_chain": "chain_vocab", "lv_jur": "jur_vocab", "lv_rec": "rec_vocab", "ac_kind": "ach_kind_vocab",
         "ac_level": "ach_level_vocab", "gr_grade": "grade_vocab", "gr_kind": "report_kind_vocab",
         "rp_kind": "report_kind_vocab", "ev_kind": "event_kind_vocab", "pm_rule": "pm_rule_vocab",
         "pm_article": "article_vocab"}
MATRICES = {"flags": "flag_vocab", "ev_flags": "ev_flag_vocab"}
#: the facts format's defaults, for a key some rows of a table leave out
DEFAULTS = {"members": {"kind": "other", "region": "", "legal_person": True, "role": "member", "flags": []},
            "events": {"flags": []}, "grades": {"kind": "yearly"}, "payments": {"article": ""},
            "levels": {"jurisdiction": ""}, "alliances": {"kind": "rd", "flags": [], "region": ""}}
LISTS = ("members", "levels", "achievements", "reports", "grades", "events", "payments", "rectifications", "objections")


def docs_for(pack: str, n: int, seed: int) -> list[dict]:
    """Generated alliances (claims, decisions, grades, payments, leavers, ~10 % irregular), members shuffled."""
    rng = random.Random(seed)
    local, city = PACKS[pack]
    out = []
    for i in range(n):
        d = enrich(rng, generate(rng, i, local, city), pack)
        rng.shuffle(d["members"])  # the columns sort them by org id, as Register does
        d["objections"] = [  # Kunming 第十一条: open, resolved before or after the date, upheld or dismissed
            {"raised": f"20{rng.randint(16, 22)}-0{rng.randint(1, 9)}-01",
             "resolved": rng.choice([None, f"20{rng.randint(16, 22)}-0{rng.randint(1, 9)}-15"]),
             "result": rng.choice([None, "upheld", "dismissed"]), "notice": rng.choice([None, "recognition"])}
            for _ in range(rng.choice([0, 0, 0, 1, 2]))]
        if rng.random() < 0.1 and len(d["members"]) > 1:
            d["members"].append(dict(d["members"][0]))  # a duplicate member: irregular, scalar path
        out.append(d)
    return out


def tables_of(docs: list[dict], rng: random.Random) -> dict:
    """The same facts as plain tables; child rows of different alliances interleaved (order kept within one)."""
    def table(name: str, rows: list[dict], alliance: list | None) -> dict:
        keys = list(dict.fromkeys(k for r in rows for k in r))
        dflt = DEFAULTS.get(name, {})
        cols = {k: [r.get(k, dflt.get(k)) for r in rows] for k in keys}
        if alliance is not None:
            cols["alliance"] = alliance
        return cols

    out = {"alliances": table("alliances", [{k: v for k, v in d.items() if k not in LISTS} for d in docs], None)}
    for name in LISTS:
        rows = [(d["id"], k, r) for d in docs for k, r in enumerate(d.get(name) or ())]
        if name in ("events", "achievements", "payments"):  # the default ids are the list positions
            prefix = {"events": "e", "achievements": "a", "payments": "p"}[name]
            rows = [(a, k, {**r, "id": r.get("id", f"{prefix}{k + 1}")}) for a, k, r in rows]
        # interleave the alliances: a random merge that keeps each alliance's own order
        queues: dict = {}
        for a, _, r in rows:
            queues.setdefault(a, []).append(r)
        ids, flat = [], []
        while queues:
            a = rng.choice(list(queues))
            flat.append(queues[a].pop(0))
            ids.append(a)
            if not queues[a]:
                del queues[a]
        if flat:
            out[name] = table(name, flat, ids)
    return out


def decoded(reg: Register, attr: str) -> list:
    vocab = list(getattr(reg, CODED[attr]))
    return [vocab[c] for c in getattr(reg, attr).tolist()]


def assert_same_columns(a: Register, b: Register) -> None:
    for attr, want in vars(a).items():
        if attr == "facts" or attr.endswith("_vocab"):
            continue
        got = getattr(b, attr)
        if attr in CODED:
            assert decoded(a, attr) == decoded(b, attr), attr
        elif attr in MATRICES:
            va, vb = getattr(a, MATRICES[attr]), getattr(b, MATRICES[attr])
            assert set(va) == set(vb), attr
            for name, c in va.items():
                assert np.array_equal(want[:, c], got[:, vb[name]]), (attr, name)
        elif isinstance(want, np.ndarray):
            assert np.array_equal(want, got), attr
        else:
            assert (list(want) if isinstance(want, list) else want) == (list(got) if isinstance(want, list) else got), attr


def members_as_rows(tables: dict) -> dict:
    """The same tables with the members given as ``Rows`` (their org ids then read into an object array:
    shuffled, duplicated, leads found by role — the same columns as the mapping gives)."""
    m = tables.get("members")
    if not m:
        return tables
    fields = [k for k in m if k != "alliance"]
    rows = list(zip(*(m[k] for k in fields), strict=True))
    return {**tables, "members": api.Rows(fields, rows, {"alliance": m["alliance"]})}


def check(pack: str, seed: int, on: dt.date, with_overrides: bool, n: int = 8) -> None:
    docs = docs_for(pack, n, seed)
    facts = [facts_from_dict(d) for d in docs]
    via_facts = Register(facts)
    tables = tables_of(docs, random.Random(seed))
    direct = api.columns_from_records(tables)
    assert_same_columns(via_facts, direct)
    assert_same_columns(via_facts, api.columns_from_records(members_as_rows(tables)))
    for i in [*np.nonzero(direct.irregular)[0].tolist(), 0]:  # what the scalar fallback reads
        assert direct.facts[i] == facts[i]
    overrides = overrides_for(pack, random.Random(seed)) if with_overrides else None
    a, b = run_register(pack, via_facts, on, overrides), run_register(pack, direct, on, overrides)
    rows = b.rows()
    assert rows == a.rows()
    assert rows == run_batch(pack, facts, on, overrides, vector=False)  # the scalar engine
    cp = compiled(pack, overrides)
    for i, f in enumerate(facts):  # every condition, as the scalar engine decides it
        assert [K.COND_STATUSES[c] for c in b.conditions[i]] == [c.status for c in cp.eligibility(f, on).conditions]
    for rid, acc in a.rules.items():
        for field in ("due", "lo", "hi", "n_decision"):
            assert np.array_equal(getattr(acc, field), getattr(b.rules[rid], field)), (rid, field)


@pytest.mark.parametrize("pack", sorted(PACKS))
def test_columns_from_records_equal_facts_columns_and_scalar_engine(pack):
    check(pack, 7, dt.date(2021, 6, 30), False, n=30)


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(sorted(PACKS)), st.integers(0, 10**9), st.sampled_from(DATES), st.booleans())
def test_property_records_columns_equal_facts_columns_and_scalar(pack, seed, on, with_overrides):
    check(pack, seed, on, with_overrides)


def test_the_bench_records_give_the_facts_columns():
    from bench import engine_adapter, synthetic

    records = synthetic.generate(300, seed=5)
    facts = [engine_adapter.to_facts(r) for r in records]
    direct = engine_adapter.columns(records)
    assert_same_columns(Register(facts), direct)
    on = synthetic.AS_OF
    res = run_register(engine_adapter.JIANGNING, direct, on)
    assert not res.scalar.any()
    assert res.rows() == run_batch(engine_adapter.JIANGNING, facts, on, vector=False)


# ---- the door's checks, per column
def one_alliance() -> dict:
    return {"alliances": {"id": ["A1", "A2"], "founded": ["2019-01-01", dt.date(2019, 2, 1)]},
            "members": {"alliance": ["A1", "A2", "A1"], "org_id": ["o1", "o2", 3], "kind": ["enterprise"] * 3,
                        "legal_person": [True, True, False]},
            "events": {"alliance": ["A2"], "kind": ["exchange_activity"], "base": ["12.5"]}}


def problems(tables: dict) -> list[str]:
    with pytest.raises(FactsError) as e:
        api.columns_from_records(tables)
    return [p.path for p in e.value.problems]


def test_good_tables_pass_and_numbers_are_read_as_text():
    reg = api.columns_from_records(one_alliance())
    assert reg.n == 2 and reg.m_org == ["3", "o1", "o2"]


@pytest.mark.parametrize(("table", "column", "row", "value", "path"), [
    ("members", "kind", 1, "enterprize", "members[1].kind"),  # not one of the kinds (did you mean …)
    ("members", "legal_person", 2, 1, "members[2].legal_person"),  # a number is not a boolean
    ("members", "joined", 0, "2019-02-30", "members[0].joined"),  # not a day of the calendar
    ("members", "alliance", 2, "A9", "members[2].alliance"),  # no such alliance
    ("alliances", "founded", 1, "1/2/2019", "alliances[1].founded"),
    ("events", "base", 0, 12.5, "events[0].base"),  # money as a float
    ("events", "base", 0, "-3", "events[0].base"),  # a negative amount
    ("members", "region", 0, "32011", "members[0].region"),  # not a six-digit code
])
def test_bad_values_are_refused_with_their_row(table, column, row, value, path):
    t = one_alliance()
    col = t[table].setdefault(column, [None] * len(next(iter(t[table].values()))))
    if column == "joined":
        col[:] = ["2019-01-01"] * len(col)
    col[row] = value
    assert path in problems(t)


@pytest.mark.parametrize(("column", "row", "value"), [
    ("kind", 1, "enterprize"), ("legal_person", 2, 1), ("legal_person", 0, None), ("region", 0, "32011"),
    ("org_id", 1, ["o"]), ("role", 2, "leader"),
])
def test_bad_member_rows_are_refused_with_their_row(column, row, value):
    """Members as ``Rows``: their few-valued columns are coded by combination in one pass (a 1 among
    True is still found: the booleans' types are read per row)."""
    t = one_alliance()
    m = t["members"]
    m.update(region=["320115"] * 3, role=["member"] * 3)
    m[column][row] = value
    fields = [k for k in m if k != "alliance"]
    t["members"] = api.Rows(fields, list(zip(*(m[k] for k in fields), strict=True)), {"alliance": m["alliance"]})
    assert problems(t) == [f"members[{row}].{column}"]


def test_member_rows_give_the_columns_of_the_mapping():
    t = one_alliance()
    m = t["members"]
    m.update(org_id=["o1", "o2", "o0"], region=["320115", "320102", "320115"], role=["lead", "member", "member"])
    by_cols = api.columns_from_records(t)
    fields = [k for k in m if k != "alliance"]
    t["members"] = api.Rows(fields, list(zip(*(m[k] for k in fields), strict=True)), {"alliance": m["alliance"]})
    by_rows = api.columns_from_records(t)
    for k in ("m_org", "m_all", "m_start", "m_legal", "m_kind", "m_role", "m_path", "m_lead_cand"):
        assert np.array_equal(np.asarray(getattr(by_cols, k)), np.asarray(getattr(by_rows, k))), k
    assert list(by_rows.m_legal) == [False, True, True]  # o0, o1 (A1, sorted) then o2


def test_bool_hidden_among_numbers_is_found():
    t = one_alliance()
    t["members"]["org_id"] = [1, True, 2]  # True == 1: a per-value check alone would not see it
    assert problems(t) == ["members[1].org_id"]


def test_missing_and_unknown_columns_and_tables():
    t = one_alliance()
    del t["members"]["org_id"]
    t["members"]["colour"] = ["red"] * 3
    t["memberz"] = {}
    assert set(problems(t)) == {"members.org_id", "members.colour", "memberz"}
    t = one_alliance()
    t["members"]["kind"] = ["enterprise"]
    assert problems(t) == ["members"]  # columns of different lengths


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_left_as_it_was(enabled):
    """The conversion holds the garbage collector off while it runs, and gives it back as it found it, also
    when it refuses the tables."""
    import gc

    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        api.columns_from_records(one_alliance())
        assert gc.isenabled() is enabled
        t = one_alliance()
        t["members"]["org_id"] = [1, True, 2]
        with pytest.raises(FactsError):
            api.columns_from_records(t)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.parametrize(("value", "ok"), [
    (Decimal("12.5"), True), (Decimal("0"), True), (Decimal("999999999999.9999"), True),
    (Decimal("0.000001"), True),  # allowed, though finer than a yuan: the alliance goes the scalar way
    (Decimal("1.0000000"), False),  # 7 decimals as written, though equal to 1
    (Decimal("-0.01"), False), (Decimal("1e12"), False), (Decimal("NaN"), False), (Decimal("Infinity"), False),
])
def test_amounts_checked_together_refuse_what_one_by_one_refuses(value, ok):
    """Thousands of distinct amounts are checked in a few C-level passes (``Money.passes_all``); a value the
    passes do not clear is checked alone, with its row in the message."""
    money = ALLIANCE.fields["events"].item.fields["base"]
    found: list = []
    money.check(value, "", found)
    assert (not found) is ok
    assert money.passes_all([Decimal("3"), value]) is ok
    t = one_alliance()
    t["events"] = {"alliance": ["A2", "A1", "A2"], "kind": ["exchange_activity"] * 3,
                   "base": [Decimal("3"), value, Decimal("4.5")]}
    if ok:
        reg = api.columns_from_records(t)
        yuan = units(value)
        assert reg.ev_base.tolist() == [yuan or 0, 30000, 45000]  # alliance order: A1's row first
        assert reg.irregular.tolist() == [yuan is None, False]
    else:
        assert problems(t) == ["events[1].base"]


def test_flag_lists_coded_as_tuples_still_refuse_their_row():
    """A column of flag lists is coded by the lists' contents as it is checked (no tuple kept per row); a bad
    list is still found with its row and item."""
    t = one_alliance()
    t["alliances"]["flags"] = [["plans"], [1, "x"]]
    assert problems(t) == ["alliances[1].flags[0]"]
    t["alliances"]["flags"] = [["plans"], "plans"]  # text, not a list
    assert problems(t) == ["alliances[1].flags"]
    t["alliances"]["flags"] = [["plans", "ip_rules"], ("ip_rules",)]
    reg = api.columns_from_records(t)
    assert reg.flag("ip_rules").tolist() == [True, True] and reg.flag("plans").tolist() == [True, False]
