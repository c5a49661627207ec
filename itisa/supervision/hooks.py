"""A re-review (Weinan 15) or cycle assessment (Kunming 第十四条) case that ends records its grade, so the
engine's deadlines and consequences read it like any other evaluation (the grade applies them). A revocation
case (the packs' ``revocation`` procedure) that reaches ``revoked`` records the revocation."""

from __future__ import annotations

from typing import Any

from itisa.supervision.models import GradeKind
from itisa.supervision.services.evaluation import _revoke, grade_record
from itisa.workflow.models import Case, CaseTransition

GRADE_KIND_OF_PROCEDURE = {"re_review": GradeKind.RE_REVIEW, "cycle_assessment": GradeKind.CYCLE}
GRADE_OF_STATE = {"passed": "pass", "failed": "fail"}


def grade_after_assessment(case: Case, transition: CaseTransition, actor: Any) -> None:
    kind = GRADE_KIND_OF_PROCEDURE.get(case.procedure_id)
    grade = GRADE_OF_STATE.get(transition.to_state)
    if kind is None or grade is None:
        return
    grade_record(actor=actor, alliance=case.alliance, year=transition.on.year, grade=grade, kind=kind,
                 on=transition.on, note=f"{case.pack_id} {transition.article}: {transition.reason}".strip(": "))


def revocation_after_case(case: Case, transition: CaseTransition, actor: Any) -> None:
    """The decision of a revocation procedure: the alliance revoked, citing the move's article; the plaque is
    recalled where the text issued one (its ``naming.plaque``), published where the procedure publishes."""
    if case.procedure_id != "revocation" or transition.to_state != "revoked":
        return
    from policy.api import get_pack, naming, procedure

    pack = get_pack(case.pack_id)
    publish = any(s["id"] == "published" for s in procedure(pack, "revocation")["states"])
    _revoke(actor=actor, alliance=case.alliance, pack=pack, article=transition.article,
            reason=transition.reason or f"{pack.doc} {transition.article}", on=transition.on,
            plaque=bool(naming(pack).plaque), publish=publish)
