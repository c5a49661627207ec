"""渭南市 渭科发〔2015〕62号 — 6 (conditions), 10–13 (recommendation, application, expert review, recognition).

Every expected value is read off the text, not off the engine's output.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from policy.engine import compiled
from policy.facts import facts_from_dict
from policy.loader import get_pack
from policy.rules import procedure as proc
from policy.types import Refusal

PACK = "610500-weinan/2015"
LINWEI, HANCHENG, XIAN = "610502", "610581", "610113"  # 临渭区, 韩城市 (both 渭南); 西安 雁塔区
ON = dt.date(2016, 3, 1)
ALL_FLAGS = [
    "agreement_signed_by_all",
    "council",
    "expert_committee",
    "full_time_staff",
    "funding_mechanism",
    "fund_rules",
    "ip_rules",
    "benefit_sharing_rules",
    "open_membership",
    "results_diffusion",
]


def member(
    org_id: str, kind: str = "enterprise", region: str = LINWEI, role: str = "member", **kw: Any
) -> dict[str, Any]:
    return {"org_id": org_id, "kind": kind, "region": region, "role": role, **kw}


def members(core: int = 9, ordinary: int = 0, lead: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """A lead enterprise in Weinan, ``core`` core members (the first a university), ``ordinary`` plain members."""
    out = [lead or member("lead", role="lead")]
    out += [member(f"c{i}", "university" if i == 0 else "enterprise", HANCHENG, "core") for i in range(core)]
    out += [member(f"m{i}", region=XIAN) for i in range(ordinary)]
    return out


def alliance(ms: list[dict[str, Any]] | None = None, flags: list[str] | None = None, **kw: Any):
    return facts_from_dict(
        {"id": "wn1", "members": members() if ms is None else ms, "flags": ALL_FLAGS if flags is None else flags, **kw}
    )


def conditions(facts, on: dt.date = ON) -> dict[str, Any]:
    return {c.id: c for c in compiled(PACK).eligibility(facts, on).conditions}


# ----------------------------------------------------------------------------------------- 6(2) ten core members
def test_weinan_6_2_needs_ten_core_members():
    c = conditions(alliance(members(core=9)))["core_members_at_least_10"]  # lead + 9 core = 10
    assert c.status == "pass"
    assert c.detail["count"] == 10


def test_weinan_6_2_nine_core_members_fail():
    c = conditions(alliance(members(core=8)))["core_members_at_least_10"]  # lead + 8 core = 9
    assert c.status == "fail"
    assert c.citation.article == "6(2)" and c.citation.quote == "联盟核心成员不少于十家"


def test_weinan_6_2_ordinary_members_are_not_core_members():
    # 9 core (lead included) and 20 ordinary members: still fewer than ten core members
    assert conditions(alliance(members(core=8, ordinary=20)))["core_members_at_least_10"].status == "fail"


def test_weinan_6_2_a_core_member_that_left_does_not_count():
    ms = members(core=9)
    ms[-1]["left"] = "2016-02-01"
    assert conditions(alliance(ms))["core_members_at_least_10"].status == "fail"


def test_weinan_6_2_ten_is_a_cited_law_value():
    from policy.params import parameter

    pv = parameter(get_pack(PACK), "weinan.min_core_members", ON)
    assert pv.value == 10 and pv.citation.article == "6(2)"


# ----------------------------------------------------------------------------------------- 6(2) lead, kinds
def test_weinan_6_2_lead_is_an_enterprise_registered_in_weinan():
    assert conditions(alliance())["lead_local_enterprise"].status == "pass"


def test_weinan_6_2_lead_registered_in_xian_fails():
    ms = members(lead=member("lead", region=XIAN, role="lead"))
    assert conditions(alliance(ms))["lead_local_enterprise"].status == "fail"


def test_weinan_6_2_lead_must_be_an_enterprise():
    ms = members(lead=member("lead", "university", role="lead"))
    assert conditions(alliance(ms))["lead_local_enterprise"].status == "fail"


def test_weinan_6_2_backbone_standing_is_a_question_for_the_experts():
    result = compiled(PACK).eligibility(alliance(), ON)
    c = {c.id: c for c in result.conditions}["lead_is_backbone"]
    assert c.status == "review" and "骨干" in c.question["zh"]
    assert result.status == "review"  # never "eligible" while experts have questions


def test_weinan_6_2_members_are_independent_legal_persons():
    ms = members()
    ms.append(member("branch", legal_person=False))
    c = conditions(alliance(ms))["members_independent_legal_persons"]
    assert c.status == "fail" and c.detail["not_matching"] == ["branch"]


def test_weinan_6_2_members_include_an_enterprise_and_a_university_or_institute():
    ms = [member("lead", role="lead")] + [member(f"c{i}", role="core") for i in range(9)]  # enterprises only
    assert conditions(alliance(ms))["members_enterprises_and_academia"].status == "fail"
    assert conditions(alliance())["members_enterprises_and_academia"].status == "pass"


def test_weinan_6_2_banks_and_investors_may_join_and_be_core_members():
    # lead + university + 6 enterprises + a bank + an investor, all core: 10 core members
    ms = [member("lead", role="lead"), member("u", "university", role="core")]
    ms += [member(f"c{i}", role="core") for i in range(6)]
    ms += [member("bank", "bank", XIAN, "core"), member("vc", "investor", XIAN, "core")]
    cs = conditions(alliance(ms))
    assert cs["core_members_at_least_10"].status == "pass"
    assert cs["members_enterprises_and_academia"].status == "pass"
    assert compiled(PACK).eligibility(alliance(ms), ON).status == "review"


# ----------------------------------------------------------------------------------------- 6(1), 6(3)–6(7)
def test_weinan_6_1_industry_policy_fit_is_a_question_for_the_experts():
    c = conditions(alliance())["industry_policy_fit"]
    assert c.status == "review" and c.check == "expert" and c.citation.article == "6(1)"


@pytest.mark.parametrize(
    ("flag", "condition", "article"),
    [
        ("agreement_signed_by_all", "agreement_signed", "6(3)"),
        ("council", "organs_and_staff", "6(4)"),
        ("expert_committee", "organs_and_staff", "6(4)"),
        ("full_time_staff", "organs_and_staff", "6(4)"),
        ("funding_mechanism", "fund_rules", "6(5)"),
        ("fund_rules", "fund_rules", "6(5)"),
        ("ip_rules", "ip_and_benefit_sharing", "6(6)"),
        ("benefit_sharing_rules", "ip_and_benefit_sharing", "6(6)"),
        ("open_membership", "openness", "6(7)"),
        ("results_diffusion", "openness", "6(7)"),
    ],
)
def test_weinan_6_3_to_6_7_each_missing_element_fails_its_article(flag, condition, article):
    facts = alliance(flags=[f for f in ALL_FLAGS if f != flag])
    c = conditions(facts)[condition]
    assert c.status == "fail" and c.detail["missing"] == [flag] and c.citation.article == article
    assert compiled(PACK).eligibility(facts, ON).status == "not_eligible"


def test_weinan_6_3_agreement_content_is_a_question_for_the_experts():
    assert conditions(alliance())["agreement_content"].status == "review"


def test_weinan_6_everything_met_leaves_only_expert_questions():
    result = compiled(PACK).eligibility(alliance(), ON)
    assert result.status == "review"
    assert {q["condition"] for q in result.review_questions} == {
        "industry_policy_fit",
        "lead_is_backbone",
        "academia_technical_advantage",
        "agreement_content",
    }


# ----------------------------------------------------------------------------------------- 12 the score sheet
def test_weinan_12_eight_review_dimensions():
    dims = get_pack(PACK).data["evaluation"]["dimensions"]
    assert [d["zh"] for d in dims] == [
        "重要性评价",
        "必要性评价",
        "创新目标评价",
        "实施方案评价",
        "运行机制评价",
        "综合实力评价",
        "经费管理评价",
        "成果效益评价",
    ]
    assert [d["article"] for d in dims] == [f"12({i})" for i in range(1, 9)]


# ----------------------------------------------------------------------------------------- 10–13 procedure
WALK = [
    ("draft", "submit", "lead_unit", {"materials_complete": True}, "submitted"),
    ("submitted", "recommend", "recommender", {}, "recommended"),
    ("recommended", "accept", "bureau", {"recommended": True}, "expert_review"),
    ("expert_review", "recognise", "bureau", {"expert_review_passed": True, "eligible": True}, "recognised"),
]


@pytest.mark.parametrize(("state", "action", "role", "guards", "target"), WALK)
def test_weinan_10_to_13_recommendation_review_recognition(state, action, role, guards, target):
    t = proc.step(PACK, state, action, role, guards)
    assert not isinstance(t, Refusal), t
    assert t.target == target


def test_weinan_11_application_form_endorsed_by_the_recommender():
    ids = [m["id"] for m in proc.materials(PACK)]
    assert ids == ["application_form", "supporting_materials", "recommender_opinion"]
    assert proc.materials(PACK)[0]["zh"] == "《渭南市产业技术创新战略联盟认定申请表》"
    r = proc.step(PACK, "submitted", "recommend", "lead_unit")  # the lead cannot endorse itself
    assert isinstance(r, Refusal) and r.code == "wrong_role"


def test_weinan_11_incomplete_form_cannot_be_submitted():
    r = proc.step(PACK, "draft", "submit", "lead_unit", {"materials_complete": False})
    assert isinstance(r, Refusal) and r.code == "guard_failed"


def test_weinan_13_recognition_needs_the_expert_review():
    r = proc.step(PACK, "recommended", "recognise", "bureau")
    assert isinstance(r, Refusal) and r.code == "illegal_transition"
    r = proc.step(PACK, "expert_review", "recognise", "bureau", {"expert_review_passed": False})
    assert isinstance(r, Refusal) and r.code == "guard_failed"


def test_weinan_13_returned_for_revision_and_resubmitted():
    t = proc.step(PACK, "expert_review", "return_for_revision", "bureau")
    assert not isinstance(t, Refusal) and t.target == "returned"
    t = proc.step(PACK, "returned", "resubmit", "lead_unit", {"materials_complete": True})
    assert not isinstance(t, Refusal) and t.target == "submitted"


def test_weinan_13_recognised_by_document_is_terminal():
    assert {s["id"] for s in proc.states(PACK) if s.get("terminal")} == {"recognised", "rejected", "withdrawn"}
