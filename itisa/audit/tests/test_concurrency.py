"""On PostgreSQL, writers on objects of different chains do not wait for each other (no global lock)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from itisa.audit.services import audit_record, stream_for
from itisa.audit.verify import audit_verify_chain

pytestmark = [
    pytest.mark.django_db(transaction=True),  # reference data: restored by the root conftest after a flush
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are a PostgreSQL matter"),
]


def _second_finishes_while_first_is_held(first, second) -> bool:
    holding, release, done = threading.Event(), threading.Event(), threading.Event()

    def hold() -> None:
        with transaction.atomic():
            audit_record(actor=None, action="hold", target=first)
            holding.set()
            release.wait(10)
        connection.close()

    def write() -> None:
        with transaction.atomic():
            audit_record(actor=None, action="other", target=second)
        done.set()
        connection.close()

    t1 = threading.Thread(target=hold)
    t1.start()
    assert holding.wait(10)
    t2 = threading.Thread(target=write)
    t2.start()
    finished_while_held = done.wait(5)
    release.set()
    t1.join(10)
    t2.join(10)
    assert audit_verify_chain() == []
    return finished_while_held


def test_a_held_chain_does_not_block_a_writer_on_another_chain(make_org):
    orgs = [make_org(f"企业{i}") for i in range(8)]
    streams = {stream_for("register.organisation", str(o.pk)): o for o in orgs}
    assert len(streams) >= 2
    first, second = list(streams.values())[:2]
    assert _second_finishes_while_first_is_held(first, second)


def test_a_writer_on_the_same_chain_waits_its_turn(make_org):
    org = make_org("同一企业")
    assert not _second_finishes_while_first_is_held(org, org)
