"""Verifying the trail: every chain link and digest in the database, then every anchor outside it."""

from __future__ import annotations

from dataclasses import dataclass

from itisa.audit.chain import GENESIS, event_digest
from itisa.audit.models import AuditEvent, AuditStreamHead


@dataclass(frozen=True)
class Finding:
    """One thing wrong: the event id (None when the event is missing), its stream and position, why."""

    event_id: int | None
    stream: str
    seq: int
    problem: str


def chain_findings() -> list[Finding]:
    """Walk each stream in order: a changed row fails its digest, a removed one leaves a gap in the
    positions and a broken link, and a removed tail no longer meets its head row."""
    findings: list[Finding] = []
    expected: dict[str, tuple[int, str]] = {}  # stream -> (last seq, last digest)
    for event in AuditEvent.objects.order_by("stream", "seq").iterator():
        last_seq, prev = expected.get(event.stream, (0, GENESIS))
        if event.seq != last_seq + 1:
            findings.append(Finding(event.id, event.stream, event.seq, f"missing events after #{last_seq}"))
        elif event.prev_digest != prev:
            findings.append(Finding(event.id, event.stream, event.seq, "link to the previous event broken"))
        if event.digest != event_digest(event):
            findings.append(Finding(event.id, event.stream, event.seq, "contents changed"))
        expected[event.stream] = (event.seq, event.digest)
    for head in AuditStreamHead.objects.all():
        last_seq, last = expected.get(head.stream, (0, GENESIS))
        if (head.seq, head.last_digest) != (last_seq, last):
            findings.append(
                Finding(None, head.stream, last_seq + 1, f"chain ends at #{last_seq}, head says #{head.seq}")
            )
    return findings


def audit_verify_chain() -> list[int]:
    """Ids of events whose digest or link does not match (-1 for a missing tail): empty when intact."""
    return sorted({f.event_id if f.event_id is not None else -1 for f in chain_findings()})
