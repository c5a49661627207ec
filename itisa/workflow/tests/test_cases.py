"""Cases follow their pack's transition table: roles, guards, articles, versions, conflicts."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from itisa.access import visible_to
from itisa.audit.models import AuditEvent
from itisa.workflow.models import Case, CaseTransition, Submission
from itisa.workflow.selectors import submission_changes
from itisa.workflow.services import (
    CaseConflict,
    TransitionRefused,
    call_create,
    case_act,
    case_attach_material,
    case_open,
)

pytestmark = pytest.mark.django_db
IN_TRIAL = date(2020, 6, 1)  # Jiangning's text: 2019-01-01 … 2021-12-31 (第十五条)
JIANGNING_MATERIALS = ["application", "agreement_charter_organs", "plans", "rules_of_procedure", "business_licences",
                       "funding_and_staff"]


def attach_all(case, lead, pdf, skip=()):
    for material in JIANGNING_MATERIALS:
        if material not in skip:
            case_attach_material(actor=lead, case=case, material_id=material, document=pdf(f"{material}.pdf"))


def test_jiangning_7_applications_are_year_round_without_a_call(jiangning_case_setup):
    s = jiangning_case_setup
    case = case_open(actor=s["lead"], alliance=s["alliance"], on=IN_TRIAL)
    assert (case.state, case.pack_id, case.call) == ("draft", "320115-jiangning/2019", None)


def test_a_case_under_a_lapsed_text_is_refused_citing_its_end(jiangning_case_setup):
    s = jiangning_case_setup
    with pytest.raises(ValidationError) as caught:
        case_open(actor=s["lead"], alliance=s["alliance"], on=date(2026, 11, 21))
    assert caught.value.code == "not_in_force"
    assert "第十五条" in caught.value.messages[0] and "2021-12-31" in caught.value.messages[0]


def test_jiangning_8_submission_needs_the_six_kinds_of_material(jiangning_case_setup, pdf):
    s = jiangning_case_setup
    case = case_open(actor=s["lead"], alliance=s["alliance"], on=IN_TRIAL)
    attach_all(case, s["lead"], pdf, skip=("plans",))
    with pytest.raises(TransitionRefused) as caught:
        case_act(actor=s["lead"], case=case, action="submit", on=IN_TRIAL)
    assert "近期、中期和远期发展规划（第八条第3项）" in caught.value.messages[0]
    assert "第七条" in caught.value.messages[0]
    assert "联盟认定申请书" not in caught.value.messages[0]
    assert Submission.objects.count() == 0
    case_attach_material(actor=s["lead"], case=case, material_id="plans", document=pdf("plans.pdf"))
    outcome = case_act(actor=s["lead"], case=case, action="submit", on=IN_TRIAL)
    assert outcome.case.state == "submitted" and outcome.submission.number == 1


def test_the_submitted_version_is_frozen_with_the_engine_result(jiangning_case_setup, pdf, make_org, system_actor):
    from itisa.register.services import membership_add

    s = jiangning_case_setup
    case = case_open(actor=s["lead"], alliance=s["alliance"], on=IN_TRIAL)
    attach_all(case, s["lead"], pdf)
    first = case_act(actor=s["lead"], case=case, action="submit", on=IN_TRIAL).submission
    assert first.eligibility["status"] in ("eligible", "review")
    assert len(first.facts["members"]) == 21
    # A later change of the register does not touch the frozen version …
    membership_add(actor=system_actor, alliance=s["alliance"], organisation=make_org("新成员", region="320115"),
                   joined_on=date(2020, 6, 2))
    first.refresh_from_db()
    assert len(first.facts["members"]) == 21
    # … it goes into the next version, and reviewers see what changed.
    case_act(actor=s["staff"], case=case, action="return_for_revision", reason="请补充成员", on=date(2020, 6, 3))
    second = case_act(actor=s["lead"], case=case, action="resubmit", on=date(2020, 6, 4)).submission
    assert second.number == 2
    assert submission_changes(second, first)["members_added"] == ["新成员"]


def test_a_double_clicked_submission_creates_one_version(jiangning_case_setup, pdf):
    s = jiangning_case_setup
    case = case_open(actor=s["lead"], alliance=s["alliance"], on=IN_TRIAL)
    attach_all(case, s["lead"], pdf)
    seen = Case.objects.get(pk=case.pk).lock_version
    case_act(actor=s["lead"], case=case, action="submit", expected_version=seen, on=IN_TRIAL)
    with pytest.raises(CaseConflict):
        case_act(actor=s["lead"], case=case, action="submit", expected_version=seen, on=IN_TRIAL)
    assert Submission.objects.filter(case=case).count() == 1


def test_two_staff_deciding_at_once_one_wins_the_other_gets_a_conflict(jiangning_case_setup, pdf):
    s = jiangning_case_setup
    case = case_open(actor=s["lead"], alliance=s["alliance"], on=IN_TRIAL)
    attach_all(case, s["lead"], pdf)
    case_act(actor=s["lead"], case=case, action="submit", on=IN_TRIAL)
    seen = Case.objects.get(pk=case.pk).lock_version
    case_act(actor=s["staff"], case=case, action="accept", expected_version=seen, on=IN_TRIAL)
    with pytest.raises(CaseConflict) as caught:
        case_act(actor=s["staff2"], case=case, action="reject", reason="不符合", expected_version=seen, on=IN_TRIAL)
    assert caught.value.code == "stale"
    assert Case.objects.get(pk=case.pk).state == "expert_review"
    assert not CaseTransition.objects.filter(case=case, action="reject").exists()


def test_an_action_for_another_role_is_forbidden(jiangning_case_setup, pdf):
    s = jiangning_case_setup
    case = case_open(actor=s["lead"], alliance=s["alliance"], on=IN_TRIAL)
    attach_all(case, s["lead"], pdf)
    case_act(actor=s["lead"], case=case, action="submit", on=IN_TRIAL)
    with pytest.raises(PermissionDenied):
        case_act(actor=s["lead"], case=case, action="accept", on=IN_TRIAL)  # the bureau accepts, not the lead
    with pytest.raises(PermissionDenied):
        case_act(actor=s["other_staff"], case=case, action="accept", on=IN_TRIAL)  # another city's bureau


@pytest.mark.parametrize("state_action", [("draft", "accept"), ("draft", "recognise"), ("draft", "resubmit")])
def test_every_move_outside_the_table_is_refused_with_a_reason(jiangning_case_setup, state_action):
    s = jiangning_case_setup
    case = case_open(actor=s["lead"], alliance=s["alliance"], on=IN_TRIAL)
    with pytest.raises(TransitionRefused) as caught:
        case_act(actor=s["staff"], case=case, action=state_action[1], on=IN_TRIAL)
    assert caught.value.code == "illegal_transition"
    assert Case.objects.get(pk=case.pk).state == "draft"


def test_an_unchecked_guard_never_passes_silently(jiangning_case_setup, pdf):
    s = jiangning_case_setup
    case = case_open(actor=s["lead"], alliance=s["alliance"], on=IN_TRIAL)
    attach_all(case, s["lead"], pdf)
    case_act(actor=s["lead"], case=case, action="submit", on=IN_TRIAL)
    case_act(actor=s["staff"], case=case, action="accept", on=IN_TRIAL)
    with pytest.raises(TransitionRefused) as caught:
        case_act(actor=s["staff"], case=case, action="recognise", on=IN_TRIAL)
    assert caught.value.code == "guard_failed"


def test_every_move_is_on_the_timeline_and_in_the_audit_trail(jiangning_case_setup, pdf):
    s = jiangning_case_setup
    case = case_open(actor=s["lead"], alliance=s["alliance"], on=IN_TRIAL)
    attach_all(case, s["lead"], pdf)
    case_act(actor=s["lead"], case=case, action="submit", on=IN_TRIAL)
    case_act(actor=s["staff"], case=case, action="return_for_revision", reason="章程未盖章", on=IN_TRIAL)
    timeline = list(CaseTransition.objects.filter(case=case).values_list("seq", "from_state", "to_state", "role",
                                                                         "article", "reason"))
    assert timeline == [(1, "draft", "submitted", "lead_unit", "第七条", ""),
                        (2, "submitted", "returned", "bureau", "第九条", "章程未盖章")]
    submit_event = AuditEvent.objects.get(action="case.submit", target_id=str(case.pk))
    assert submit_event.after["engine_digest"] and submit_event.after["pack_digest"] == case.pack_digest


def test_kunming_9_applications_go_through_the_yearly_call(make_alliance, make_org, person, jurisdiction):
    alliance = make_alliance("昆明花卉产业技术创新战略联盟", juris="kunming-kjj", lead=make_org("昆明企业", region="530102"))
    lead = person("km_lead", role="lead_unit", alliance=alliance)
    staff = person("km_staff", role="bureau_staff", jurisdiction=jurisdiction("kunming-kjj"))
    with pytest.raises(TransitionRefused) as caught:
        case_open(actor=lead, alliance=alliance, on=date(2024, 5, 1))
    assert caught.value.code == "call_required" and "第九条" in caught.value.messages[0]
    call = call_create(actor=staff, jurisdiction=jurisdiction("kunming-kjj"), year=2024, title="2024年度联盟认定",
                       opens_on=date(2024, 4, 1), closes_on=date(2024, 4, 30))
    with pytest.raises(TransitionRefused) as caught:
        case_open(actor=lead, alliance=alliance, call=call, on=date(2024, 5, 1))
    assert caught.value.code == "outside_window"
    case = case_open(actor=lead, alliance=alliance, call=call, on=date(2024, 4, 30))  # the last day counts
    assert case.pack_id == "530100-kunming/2016"


def test_one_open_case_per_alliance_and_procedure(jiangning_case_setup):
    s = jiangning_case_setup
    case_open(actor=s["lead"], alliance=s["alliance"], on=IN_TRIAL)
    with pytest.raises(CaseConflict):
        case_open(actor=s["lead"], alliance=s["alliance"], on=IN_TRIAL)


def test_cases_are_seen_by_their_lead_and_bureau_only(jiangning_case_setup):
    s = jiangning_case_setup
    case = case_open(actor=s["lead"], alliance=s["alliance"], on=IN_TRIAL)
    assert list(visible_to(s["lead"], "workflow.view_case")) == [case]
    assert list(visible_to(s["staff"], "workflow.view_case")) == [case]
    assert list(visible_to(s["other_staff"], "workflow.view_case")) == []


def test_submitting_makes_the_alliance_applying_and_a_rejection_returns_it_to_preparation(jiangning_case_setup, pdf):
    s = jiangning_case_setup
    case = case_open(actor=s["lead"], alliance=s["alliance"], on=IN_TRIAL)
    attach_all(case, s["lead"], pdf)
    case_act(actor=s["lead"], case=case, action="submit", on=IN_TRIAL)
    s["alliance"].refresh_from_db()
    assert s["alliance"].status == "applying"
    case_act(actor=s["staff"], case=case, action="reject", reason="不符合第六条", on=IN_TRIAL)
    s["alliance"].refresh_from_db()
    assert s["alliance"].status == "preparing"
    assert Case.objects.get(pk=case.pk).closed
