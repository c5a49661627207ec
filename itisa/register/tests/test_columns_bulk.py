"""The register read straight into columns (ADR 0017) is the register the facts path builds, and the
columns kept per register version are read again as soon as the register changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from itisa.register import columns_bulk
from itisa.register.columns_bulk import _flag_columns, cached_register, register_columns
from itisa.register.facts import FLAG_FIELDS, flags_of
from itisa.register.facts_bulk import facts_of_alliances
from itisa.register.models import Alliance, Membership
from itisa.register.services import alliance_update, membership_end
from itisa.register.version import register_version
from policy.api import batch, facts_from_dict
from policy.tests.test_vector_tables import same_register

pytestmark = pytest.mark.django_db

PACKS = ["320115-jiangning/2019", "410300-luoyang/2018", "530100-kunming/2016", "610500-weinan/2015",
         "410000-henan/2013"]
DATES = [dt.date(2019, 12, 1), dt.date(2022, 3, 1), dt.date(2024, 6, 30)]


@pytest.fixture
def synthetic(db):
    call_command("generate_register", "--alliances", "150", "--today", "2024-06-30", verbosity=0)
    return get_user_model()(username="system", is_superuser=True)


def from_facts(on: dt.date, matters: bool):
    return batch.register(facts_from_dict(f) for f in facts_of_alliances(Alliance.objects.all(), on=on,
                                                                          matters=matters))


@pytest.mark.parametrize("on", DATES)
def test_the_columns_read_from_the_database_are_the_columns_of_the_facts(synthetic, on):
    for matters in (False, True):
        cols, facts = register_columns(Alliance.objects.all(), on=on, matters=matters), from_facts(on, matters)
        assert cols.n == facts.n == 150
        same_register(facts, cols)
        for pack in PACKS:
            got = batch.evaluate(batch.prepare(pack, cols, on)).rows()
            assert got == batch.evaluate(batch.prepare(pack, facts, on)).rows(), (pack, matters)


def test_recorded_signatures_decide_signed_by_all_on_both_paths(synthetic):
    """Once one member's signature is recorded, "signed by all" is read from the members active on the day."""
    on = dt.date(2024, 6, 30)
    some, every = Alliance.objects.order_by("pk")[:2]
    Membership.objects.filter(pk=Membership.objects.filter(alliance=some).order_by("pk")[0].pk).update(
        signed_agreement=True)
    Membership.objects.filter(alliance=every).update(signed_agreement=True)
    cols, facts = register_columns(Alliance.objects.all(), on=on), from_facts(on, False)
    same_register(facts, cols)
    signed = cols.flag_vocab["agreement_signed_by_all"]
    assert not cols.flags[cols.ids.index(str(some.pk)), signed]
    assert cols.flags[cols.ids.index(str(every.pk)), signed]


def test_a_rejoining_member_sends_its_alliance_to_the_scalar_path_with_the_same_result(synthetic, make_org):
    on = dt.date(2024, 6, 30)
    m = Membership.objects.filter(left_on__isnull=True, role="member").order_by("pk").first()
    Membership.objects.create(alliance=m.alliance, organisation=m.organisation, role="member",
                              joined_on=m.joined_on, left_on=None)  # the same organisation twice
    cols, facts = register_columns(Alliance.objects.all(), on=on), from_facts(on, False)
    i = cols.ids.index(str(m.alliance_id))
    assert cols.irregular[i] and facts.irregular[i]
    for pack in PACKS:
        assert batch.evaluate(batch.prepare(pack, cols, on)).rows() == \
            batch.evaluate(batch.prepare(pack, facts, on)).rows()


def test_no_facts_are_built_on_the_columnar_path(synthetic):
    on = dt.date(2024, 6, 30)
    cols = register_columns(Alliance.objects.all(), on=on)
    batch.evaluate(batch.prepare("320115-jiangning/2019", cols, on)).rows()
    assert cols.facts._cache == {}  # nothing fell back: no alliance's facts were rebuilt


def test_the_version_moves_with_audited_writes_and_with_bulk_rows(synthetic, system_actor):
    v0 = register_version()
    assert register_version() == v0
    a = Alliance.objects.order_by("pk").first()
    alliance_update(actor=system_actor, alliance=a, reason="测试", full_time_staff=a.full_time_staff + 1)
    v1 = register_version()
    assert v1 != v0
    Membership.objects.filter(pk=Membership.objects.order_by("-pk").first().pk).delete()  # no service, no audit
    assert register_version() != v1


def test_the_cached_columns_are_read_again_when_the_register_changes(synthetic, system_actor,
                                                                    django_assert_max_num_queries):
    on = dt.date(2024, 6, 30)
    qs = Alliance.objects.all()
    key, reg = cached_register("all", qs, on=on)
    with django_assert_max_num_queries(1):  # the version only: the columns come from the cache
        key2, again = cached_register("all", qs, on=on)
    assert key2 == key and again.n == reg.n
    m = Membership.objects.filter(left_on__isnull=True, role="member", joined_on__lt=dt.date(2024, 1, 1)).order_by("pk")[0]
    i = reg.ids.index(str(m.alliance_id))
    active_before = int(((reg.m_all == i) & (reg.m_left > on.toordinal())).sum())
    membership_end(actor=system_actor, membership=m, left_on=dt.date(2024, 1, 31), reason="退出")
    key3, fresh = cached_register("all", qs, on=on)
    assert key3 != key
    assert int(((fresh.m_all == i) & (fresh.m_left > on.toordinal())).sum()) == active_before - 1
    columns_bulk.forget()
    key4, _ = cached_register("all", qs, on=on)
    assert key4 == key3


_FLAG_INPUTS = sorted({f for fs in FLAG_FIELDS.values() for f in fs} | {
    "agreement_signed_by_all", "has_short_term_plan", "has_mid_term_plan", "has_long_term_plan"})


@settings(max_examples=60, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    **{f: st.booleans() for f in _FLAG_INPUTS},
    "agreement_signed_on": st.none() | st.just(dt.date(2020, 1, 1)),
    "full_time_staff": st.integers(0, 3),
    "part_time_staff": st.integers(0, 3),
    "outward_responsible_party_id": st.none() | st.integers(1, 3),
    "lead_id": st.integers(1, 3),
}), min_size=1, max_size=8))
def test_property_flags_over_columns_are_the_flags_of_each_alliance(rows):
    import numpy as np

    cols = {k: np.array([r[k] is not None if k == "agreement_signed_on" else (r[k] or 0) for r in rows])
            for k in rows[0]}
    cols = {k: (v.astype(bool) if k in _FLAG_INPUTS or k == "agreement_signed_on" else v.astype(np.int64))
            for k, v in cols.items()}
    got = _flag_columns(cols)
    for i, r in enumerate(rows):
        assert sorted(k for k, v in got.items() if v[i]) == flags_of(r.__getitem__)


def test_an_empty_scope_gives_an_empty_register(db):
    reg = register_columns(Alliance.objects.none(), on=dt.date(2024, 6, 30))
    assert reg.n == 0
    assert batch.evaluate(batch.prepare("320115-jiangning/2019", reg, dt.date(2024, 6, 30))).rows() == []
