"""Weinan 13 reviews by field on the eight dimensions of 12; Henan 第十条 assesses acceptance with
expert sheets of round "acceptance"."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from itisa.register.models import IndustryField
from itisa.register.services import membership_add
from itisa.reviews.selectors import review_result
from itisa.reviews.services import expert_assign, sheet_submit
from itisa.workflow.guards import evaluate
from itisa.workflow.models import Case, Submission
from itisa.workflow.services import case_act
from policy.api import get_pack

pytestmark = pytest.mark.django_db
ON = date(2020, 6, 1)
WEINAN_DIMS = ["importance", "necessity", "innovation_goals", "implementation_plan", "operating_mechanism",
               "overall_strength", "fund_management", "results_and_benefits"]
WEINAN_YES = dict.fromkeys(["industry_policy_fit", "lead_is_backbone", "academia_technical_advantage",
                            "agreement_content"], True)


def case_at(alliance, pack_id, state):
    """A case placed directly at *state* with one submitted version (the steps before are not under test)."""
    case = Case.objects.create(alliance=alliance, jurisdiction=alliance.jurisdiction, pack_id=pack_id,
                               pack_digest=get_pack(pack_id).digest, procedure_id="recognition", state=state,
                               opened_on=ON)
    Submission.objects.create(case=case, number=1, facts={}, eligibility={}, materials={}, digest="test")
    return case


@pytest.fixture
def weinan(make_alliance, make_org, person, jurisdiction):
    pillar = IndustryField.objects.get(jurisdiction__code="weinan-kjj", code="pillar")
    alliance = make_alliance("渭南市装备制造产业技术创新战略联盟", juris="weinan-kjj",
                             lead=make_org("渭南装备龙头", region="610502"), founded_on=date(2014, 1, 1),
                             industry_field=pillar)
    return {"case": case_at(alliance, "610500-weinan/2015", "expert_review"), "field": pillar,
            "staff": person("wn_staff", role="bureau_staff", jurisdiction=jurisdiction("weinan-kjj"))}


def weinan_sheet(s, profile, scores):
    return sheet_submit(actor=profile.user, case=s["case"], scores=dict(zip(WEINAN_DIMS, scores, strict=True)),
                        answers=WEINAN_YES, on=ON)


def test_weinan_sheet_scores_each_dimension_and_averages_them(weinan, make_expert):
    s = weinan
    e = make_expert("wn_a", fields=[s["field"]])
    expert_assign(actor=s["staff"], case=s["case"], expert=e, on=ON)
    sheet = weinan_sheet(s, e, [90, 80, 70, 60, 90, 80, 70, "60.5"])
    assert sheet.mode == "dimensions" and sheet.score == Decimal("75.06")  # 600.5 / 8, half up
    assert sheet.dimension_scores.count() == 8
    with pytest.raises(ValidationError) as caught:
        sheet_submit(actor=e.user, case=s["case"], scores={"importance": 90}, answers=WEINAN_YES, on=ON)
    assert caught.value.code == "already_submitted"


def test_weinan_13_counts_the_sheets_of_experts_of_the_alliances_field(weinan, make_expert):
    s = weinan
    in_field, outsider, second = (make_expert("wn_f1", fields=[s["field"]]), make_expert("wn_x"),
                                  make_expert("wn_f2", tags=["支柱产业"]))
    for e in (in_field, outsider, second):
        expert_assign(actor=s["staff"], case=s["case"], expert=e, on=ON)
    weinan_sheet(s, in_field, [80] * 8)
    weinan_sheet(s, outsider, [80] * 8)
    result = review_result(s["case"])
    assert (result.by_field, result.counted, result.passed) == (True, 1, False)
    assert "支柱产业" in result.explanation()
    weinan_sheet(s, second, [70] * 8)
    ok, why = evaluate("expert_review_passed", s["case"], ON, {})
    assert ok, why
    assert review_result(s["case"]).dimensions["importance"].mean == Decimal("76.67")


def test_henan_10_acceptance_is_an_expert_assessment(make_alliance, make_org, person, jurisdiction, make_expert,
                                                     system_actor):
    alliance = make_alliance("河南省超硬材料产业技术创新战略联盟", juris="henan-kjt",
                             lead=make_org("郑州超硬材料龙头", region="410311"), founded_on=date(2013, 1, 1))
    # 第十条 recognises only an alliance that still meets the machine conditions (guard eligible): 第七条(三)
    # asks enterprises and a university or institute among the members.
    membership_add(actor=system_actor, alliance=alliance,
                   organisation=make_org("郑州超硬材料大学", region="410311", kind="university"),
                   joined_on=date(2013, 1, 1))
    case = case_at(alliance, "410000-henan/2013", "assessment")
    staff = person("hn_staff", role="bureau_staff", jurisdiction=jurisdiction("henan-kjt"))
    experts = [make_expert(f"hn_{i}") for i in range(2)]
    for e in experts:
        expert_assign(actor=staff, case=case, expert=e, round="acceptance", on=ON)
    questions = [q.condition_id for q in review_result(case, "acceptance").questions]
    assert questions and "lead_standing" not in questions  # 第七条 was judged at the review
    with pytest.raises(ValidationError) as caught:  # once per expert, case and round
        expert_assign(actor=staff, case=case, expert=experts[0], round="acceptance", on=ON)
    assert caught.value.code == "already_assigned"
    for e, score in zip(experts, ("82", "78"), strict=True):
        sheet_submit(actor=e.user, case=case, round="acceptance", opinion="pass", overall_score=score,
                     answers=dict.fromkeys(questions, True), on=ON)
    assert evaluate("expert_review_passed", case, ON, {})[0] is False  # the review round has no sheets
    ok, why = evaluate("acceptance_passed", case, ON, {})
    assert ok, why
    assert case_act(actor=staff, case=case, action="recognise", on=ON).case.state == "recognised"
