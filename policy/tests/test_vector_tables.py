"""A register built straight from columns (``batch.columns``) is the register ``Register(facts)`` builds from
the same facts: same columns, same results — and the vector path on it gives what the scalar path gives."""

import dataclasses
import datetime as dt
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy.batch import AFTER_ANY_DATE, BEFORE_ANY_DATE, columns, evaluate, prepare, run_batch
from policy.types import Facts
from policy.vector import Register

from .test_batch_vector import DATES, PACKS, alliances, overrides_for


def register_facts(f: Facts) -> Facts:
    """What the register holds of an alliance: members, levels, flags, achievements — no claims, reports…"""
    return dataclasses.replace(
        f, name="", field=None, region="", events=(), reports=(), grades=(), payments=(), rectifications=(),
        objections=(), members=tuple(dataclasses.replace(m, name="", flags=frozenset()) for m in f.members))


def to_columns(facts: list[Facts]) -> tuple[dict, dict, dict, dict]:
    def o(d: dt.date | None, missing: int) -> int:
        return missing if d is None else d.toordinal()

    flag_names = sorted({x for f in facts for x in f.flags})
    al = {"id": [f.id for f in facts], "kind": [f.kind for f in facts],
          "founded": [o(f.founded, BEFORE_ANY_DATE) for f in facts], "lead": [f.lead for f in facts],
          "flags": {x: [x in f.flags for f in facts] for x in flag_names}}
    ms = [(i, m) for i, f in enumerate(facts) for m in f.members]
    me = {"alliance": [i for i, _ in ms], "org_id": [m.org_id for _, m in ms], "kind": [m.kind for _, m in ms],
          "role": [m.role for _, m in ms], "legal_person": [m.legal_person for _, m in ms],
          "region_path": [m.region_path for _, m in ms], "chain_position": [m.chain_position for _, m in ms],
          "joined": [o(m.joined, BEFORE_ANY_DATE) for _, m in ms], "left": [o(m.left, AFTER_ANY_DATE) for _, m in ms]}
    lv = [(i, r) for i, f in enumerate(facts) for r in f.levels]
    le = {"alliance": [i for i, _ in lv], "level": [r.level for _, r in lv], "since": [r.since.toordinal() for _, r in lv],
          "jurisdiction": [r.jurisdiction for _, r in lv], "doc_no": [r.doc_no for _, r in lv],
          "until": [o(r.until, AFTER_ANY_DATE) for _, r in lv], "recommended_by": [r.recommended_by for _, r in lv]}
    ac = [(i, a) for i, f in enumerate(facts) for a in f.achievements]
    ach = {"alliance": [i for i, _ in ac], "id": [a.id for _, a in ac], "kind": [a.kind for _, a in ac],
           "date": [o(a.date, BEFORE_ANY_DATE) for _, a in ac], "level": [a.level for _, a in ac],
           "matter": [a.matter for _, a in ac]}
    return al, me, le, ach


def decoded(reg: Register) -> dict:
    """Every column with its vocabulary codes replaced by the values (code order may differ)."""
    out = {}
    for k, v in vars(reg).items():
        if k in ("facts",) or k.endswith("_vocab"):
            continue
        out[k] = v
    voc = {"kind": "kind_vocab", "m_kind": "member_kind_vocab", "m_role": "role_vocab", "m_path": "path_vocab",
           "m_chain": "chain_vocab", "lv_jur": "jur_vocab", "lv_rec": "rec_vocab", "ac_kind": "ach_kind_vocab",
           "ac_level": "ach_level_vocab"}
    for col, name in voc.items():
        values = getattr(reg, name).values_list()
        out[col] = [values[c] for c in getattr(reg, col).tolist()]
    out["flags"] = {x: reg.flag(x).tolist() for x in reg.flag_vocab if reg.flag(x).any()}
    return out


def same_register(a: Register, b: Register) -> None:
    da, db = decoded(a), decoded(b)
    assert set(da) == set(db)
    for k in da:
        x, y = da[k], db[k]
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and x.shape == y.shape and (x == y).all(), k
        else:
            assert x == y, k


def columns_of(facts: list[Facts]) -> Register:
    return columns(*to_columns(facts))


@pytest.mark.parametrize("pack", sorted(PACKS))
def test_columns_build_the_register_the_facts_build(pack):
    facts = [register_facts(f) for f in alliances(pack, 80, 7)]
    same_register(Register(facts), columns_of(facts))


def test_the_facts_rebuilt_from_columns_are_the_facts():
    facts = [register_facts(f) for f in alliances("320115-jiangning/2019", 60, 11)]
    rebuilt = columns_of(facts).facts
    for f, g in zip(facts, rebuilt, strict=True):
        # the member's region is not a column (the results never read it): the last code of its path
        want = dataclasses.replace(f, members=tuple(sorted(
            (dataclasses.replace(m, region=m.region_path[-1] if m.region_path else "") for m in f.members),
            key=lambda m: m.org_id)))
        got = dataclasses.replace(g, members=tuple(sorted(g.members, key=lambda m: m.org_id)))
        assert got == want, f.id


def test_duplicate_members_and_achievement_matters_are_irregular():
    facts = [register_facts(f) for f in alliances("410300-luoyang/2018", 30, 3)]
    f0, f1 = facts[0], facts[1]
    facts[0] = dataclasses.replace(f0, members=(*f0.members, f0.members[0]))
    if f1.achievements:
        facts[1] = dataclasses.replace(f1, achievements=(dataclasses.replace(f1.achievements[0], matter="m:1"),
                                                         *f1.achievements[1:]))
    reg = columns_of(facts)
    assert reg.irregular.tolist() == Register(facts).irregular.tolist()
    assert reg.irregular[0]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(PACKS)), st.integers(0, 10**9), st.sampled_from(DATES), st.booleans())
def test_property_vector_on_columns_equals_scalar_on_facts(pack, seed, on, with_overrides):
    # Any register (members joining and leaving, lead by role or named, levels with ends, achievements):
    # the vector engine over the columns gives, alliance by alliance, what the scalar engine gives.
    facts = [register_facts(f) for f in alliances(pack, 12, seed)]
    overrides = overrides_for(pack, random.Random(seed)) if with_overrides else None
    reg = columns_of(facts)
    got = evaluate(prepare(pack, reg, on), overrides).rows()
    assert got == run_batch(pack, facts, on, overrides, vector=False)
