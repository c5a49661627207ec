"""Guards the packs name that read the case's own history: Weinan's recommendation (11, 13) and
Henan's one-year construction period (第九条, 第十条)."""

from __future__ import annotations

from datetime import date

import pytest

from itisa.workflow import guards
from itisa.workflow.services import TransitionRefused, call_create, case_act, case_attach_material, case_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def pass_expert_review(monkeypatch):
    """Expert scoring has its own tests (itisa/reviews); here it is taken as passed."""
    monkeypatch.setitem(guards.GUARDS, "expert_review_passed", lambda case, on, ctx: (True, "test"))


def test_weinan_13_the_bureau_accepts_only_a_recommended_application(make_alliance, make_org, person, jurisdiction,
                                                                   pdf, system_actor):
    from itisa.register.services import membership_add

    alliance = make_alliance("渭南市煤化工产业技术创新战略联盟", juris="weinan-kjj", lead=make_org("渭南骨干企业", region="610502"))
    membership_add(actor=system_actor, alliance=alliance, organisation=make_org("渭南师范学院", region="610502",
                   kind="university"), joined_on=date(2019, 3, 1))
    lead = person("wn_lead", role="lead_unit", alliance=alliance)
    county = person("linwei", role="recommender", recommender_kind="county_bureau", jurisdiction=jurisdiction("610502-kjj"))
    staff = person("wn_staff", role="bureau_staff", jurisdiction=jurisdiction("weinan-kjj"))
    case = case_open(actor=lead, alliance=alliance, on=date(2020, 3, 2))
    for material in ("application_form", "supporting_materials", "recommender_opinion"):
        case_attach_material(actor=lead, case=case, material_id=material, document=pdf(f"{material}.pdf"))
    case_act(actor=lead, case=case, action="submit", on=date(2020, 3, 2))
    outcome = case_act(actor=county, case=case, action="recommend", reason="同意推荐", on=date(2020, 3, 5))
    assert (outcome.case.state, outcome.transition.role) == ("recommended", "recommender")
    assert case_act(actor=staff, case=case, action="accept", on=date(2020, 3, 9)).case.state == "expert_review"
    assert guards.recommended(case, date(2020, 3, 9), {})[0] is True


def test_weinan_10_an_association_recommends_without_being_a_member(make_alliance, make_org, person, pdf):
    """10 “市级部门、行业协会可围绕产业技术创新问题，设计和推荐联盟” — no membership is asked of the association."""
    from itisa.access.workflow import case_roles
    from itisa.register.models import Membership

    alliance = make_alliance("渭南市新材料产业技术创新战略联盟", juris="weinan-kjj", lead=make_org("渭南材料企业", region="610502"))
    assoc = make_org("渭南市新材料行业协会", region="610502")
    assert not Membership.objects.filter(alliance=alliance, organisation=assoc).exists()
    lead = person("wn_lead2", role="lead_unit", alliance=alliance)
    association = person("xiehui2", role="recommender", recommender_kind="association", organisation=assoc)
    case = case_open(actor=lead, alliance=alliance, on=date(2020, 3, 2))
    for material in ("application_form", "supporting_materials", "recommender_opinion"):
        case_attach_material(actor=lead, case=case, material_id=material, document=pdf(f"{material}.pdf"))
    case_act(actor=lead, case=case, action="submit", on=date(2020, 3, 2))
    assert "recommender" in case_roles(association, case)
    outcome = case_act(actor=association, case=case, action="recommend", reason="同意推荐", on=date(2020, 3, 5))
    assert (outcome.case.state, outcome.transition.role) == ("recommended", "recommender")


def test_weinan_11_a_recommendation_before_a_resubmission_does_not_count(make_alliance, make_org):
    from itisa.workflow.models import Case, CaseTransition

    alliance = make_alliance("渭南市测试联盟", juris="weinan-kjj", lead=make_org("渭南企业", region="610502"))
    case = Case.objects.create(alliance=alliance, jurisdiction=alliance.jurisdiction, pack_id="610500-weinan/2015",
                               pack_digest="x", procedure_id="recognition", state="recommended",
                               opened_on=date(2020, 1, 1))
    for seq, action in enumerate(["submit", "recommend", "resubmit"], start=1):
        CaseTransition.objects.create(case=case, seq=seq, from_state="-", to_state="-", action=action, role="x",
                                      actor_repr="x", on=date(2020, 1, seq), pack_digest="x")
    assert guards.recommended(case, date(2020, 1, 9), {})[0] is False


def test_henan_9_acceptance_is_applied_for_after_the_one_year_construction(
        make_alliance, make_org, person, jurisdiction, system_actor, pass_expert_review):
    from itisa.register.services import membership_add

    alliance = make_alliance("河南省轴承产业技术创新战略联盟", juris="henan-kjt", lead=make_org("洛阳轴承企业", region="410311"))
    membership_add(actor=system_actor, alliance=alliance, organisation=make_org("河南科技大学", region="410311",
                   kind="university"), joined_on=date(2019, 3, 1))
    lead = person("hn_lead", role="lead_unit", alliance=alliance)
    county = person("luolong", role="recommender", recommender_kind="county_bureau",
                    jurisdiction=jurisdiction("410311-kjj"))
    staff = person("hn_staff", role="bureau_staff", jurisdiction=jurisdiction("henan-kjt"))
    call = call_create(actor=staff, jurisdiction=jurisdiction("henan-kjt"), year=2019, title="2019年河南省联盟构建申报",
                       opens_on=date(2019, 4, 1), closes_on=date(2019, 5, 31))
    case = case_open(actor=lead, alliance=alliance, call=call, on=date(2019, 4, 10))
    case_act(actor=lead, case=case, action="submit", on=date(2019, 4, 10))
    case_act(actor=county, case=case, action="recommend", on=date(2019, 4, 20))
    case_act(actor=staff, case=case, action="accept", on=date(2019, 5, 6))
    case_act(actor=staff, case=case, action="approve_construction", on=date(2019, 6, 28))
    alliance.refresh_from_db()
    assert alliance.status == "constructing"
    with pytest.raises(TransitionRefused) as caught:
        case_act(actor=lead, case=case, action="apply_for_acceptance", on=date(2020, 6, 27))
    assert "2019-06-28" in caught.value.messages[0] and "2020-06-28" in caught.value.messages[0]
    assert "第九条" in caught.value.messages[0]
    outcome = case_act(actor=lead, case=case, action="apply_for_acceptance", on=date(2020, 6, 28))
    assert outcome.case.state == "acceptance_applied"


def test_every_guard_the_pack_lint_accepts_is_registered():
    """policy.types.GUARDS (what `python -m policy lint` accepts in a transition table) and the guards the apps
    register are the same set: a pack can name no guard the workflow cannot resolve."""
    from django.apps import apps

    from policy.types import GUARDS

    assert apps.ready
    assert set(GUARDS) == set(guards.GUARDS)
