"""A re-review (Weinan 15) or cycle assessment (Kunming 第十四条) case that ends records its grade, so the
engine's deadlines and consequences read it like any other evaluation (the grade applies them)."""

from __future__ import annotations

from typing import Any

from itisa.supervision.models import GradeKind
from itisa.supervision.services.evaluation import grade_record
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
