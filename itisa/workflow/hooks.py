"""What a move of a case means for the alliance's register status (its recognition itself is
written by itisa.recognition)."""

from __future__ import annotations

from typing import Any

from itisa.register.models import AllianceStatus
from itisa.register.services import alliance_set_status
from itisa.workflow.models import Case, CaseTransition

# Entering these case states moves an alliance that is not yet recognised to this register status.
STATUS_ON_ENTRY = {
    "submitted": AllianceStatus.APPLYING,
    "submitted_to_county": AllianceStatus.APPLYING,
    "construction": AllianceStatus.CONSTRUCTING,  # Henan 第九条: one-year construction after approval
}
NOT_YET_RECOGNISED = {AllianceStatus.PREPARING, AllianceStatus.APPLYING, AllianceStatus.CONSTRUCTING}


def status_after_transition(case: Case, transition: CaseTransition, actor: Any) -> None:
    target = STATUS_ON_ENTRY.get(transition.to_state)
    if case.procedure_id != "recognition" or target is None:
        return
    if case.alliance.status in NOT_YET_RECOGNISED and case.alliance.status != target:
        alliance_set_status(actor=actor, alliance=case.alliance, status=target,
                            reason=f"{case.pack_id} {transition.article}: {transition.action}")


def status_after_close(case: Case, transition: CaseTransition, actor: Any) -> None:
    """A recognition case that ends without recognition (rejected, withdrawn) leaves an alliance that is
    not recognised back in preparation, so it can apply again."""
    if case.procedure_id != "recognition" or not case.closed or transition.to_state == "recognised":
        return
    if case.alliance.status in (AllianceStatus.APPLYING, AllianceStatus.CONSTRUCTING):
        alliance_set_status(actor=actor, alliance=case.alliance, status=AllianceStatus.PREPARING,
                            reason=f"{case.pack_id} {transition.article}: {transition.action}")
