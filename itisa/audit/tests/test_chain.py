"""The trail proves itself: every field in the digest, gaps and tails found, anchors outside the
database catch a rewrite-and-rehash, SM3 chains verify, and writers lock one chain each."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from itisa.audit.anchors import anchor_findings, anchor_write
from itisa.audit.chain import event_digest, hash_hex
from itisa.audit.models import AuditEvent, AuditStreamHead
from itisa.audit.services import audit_record, stream_for
from itisa.audit.verify import audit_verify_chain, chain_findings

pytestmark = pytest.mark.django_db


@pytest.fixture
def anchors(settings, tmp_path):
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchors.jsonl"
    return settings.AUDIT_ANCHOR_FILE


def _record(n, target, *, actor=None):
    events = []
    for i in range(n):
        with transaction.atomic():
            events.append(audit_record(actor=actor, action=f"test.{i}", target=target, reason=f"r{i}"))
    return events


@pytest.mark.parametrize(
    "field, value",
    [
        ("actor_repr", "别人"),
        ("action", "x.y"),
        ("target_type", "x.y"),
        ("target_id", "999"),
        ("target_repr", "另一个联盟"),
        ("before", {"a": 1}),
        ("after", {"b": 2}),
        ("reason", "改过"),
        ("algorithm", "sm3"),
        ("seq", 99),
    ],
)
def test_changing_any_field_is_detected(make_alliance, field, value):
    alliance = make_alliance()
    event = _record(3, alliance)[1]
    AuditEvent.objects.filter(pk=event.pk).update(**{field: value})
    assert event.pk in audit_verify_chain()


def test_changing_the_actor_id_is_detected(make_alliance, system_actor, django_user_model):
    alliance = make_alliance()
    event = _record(2, alliance, actor=system_actor)[0]
    other = django_user_model.objects.create_user(username="mallory", password="x")
    AuditEvent.objects.filter(pk=event.pk).update(actor_id=other.pk)
    assert audit_verify_chain() == [event.pk]


def test_deleting_a_row_in_the_middle_is_detected(make_alliance):
    alliance = make_alliance()
    events = _record(4, alliance)
    AuditEvent.objects.filter(pk=events[1].pk).delete()
    findings = chain_findings()
    assert findings and findings[0].event_id == events[2].pk and "missing" in findings[0].problem


def test_truncating_the_tail_and_the_head_is_caught_by_the_anchor(make_alliance, anchors):
    alliance = make_alliance()
    events = _record(3, alliance)
    anchor_write()
    stream = events[-1].stream
    last = AuditStreamHead.objects.get(stream=stream)
    # The attacker deletes the last two events and winds the head back: the database agrees with itself.
    AuditEvent.objects.filter(pk__in=[events[1].pk, events[2].pk]).delete()
    AuditStreamHead.objects.filter(stream=stream).update(seq=events[0].seq, last_digest=events[0].digest)
    assert audit_verify_chain() == []
    found = anchor_findings()
    assert any(f.event_id is None and f.seq == last.seq and "missing" in f.problem for f in found)


def test_rewrite_and_rehash_is_caught_by_the_hmac_anchor(make_alliance, anchors):
    alliance = make_alliance()
    events = _record(3, alliance)
    anchor_write()
    assert anchor_findings() == []
    # The attacker edits an event and recomputes every digest after it, and the head: chain verifies.
    victim = AuditEvent.objects.get(pk=events[1].pk)
    victim.reason = "篡改"
    prev = victim.prev_digest
    for event in AuditEvent.objects.filter(stream=victim.stream, seq__gte=victim.seq).order_by("seq"):
        if event.pk == victim.pk:
            event.reason = "篡改"
        event.prev_digest = prev
        event.digest = event_digest(event)
        AuditEvent.objects.filter(pk=event.pk).update(reason=event.reason, prev_digest=prev, digest=event.digest)
        prev = event.digest
    AuditStreamHead.objects.filter(stream=victim.stream).update(last_digest=prev)
    assert audit_verify_chain() == []
    assert any("rewritten" in f.problem for f in anchor_findings())


def test_a_forged_anchor_line_is_refused(make_alliance, anchors):
    _record(1, make_alliance())
    line = anchor_write()[0]
    forged = {**line, "digest": "0" * 64}
    with anchors.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(forged) + "\n")
    assert any("forged" in f.problem for f in anchor_findings())


def test_the_anchor_file_is_only_appended_to(make_alliance, anchors):
    _record(1, make_alliance())
    anchor_write()
    first = anchors.read_text()
    anchor_write()
    assert anchors.read_text().startswith(first) and anchors.read_text().count("\n") == 2 * first.count("\n")


def test_every_hundredth_event_anchors_itself_on_commit(
    make_alliance, anchors, settings, django_capture_on_commit_callbacks
):
    settings.AUDIT_ANCHOR_EVERY = 3
    alliance = make_alliance()
    with django_capture_on_commit_callbacks(execute=True):
        _record(6, alliance)
    assert anchors.exists() and anchor_findings() == []


def test_sm3_matches_the_standard_vector_and_its_chain_verifies(make_alliance, settings):
    # GB/T 32905-2016 appendix A.1: SM3("abc").
    assert hash_hex("sm3", b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    settings.AUDIT_HASH = "sm3"
    events = _record(3, make_alliance())
    assert {e.algorithm for e in events} == {"sm3"}
    assert audit_verify_chain() == []
    AuditEvent.objects.filter(pk=events[0].pk).update(reason="改")
    assert audit_verify_chain() == [events[0].pk]


def test_the_pure_python_sm3_agrees_with_openssl():
    from gmssl import func, sm3

    data = "联盟认定 2026".encode()
    assert sm3.sm3_hash(func.bytes_to_list(data)) == hash_hex("sm3", data)


def test_a_transaction_writes_one_chain_and_objects_spread_over_chains(make_alliance, make_org):
    alliance = make_alliance()
    orgs = [make_org(f"企业{i}") for i in range(12)]
    assert len({stream_for("register.organisation", str(o.pk)) for o in orgs}) > 1
    with transaction.atomic():
        first = audit_record(actor=None, action="a", target=alliance)
        rest = [audit_record(actor=None, action="b", target=o) for o in orgs]
    assert {e.stream for e in rest} == {first.stream}
    assert [e.seq for e in [first, *rest]] == list(range(first.seq, first.seq + 13))


def test_audit_verify_command_reports_the_first_bad_event(make_alliance, anchors, capsys):
    events = _record(3, make_alliance())
    call_command("audit_anchor")
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out
    AuditEvent.objects.filter(pk=events[1].pk).update(reason="x")
    with pytest.raises(CommandError):
        call_command("audit_verify")
    assert f"first bad: event {events[1].pk}" in capsys.readouterr().out


def test_there_is_no_purge_and_retention_is_at_least_six_months(settings):
    from django.core.management import get_commands

    assert not [name for name in get_commands() if "purge" in name and "audit" in name]
    assert settings.AUDIT_RETENTION_DAYS >= 183
