"""Sheets, guards and site visits driving a Jiangning case through 第九条 with case_act."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from itisa.access.workflow import case_roles
from itisa.audit.models import AuditEvent
from itisa.register.models import MemberRole, Membership
from itisa.reviews.models import ScoreSheet, SiteVisit
from itisa.reviews.selectors import cases_assigned_to, review_result
from itisa.reviews.services import expert_assign, expert_unassign, sheet_submit, site_visit_record
from itisa.workflow.guards import evaluate
from itisa.workflow.services import TransitionRefused, case_act

from .conftest import IN_TRIAL

pytestmark = pytest.mark.django_db
YES = {"members_standing": True, "lead_is_leading": {"answer": True, "comment": "区内龙头"}}


@pytest.fixture
def panel(jiangning_in_review, make_expert):
    s = jiangning_in_review
    experts = [make_expert(name) for name in ("expert_a", "expert_b", "expert_c")]
    for e in experts[:2]:
        expert_assign(actor=s["staff"], case=s["case"], expert=e, on=IN_TRIAL)
    return {**s, "experts": experts}


def submit(s, expert, score="85", opinion="pass", answers=None):
    return sheet_submit(actor=expert.user, case=s["case"], opinion=opinion, overall_score=score,
                        answers=answers or YES, on=IN_TRIAL)


def test_expert_review_passed_needs_two_sheets(panel):
    s = panel
    submit(s, s["experts"][0])
    ok, why = evaluate("expert_review_passed", s["case"], IN_TRIAL, {})
    assert not ok and "1" in why and "2" in why
    with pytest.raises(TransitionRefused):
        case_act(actor=s["staff"], case=s["case"], action="recognise", on=IN_TRIAL)
    submit(s, s["experts"][1], score="75")
    ok, why = evaluate("expert_review_passed", s["case"], IN_TRIAL, {})
    assert ok, why
    result = review_result(s["case"])
    assert (result.scores.mean, result.scores.trimmed_mean) == (Decimal("80.00"), Decimal("80.00"))
    outcome = case_act(actor=s["staff"], case=s["case"], action="recognise", on=IN_TRIAL)
    assert outcome.case.state == "recognised" and outcome.transition.article == "第九条"


def test_a_low_score_or_a_no_majority_keeps_the_review_from_passing(panel, make_expert):
    s = panel
    submit(s, s["experts"][0], score="55", answers={"members_standing": False, "lead_is_leading": True})
    submit(s, s["experts"][1], score="60", answers={"members_standing": True, "lead_is_leading": True})
    result = review_result(s["case"])
    assert not result.passed
    assert result.scores.trimmed_mean == Decimal("57.50")
    assert [q.tie for q in result.questions] == [True, False]
    assert len(result.missing) == 2  # the score, and the split on 第六条1
    assert "第六条1" in result.explanation() and "57.50" in result.explanation()


def test_a_majority_of_fail_opinions_keeps_the_review_from_passing(panel):
    s = panel
    submit(s, s["experts"][0], score="70", opinion="fail")
    submit(s, s["experts"][1], score="70", opinion="fail")
    assert review_result(s["case"]).opinion is False
    assert not evaluate("expert_review_passed", s["case"], IN_TRIAL, {})[0]


def test_a_sheet_is_submitted_once_and_frozen(panel):
    s = panel
    first = submit(s, s["experts"][0])
    assert first.submission == s["case"].submissions.get(number=1)  # the version it judged
    with pytest.raises(ValidationError) as caught:
        submit(s, s["experts"][0], score="99")
    assert caught.value.code == "already_submitted"
    assert ScoreSheet.objects.filter(case=s["case"]).count() == 1
    assert ScoreSheet.objects.get().score == Decimal("85.00")
    assert AuditEvent.objects.filter(action="review.sheet_submit", target_id=str(s["case"].pk)).count() == 1


def test_an_incomplete_sheet_is_refused_with_every_gap(panel):
    s = panel
    with pytest.raises(ValidationError) as caught:
        sheet_submit(actor=s["experts"][0].user, case=s["case"], opinion="", overall_score="101",
                     answers={"members_standing": True, "made_up": True}, on=IN_TRIAL)
    codes = {e.code for e in caught.value.error_list}
    assert codes == {"opinion_missing", "bad_score", "answer_missing", "unknown_item"}
    assert not ScoreSheet.objects.exists()


def test_an_expert_acting_on_an_unassigned_case_is_forbidden(panel):
    s = panel
    outsider = s["experts"][2]
    assert "expert" not in case_roles(outsider.user, s["case"])
    with pytest.raises(PermissionDenied):
        case_act(actor=outsider.user, case=s["case"], action="order_site_visit", on=IN_TRIAL)
    with pytest.raises(PermissionDenied):
        submit(s, outsider)
    with pytest.raises(PermissionDenied):
        site_visit_record(actor=outsider.user, case=s["case"], visited_on=IN_TRIAL, visitors="x", findings="y",
                          result="pass")
    assert list(cases_assigned_to(outsider.user)) == []
    assert list(cases_assigned_to(s["experts"][0].user)) == [s["case"]]


def test_the_expert_role_is_for_the_assigned_case_only(panel, make_alliance, make_org):
    s = panel
    from itisa.workflow.models import Case

    other = Case.objects.create(alliance=make_alliance("另一联盟", juris="jiangning-kjj",
                                                       lead=make_org("另一牵头", region="320115")),
                                jurisdiction=s["case"].jurisdiction, pack_id=s["case"].pack_id,
                                pack_digest=s["case"].pack_digest, procedure_id="recognition", state="expert_review",
                                opened_on=IN_TRIAL)
    expert = s["experts"][0].user
    assert "expert" in case_roles(expert, s["case"]) and "expert" not in case_roles(expert, other)


def test_an_expert_whose_organisation_joins_the_alliance_loses_the_case(panel, system_actor):
    s = panel
    expert = s["experts"][0]
    Membership.objects.create(alliance=s["alliance"], organisation=expert.organisation, role=MemberRole.MEMBER,
                              joined_on=date(2020, 7, 1))
    assert list(cases_assigned_to(expert.user)) == []
    assert "expert" not in case_roles(expert.user, s["case"])
    with pytest.raises(ValidationError) as caught:
        submit(s, expert)
    assert caught.value.code == "conflict_of_interest"


def test_a_withdrawn_experts_sheet_stops_counting(panel):
    s = panel
    first = submit(s, s["experts"][0])
    submit(s, s["experts"][1])
    assert review_result(s["case"]).passed
    expert_unassign(actor=s["staff"], assignment=first.assignment, reason="回避")
    assert review_result(s["case"]).counted == 1


def test_jiangning_9_site_visit_then_recognition(panel, pdf):
    s = panel
    expert = s["experts"][0].user
    # 第九条: the district bureau organises the third-party experts and makes the site visit — not the experts
    with pytest.raises(PermissionDenied):
        case_act(actor=expert, case=s["case"], action="order_site_visit", reason="核实办公场所", on=IN_TRIAL)
    outcome = case_act(actor=s["staff"], case=s["case"], action="order_site_visit", reason="核实办公场所",
                       on=IN_TRIAL)
    assert (outcome.case.state, outcome.transition.role) == ("site_visit", "bureau")
    submit(s, s["experts"][0])
    submit(s, s["experts"][1])
    with pytest.raises(TransitionRefused):  # no visit recorded yet
        case_act(actor=s["staff"], case=s["case"], action="recognise", on=IN_TRIAL)
    site_visit_record(actor=expert, case=s["case"], visited_on=date(2020, 6, 10), visitors="专家A、区科技局张三",
                      findings="办公场所未落实", result="fail")
    ok, why = evaluate("site_visit_passed", s["case"], IN_TRIAL, {})
    assert not ok and "办公场所未落实" in why
    site_visit_record(actor=s["staff"], case=s["case"], visited_on=date(2020, 6, 20), visitors="专家A、区科技局张三",
                      findings="已整改到位", result="pass", document=pdf("走访记录.pdf"))
    outcome = case_act(actor=s["staff"], case=s["case"], action="recognise", on=date(2020, 6, 21))
    assert outcome.case.state == "recognised"
    assert SiteVisit.objects.filter(case=s["case"]).count() == 2
    assert AuditEvent.objects.filter(action="review.site_visit").count() == 2


def test_a_passing_site_visit_needs_the_expert_review_too(panel):
    s = panel
    case_act(actor=s["staff"], case=s["case"], action="order_site_visit", on=IN_TRIAL)
    site_visit_record(actor=s["staff"], case=s["case"], visited_on=IN_TRIAL, visitors="区科技局", findings="良好",
                      result="pass")
    ok, why = evaluate("site_visit_passed", s["case"], IN_TRIAL, {})
    assert not ok and "0" in why
    with pytest.raises(PermissionDenied):
        site_visit_record(actor=s["lead"], case=s["case"], visited_on=IN_TRIAL, visitors="x", findings="y",
                          result="pass")
