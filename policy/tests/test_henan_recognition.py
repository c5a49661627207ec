"""河南省 豫科〔2013〕146号 — 第六至十条: conditions to apply for construction, construction, acceptance.

Every expected value is read off the text, not off the engine's output.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from policy.engine import compiled
from policy.facts import facts_from_dict
from policy.rules import procedure as proc
from policy.types import Refusal

PACK = "410000-henan/2013"
ZHENGZHOU, LUOYANG, WUHAN, BEIJING = "410100", "410300", "420100", "110108"
ON = dt.date(2014, 5, 1)
CONSTRUCTION_FLAGS = [
    "organs_decision",
    "organs_consultation",
    "organs_execution",
    "outward_responsible_party",
    "office",
    "full_time_staff",
    "development_plan",
    "innovation_system_plan",
    "agreement_signed_by_all",
    "charter",
    "fund_rules",
    "ip_rules",
    "benefit_sharing_rules",
    "open_membership",
    "results_diffusion",
]


def member(org_id: str, kind: str = "enterprise", region: str = ZHENGZHOU, **kw: Any) -> dict[str, Any]:
    return {"org_id": org_id, "kind": kind, "region": region, **kw}


def alliance(members: list[dict[str, Any]] | None = None, **kw: Any):
    """A Zhengzhou-led alliance: lead enterprise, a Luoyang enterprise, a university — all in Henan."""
    if members is None:
        members = [member("lead", role="lead"), member("e2", region=LUOYANG), member("u1", "university")]
    return facts_from_dict({"id": "hn1", "members": members, **kw})


def conditions(facts, on: dt.date = ON) -> dict[str, Any]:
    return {c.id: c for c in compiled(PACK).eligibility(facts, on).conditions}


# ----------------------------------------------------------------------------------------- 第七条(一)
def test_henan_7_1_lead_registered_in_henan_as_legal_person_passes():
    assert conditions(alliance())["lead_henan_legal_person"].status == "pass"


def test_henan_7_1_lead_registered_outside_henan_fails():
    facts = alliance(
        [member("lead", region=WUHAN, role="lead"), member("e2"), member("u1", "university"), member("e3")]
    )
    c = conditions(facts)["lead_henan_legal_person"]
    assert c.status == "fail"
    assert c.citation.article == "第七条(一)"


def test_henan_7_1_lead_that_is_not_a_legal_person_fails():
    facts = alliance([member("lead", role="lead", legal_person=False), member("e2"), member("u1", "university")])
    assert conditions(facts)["lead_henan_legal_person"].status == "fail"


def test_henan_7_1_exactly_half_in_henan_is_not_mostly():
    # 2 of 4 in Henan = 1/2: "以河南本省法人为主" is read as strictly more than half → fails
    facts = alliance(
        [
            member("lead", role="lead"),
            member("u1", "university"),
            member("x1", region=WUHAN),
            member("x2", region=BEIJING),
        ]
    )
    c = conditions(facts)["members_mostly_henan"]
    assert c.status == "fail"
    assert c.reading  # the pack says it is a reading


def test_henan_7_1_one_more_henan_member_is_mostly():
    # 3 of 5 in Henan = 3/5 > 1/2 → passes
    facts = alliance(
        [
            member("lead", role="lead"),
            member("u1", "university"),
            member("e3", region=LUOYANG),
            member("x1", region=WUHAN),
            member("x2", region=BEIJING),
        ]
    )
    assert conditions(facts)["members_mostly_henan"].status == "pass"


def test_henan_7_1_mostly_is_a_cited_reading_of_one_half():
    from fractions import Fraction

    from policy.loader import get_pack
    from policy.params import parameter

    pv = parameter(get_pack(PACK), "henan.local_share", ON)
    assert pv.value == Fraction(1, 2)
    assert pv.citation.article == "第七条(一)"
    assert get_pack(PACK).parameters["local_share"].kind == "reading"


def test_henan_7_1_a_member_that_left_no_longer_counts():
    # 3 in Henan of 5, but one Henan member left before the date → 2 of 4 → exactly half → fails
    facts = alliance(
        [
            member("lead", role="lead"),
            member("u1", "university"),
            member("e3", left="2014-04-30"),
            member("x1", region=WUHAN),
            member("x2", region=BEIJING),
        ]
    )
    assert conditions(facts)["members_mostly_henan"].status == "fail"


# ----------------------------------------------------------------------------------------- 第七条(二)(三)
def test_henan_7_2_lead_standing_is_a_question_for_the_experts():
    result = compiled(PACK).eligibility(alliance(), ON)
    c = {c.id: c for c in result.conditions}["lead_standing"]
    assert c.status == "review" and c.check == "expert"
    assert "省内领先" in c.question["zh"]
    assert any(q["condition"] == "lead_standing" and q["article"] == "第七条(二)" for q in result.review_questions)


def test_henan_7_3_is_conditional_no_university_or_institute_minimum():
    """第七条(三) “成员单位是企业的应…；成员单位是高等院校、科研院所及机构的应…”: what each kind of member must be,
    not that one of each must be present — an alliance of enterprises alone fails no machine condition of it."""
    only_firms = alliance([member("lead", role="lead"), member("e2"), member("e3")])
    cs = conditions(only_firms)
    assert "members_enterprises_and_academia" not in cs
    assert [c.id for c in cs.values() if c.citation.article == "第七条(三)"] == ["members_standing"]
    assert cs["members_standing"].status == "review"
    assert "如有高等院校" in cs["members_standing"].question["zh"]


def test_henan_7_3_member_standing_is_a_question_for_the_experts():
    c = conditions(alliance())["members_standing"]
    assert c.status == "review" and c.check == "expert" and c.citation.article == "第七条(三)"


def test_henan_7_an_application_meeting_the_machine_conditions_goes_to_review_not_to_pass():
    # machine conditions met, expert ones open: never "eligible" silently
    assert compiled(PACK).eligibility(alliance(), ON).status == "review"


# ----------------------------------------------------------------------------------------- 第九条 (checked at 第十条)
def test_henan_9_construction_results_are_not_required_to_apply():
    # no construction approved yet, none of the 第九条 flags: the application is not refused for them
    facts = alliance()
    cs = conditions(facts)
    for cid in ("construction_organs", "construction_plans", "construction_agreement"):
        assert cs[cid].status == "pass"
        assert cs[cid].detail["stage"] == "not_yet_required"
    assert compiled(PACK).eligibility(facts, ON).status == "review"


def test_henan_9_1_office_without_full_time_staff_fails_at_acceptance():
    flags = [f for f in CONSTRUCTION_FLAGS if f != "full_time_staff"]
    facts = alliance(flags=flags, events=[{"kind": "construction_approved", "date": "2014-03-10"}])
    c = conditions(facts, dt.date(2015, 3, 10))["construction_organs"]
    assert c.status == "fail"
    assert c.detail["missing"] == ["full_time_staff"]
    assert compiled(PACK).eligibility(facts, dt.date(2015, 3, 10)).status == "not_eligible"


def test_henan_9_2_both_plans_are_needed():
    flags = [f for f in CONSTRUCTION_FLAGS if f != "innovation_system_plan"]
    facts = alliance(flags=flags, events=[{"kind": "construction_approved", "date": "2014-03-10"}])
    assert conditions(facts, dt.date(2015, 3, 10))["construction_plans"].status == "fail"


def test_henan_9_3_agreement_and_charter_both_signed():
    flags = [f for f in CONSTRUCTION_FLAGS if f != "charter"]
    facts = alliance(flags=flags, events=[{"kind": "construction_approved", "date": "2014-03-10"}])
    assert conditions(facts, dt.date(2015, 3, 10))["construction_agreement"].status == "fail"


def test_henan_9_all_construction_results_pass_at_acceptance():
    facts = alliance(flags=CONSTRUCTION_FLAGS, events=[{"kind": "construction_approved", "date": "2014-03-10"}])
    cs = conditions(facts, dt.date(2015, 3, 10))
    for cid in (
        "construction_organs",
        "construction_plans",
        "construction_agreement",
        "fund_rules",
        "ip_and_benefit_sharing",
        "openness",
    ):
        assert cs[cid].status == "pass", cid


def test_henan_11_3_openness_needs_the_diffusion_mechanism_at_acceptance():
    flags = [f for f in CONSTRUCTION_FLAGS if f != "results_diffusion"]
    facts = alliance(flags=flags, events=[{"kind": "construction_approved", "date": "2014-03-10"}])
    c = conditions(facts, dt.date(2015, 3, 10))["openness"]
    assert c.status == "fail" and c.citation.article == "第十一条(三)"


def test_henan_9_construction_approved_after_the_date_is_not_yet_construction():
    facts = alliance(events=[{"kind": "construction_approved", "date": "2014-06-01"}])
    assert conditions(facts, dt.date(2014, 5, 31))["construction_organs"].detail["stage"] == "not_yet_required"
    assert conditions(facts, dt.date(2014, 6, 1))["construction_organs"].status == "fail"


# ----------------------------------------------------------------------------------------- 第六、八、九、十条 procedure
WALK = [
    ("draft", "submit", "lead_unit", {}, "submitted"),
    ("submitted", "recommend", "recommender", {}, "recommended"),
    ("recommended", "accept", "bureau", {"eligible": True}, "expert_review"),
    ("expert_review", "approve_construction", "bureau", {"expert_review_passed": True}, "construction"),
    ("construction", "apply_for_acceptance", "lead_unit", {"construction_period_elapsed": True}, "acceptance_applied"),
    ("acceptance_applied", "start_assessment", "bureau", {"materials_complete": True}, "assessment"),
    ("assessment", "recognise", "bureau", {"acceptance_passed": True, "eligible": True}, "recognised"),
]


def test_henan_6_public_call_through_a_recommending_body():
    assert proc.intake(PACK)["mode"] == "public_call"
    t = proc.step(PACK, "submitted", "recommend", "recommender")
    assert not isinstance(t, Refusal) and t.citation.article == "第六条"


@pytest.mark.parametrize(("state", "action", "role", "guards", "target"), WALK)
def test_henan_6_to_10_the_path_from_call_to_recognition(state, action, role, guards, target):
    t = proc.step(PACK, state, action, role, guards)
    assert not isinstance(t, Refusal), t
    assert t.target == target


def test_henan_8_approval_is_to_construct_not_to_recognise():
    r = proc.step(PACK, "expert_review", "recognise", "bureau", {"expert_review_passed": True})
    assert isinstance(r, Refusal) and r.code == "illegal_transition"


def test_henan_10_acceptance_only_after_the_construction_year():
    r = proc.step(PACK, "construction", "apply_for_acceptance", "lead_unit", {})
    assert isinstance(r, Refusal) and r.code == "guard_failed"


def test_henan_10_recognition_only_when_acceptance_passes():
    r = proc.step(PACK, "assessment", "recognise", "bureau", {"acceptance_passed": False})
    assert isinstance(r, Refusal) and r.code == "guard_failed"


def test_henan_10_assessment_can_return_the_alliance_to_construction():
    t = proc.step(PACK, "assessment", "return_for_revision", "bureau")
    assert not isinstance(t, Refusal) and t.target == "construction"


def test_henan_6_the_lead_cannot_recommend_itself():
    r = proc.step(PACK, "submitted", "recommend", "lead_unit")
    assert isinstance(r, Refusal) and r.code == "wrong_role"


def test_henan_6_returned_application_can_be_resubmitted():
    t = proc.step(PACK, "recommended", "return_for_revision", "bureau")
    assert not isinstance(t, Refusal) and t.target == "returned"
    t = proc.step(PACK, "returned", "resubmit", "lead_unit")
    assert not isinstance(t, Refusal) and t.target == "submitted"


def test_henan_9_acceptance_materials_are_the_construction_results():
    arts = [m["article"] for m in proc.materials(PACK)]
    assert arts == ["第九条(一)", "第九条(二)", "第九条(三)"]


def test_henan_recognised_and_rejected_are_terminal():
    terminal = {s["id"] for s in proc.states(PACK) if s.get("terminal")}
    assert terminal == {"recognised", "rejected", "withdrawn"}


def test_henan_7_1_only_legal_persons_count_as_henan_legal_persons():
    # “以河南本省的法人单位为主”: a Henan member without legal personality does not count toward the majority.
    facts = alliance(
        [
            member("lead", role="lead"),
            member("u1", "university"),
            member("e3", region=LUOYANG, legal_person=False),
            member("x1", region=WUHAN),
            member("x2", region=BEIJING),
        ]
    )
    assert conditions(facts)["members_mostly_henan"].status == "fail"  # 2 of 5 Henan legal persons
