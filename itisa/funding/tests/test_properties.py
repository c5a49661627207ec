"""Money invariants, whatever the order of events (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itisa.funding.models import EntryKind, LedgerEntry
from itisa.funding.selectors import budget_overview
from itisa.funding.services import GrantConflict, budget_set, grant_claw_back, grant_decide, grant_pay, grant_propose

pytestmark = pytest.mark.django_db
D = Decimal
CEILING = {"district": D("30"), "municipal": D("50"), "provincial": D("75"), "national": D("100")}
FIXTURES = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


class Rollback(Exception):
    pass


@FIXTURES
@given(order=st.permutations(["district", "municipal", "provincial", "national"]),
       stop=st.integers(min_value=1, max_value=4), propose_twice=st.booleans())
def test_recognition_payments_never_exceed_100_nor_pay_a_level_twice(cast, funds, jiangning_alliance, upgrade,
                                                                       order, stop, propose_twice):
    # 第十条1: 30 once; cumulative 50, 75, 100 on upgrades — in whatever order the levels are recorded.
    try:
        with transaction.atomic():
            a = jiangning_alliance(recognised=None)
            day = date(2019, 2, 1)
            reached: list[str] = []
            for level in order[:stop]:
                upgrade(a, level, day)
                reached.append(level)
                for _ in range(2 if propose_twice else 1):
                    run = grant_propose(actor=cast["jn_staff"], alliance=a, pack="jiangning",
                                        on=day + timedelta(days=5), rules=["recognition_award"])
                    for p in run.proposals:
                        grant_decide(actor=cast["jn_staff"], proposal=p, approve=True, on=day + timedelta(days=6))
                        grant_pay(actor=cast["jn_finance"], commitment=LedgerEntry.objects.get(proposal=p),
                                  on=day + timedelta(days=7))
                day += timedelta(days=120)
            pays = list(LedgerEntry.objects.filter(alliance=a, kind=EntryKind.PAYMENT, rule="recognition_award"))
            total = sum((e.amount for e in pays), D("0"))
            assert total <= D("100")
            assert len({e.matter for e in pays}) == len(pays)  # never a level twice
            # Paid exactly up to the highest ceiling reached once the alliance is recognised by the district.
            expected = max(CEILING[lvl] for lvl in reached) if "district" in reached else D("0")
            assert total == expected
            raise Rollback
    except Rollback:
        pass


operation = st.one_of(
    st.tuples(st.just("approve"), st.integers(min_value=100, max_value=300)),
    st.tuples(st.just("pay"), st.just(0)),
    st.tuples(st.just("claw_back"), st.integers(min_value=1, max_value=50)),
)


@FIXTURES
@given(budget=st.integers(min_value=0, max_value=1200), ops=st.lists(operation, min_size=1, max_size=8),
       overcommit=st.booleans())
def test_left_is_budget_minus_committed_plus_recovered_and_never_negative_unless_flagged(
        cast, funds, make_alliance, jurisdiction, system_actor, budget, ops, overcommit):
    from itisa.register.services import alliance_level_record

    staff, fin, fund = cast["ly_staff"], cast["ly_finance"], funds["luoyang"]
    try:
        with transaction.atomic():
            budget_set(actor=fin, fund=fund, year=2019, amount=D(budget), allow_overcommit=overcommit)
            a = make_alliance("洛阳市属性测试联盟")
            alliance_level_record(actor=system_actor, alliance=a, level="municipal", from_date=date(2019, 1, 10),
                                  jurisdiction=jurisdiction("luoyang-kjj"))
            for i, (op, n) in enumerate(ops):
                try:
                    if op == "approve":
                        [p] = grant_propose(actor=staff, alliance=a, pack="luoyang", on=date(2019, 9, 1),
                                            claim={"id": f"rd{i}", "kind": "rd_project", "date": "2019-08-01",
                                                   "matter": f"project:{i}", "payee": str(a.lead_id)}).proposals
                        grant_decide(actor=staff, proposal=p, approve=True, amount=D(n), on=date(2019, 9, 2))
                    last = LedgerEntry.objects.filter(kind=EntryKind.COMMITMENT, alliance=a).last()
                    if op == "pay" and last is not None:
                        grant_pay(actor=fin, commitment=last, on=date(2019, 10, 1))
                    if op == "claw_back" and last is not None:
                        grant_claw_back(actor=fin, commitment=last, on=date(2019, 11, 1), ground="revocation",
                                        amount=D(n), reason="撤销")
                except (ValidationError, GrantConflict):
                    pass  # refused (over budget, already paid, more than paid …): nothing changed
                [line] = budget_overview(user=fin, year=2019, jurisdiction=fund.jurisdiction)
                entries = LedgerEntry.objects.filter(budget__fund=fund, budget__year=2019)
                committed = sum((e.amount for e in entries if e.kind == EntryKind.COMMITMENT), D("0"))
                recovered = sum((e.amount for e in entries if e.kind == EntryKind.RECOVERY), D("0"))
                assert line.left == D(budget) - committed + recovered
                assert line.left >= 0 or line.flagged
                assert line.recovered <= line.paid
            raise Rollback
    except Rollback:
        pass
