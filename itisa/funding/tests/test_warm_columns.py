"""After an audited write, the task worker reads the what-if's columns for the register's new version (ADR
0017), so the next what-if finds them in the shared cache; what it reads equals a full read of the register
after a member joins, a member leaves and an alliance is edited."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from itisa.funding import tasks, warm
from itisa.funding.selectors import _simulation_scope, budget_simulate
from itisa.register import columns_bulk
from itisa.register.models import Alliance, Jurisdiction, Membership
from itisa.register.services import alliance_update, membership_add, membership_end
from policy.tests.test_vector_tables import same_register

pytestmark = pytest.mark.django_db

ON = dt.date(2024, 6, 30)
PACK = "410000-henan/2013"


@pytest.fixture
def register(db):
    call_command("generate_register", "--alliances", "120", "--today", "2024-06-30", verbosity=0)
    top = Alliance.objects.values("jurisdiction").annotate(n=Count("pk")).order_by("-n", "jurisdiction")[0]
    return get_user_model()(username="system", is_superuser=True), Jurisdiction.objects.get(pk=top["jurisdiction"])


def simulate(register):
    user, jur = register
    return budget_simulate(user=user, jurisdiction=jur, pack=PACK, on=ON, overrides={})


def test_after_each_write_the_next_what_if_finds_warm_columns_equal_to_a_full_read(register, system_actor,
                                                                                 make_org, monkeypatch,
                                                                                 django_capture_on_commit_callbacks):
    jur = register[1]
    scope, qs = f"bureau:{jur.pk}", _simulation_scope(jur)
    simulate(register)  # the officer runs a what-if: this bureau is kept warm from now on
    real, reads = columns_bulk.register_columns, []
    monkeypatch.setattr(columns_bulk, "register_columns", lambda *a, **kw: reads.append(a) or real(*a, **kw))
    leaver = Membership.objects.filter(alliance__in=qs.values("pk"), role="member", left_on__isnull=True,
                                       joined_on__lt=dt.date(2024, 1, 1)).order_by("pk").first()
    a = leaver.alliance
    writes = {
        "member joins": lambda: membership_add(actor=system_actor, alliance=a, organisation=make_org("新成员有限公司"),
                                               joined_on=dt.date(2024, 3, 1)),
        "member leaves": lambda: membership_end(actor=system_actor, membership=leaver, left_on=dt.date(2024, 4, 1)),
        "alliance edited": lambda: alliance_update(actor=system_actor, alliance=a, reason="测试",
                                                   full_time_staff=a.full_time_staff + 3,
                                                   has_mid_term_plan=not a.has_mid_term_plan),
    }
    before = real(qs, on=ON)
    for what, write in writes.items():
        reads.clear()
        with django_capture_on_commit_callbacks(execute=True):
            write()
        assert len(reads) == 1, what  # the warm-up read the new version, once
        key = columns_bulk._key(scope, ON, False)
        warmed, full = columns_bulk._cache().get(key), real(qs, on=ON)
        assert warmed is not None, what
        same_register(full, warmed)  # what the worker read is the register as it now is
        with pytest.raises(AssertionError):
            same_register(before, warmed)  # … which the write changed
        before = full
        reads.clear()
        hot = simulate(register)
        assert reads == [], what  # the what-if found the columns: no read while the officer waits
        columns_bulk.forget()
        assert simulate(register) == hot, what  # the same result as a cold read
        assert len(reads) == 1


def test_one_warm_up_per_burst_of_writes_and_none_when_no_what_if_was_run(register, system_actor, monkeypatch,
                                                                        django_capture_on_commit_callbacks):
    queued = []
    task = tasks.warm_register_columns
    monkeypatch.setattr(tasks, "warm_register_columns", SimpleNamespace(enqueue=lambda: queued.append(1)))
    a = Alliance.objects.order_by("pk").first()

    def edit(n: int) -> None:
        alliance_update(actor=system_actor, alliance=a, reason="测试", full_time_staff=n)

    with django_capture_on_commit_callbacks(execute=True):
        edit(7)
    assert queued == []  # nobody simulated lately: nothing to keep warm
    simulate(register)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        edit(8)
        edit(9)
    assert queued == [1]  # two audited writes in one transaction: one warm-up
    with django_capture_on_commit_callbacks(execute=True):
        edit(10)
    assert queued == [1]  # one is already queued and has not started: it will read this write too
    assert warm.scopes()[0][0] == f"bureau:{register[1].pk}"
    assert task.call() == 1  # it starts: the mark is cleared, it reads the one scope
    with django_capture_on_commit_callbacks(execute=True):
        edit(11)
    assert queued == [1, 1]


def test_a_warm_up_that_cannot_be_queued_does_not_fail_the_write(register, system_actor, monkeypatch,
                                                                 django_capture_on_commit_callbacks):
    def broken() -> None:
        raise RuntimeError("queue down")

    monkeypatch.setattr(tasks, "warm_register_columns", SimpleNamespace(enqueue=broken))
    simulate(register)
    a = Alliance.objects.order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        alliance_update(actor=system_actor, alliance=a, reason="测试", full_time_staff=5)
    a.refresh_from_db()
    assert a.full_time_staff == 5
    assert columns_bulk.warm_wanted()  # the mark was cleared: the next write tries again
