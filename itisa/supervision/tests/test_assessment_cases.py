"""Re-review (Weinan 15) and cycle assessment (Kunming 第十四条) as cases of their own: the lead files the
materials, the bureau decides, and the outcome becomes the grade the engine reads."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from itisa.documents.services import document_upload
from itisa.supervision.models import Grade, Revocation
from itisa.workflow.models import Case, CaseTransition
from itisa.workflow.services import TransitionRefused, case_act, case_attach_material, case_open

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def attach(case, lead, material, system_actor):
    doc = document_upload(actor=system_actor, kind="other", name=f"{material}.pdf", stream=io.BytesIO(PDF),
                          size=len(PDF), alliance=case.alliance)
    case_attach_material(actor=lead, case=case, material_id=material, document=doc)


def test_weinan_15_a_re_review_case_passed_records_the_re_review(recognised, staff_of, lead_of, system_actor):
    alliance = recognised("weinan-kjj", date(2016, 3, 1))
    lead, staff = lead_of(alliance), staff_of("weinan-kjj")
    case = case_open(actor=lead, alliance=alliance, procedure_id="re_review", on=date(2019, 2, 1))
    assert (case.pack_id, case.state, case.call) == ("610500-weinan/2015", "opened", None)
    with pytest.raises(TransitionRefused) as caught:  # the re-review materials first
        case_act(actor=lead, case=case, action="submit", on=date(2019, 2, 1))
    assert "15" in caught.value.messages[0]
    attach(case, lead, "re_review_report", system_actor)
    outcome = case_act(actor=lead, case=case, action="submit", on=date(2019, 2, 5))
    assert outcome.submission.number == 1
    with pytest.raises(PermissionDenied):  # the lead does not decide its own re-review
        case_act(actor=lead, case=case, action="pass_review", on=date(2019, 2, 20))
    assert case_act(actor=staff, case=case, action="pass_review", on=date(2019, 2, 20)).case.state == "passed"
    grade = Grade.objects.get(alliance=alliance, kind="re_review")
    assert (grade.year, grade.grade, grade.graded_on) == (2019, "pass", date(2019, 2, 20))
    alliance.refresh_from_db()
    assert alliance.status == "recognised" and not Revocation.objects.filter(alliance=alliance).exists()
    assert CaseTransition.objects.filter(case=case).values_list("article", flat=True).distinct().get() == "15"


def test_kunming_14_a_failed_cycle_assessment_case_revokes(recognised, staff_of, lead_of, system_actor):
    alliance = recognised("kunming-kjj", date(2020, 3, 1))
    lead, staff = lead_of(alliance), staff_of("kunming-kjj")
    contract = case_open(actor=lead, alliance=alliance, procedure_id="contract", on=date(2020, 3, 5))
    attach(contract, lead, "contract", system_actor)  # 第十四条: the cycle is assessed against the contract
    case_act(actor=lead, case=contract, action="submit", on=date(2020, 3, 5))
    case_act(actor=staff, case=contract, action="sign_contract", on=date(2020, 3, 6))
    case = case_open(actor=lead, alliance=alliance, procedure_id="cycle_assessment", on=date(2022, 3, 1))
    attach(case, lead, "cycle_report", system_actor)
    attach(case, lead, "signed_contract", system_actor)
    case_act(actor=lead, case=case, action="submit", on=date(2022, 3, 2))
    case_act(actor=staff, case=case, action="fail_assessment", reason="研发投入未达合同书约定", on=date(2022, 3, 20))
    assert Case.objects.get(pk=case.pk).closed
    assert Grade.objects.get(alliance=alliance, kind="cycle").grade == "fail"
    alliance.refresh_from_db()
    assert alliance.status == "revoked"
    assert Revocation.objects.get(alliance=alliance).article == "第十四条"
