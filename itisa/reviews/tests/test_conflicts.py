"""§1: an expert never reviews an alliance their own organisation belongs to, or belonged to in the
last three years; assignment is the bureau's, and refuses a conflicted expert naming the membership."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from itisa.accounts.models import RoleAssignment
from itisa.register.models import MemberRole, Membership
from itisa.reviews.conflicts import conflicts_of
from itisa.reviews.models import ExpertAssignment
from itisa.reviews.selectors import expert_candidates
from itisa.reviews.services import expert_assign

from .conftest import IN_TRIAL

pytestmark = pytest.mark.django_db
ON = date(2020, 6, 1)


@pytest.fixture
def weinan_alliance(make_alliance, make_org):
    return make_alliance("渭南市果业产业技术创新战略联盟", juris="weinan-kjj", lead=make_org("渭南果业龙头", region="610502"),
                         founded_on=date(2010, 1, 1))


def member(alliance, org, joined, left=None):
    return Membership.objects.create(alliance=alliance, organisation=org, role=MemberRole.MEMBER, joined_on=joined,
                                     left_on=left)


def test_it_is_a_conflict_when_the_experts_organisation_is_a_member_now(weinan_alliance, make_org, make_expert):
    org = make_org("渭南师范学院", region="610502", kind="university")
    member(weinan_alliance, org, date(2015, 3, 1))
    found = conflicts_of(make_expert("zhang", org), weinan_alliance, ON)
    assert [(c.organisation, c.joined_on, c.left_on) for c in found] == [("渭南师范学院", date(2015, 3, 1), None)]


def test_it_is_a_conflict_when_it_was_a_member_two_years_ago(weinan_alliance, make_org, make_expert):
    org = make_org("渭南旧成员", region="610502")
    member(weinan_alliance, org, date(2012, 1, 1), date(2018, 6, 1))
    assert len(conflicts_of(make_expert("li", org), weinan_alliance, ON)) == 1


def test_it_is_no_conflict_when_it_left_four_years_ago(weinan_alliance, make_org, make_expert):
    org = make_org("渭南早期成员", region="610502")
    member(weinan_alliance, org, date(2012, 1, 1), date(2016, 6, 1))
    assert conflicts_of(make_expert("wang", org), weinan_alliance, ON) == []


def test_leaving_exactly_three_years_before_is_no_longer_a_conflict(weinan_alliance, make_org, make_expert):
    org = make_org("渭南三年前成员", region="610502")
    member(weinan_alliance, org, date(2012, 1, 1), date(2017, 6, 1))
    profile = make_expert("zhao", org)
    assert conflicts_of(profile, weinan_alliance, ON) == []
    assert len(conflicts_of(profile, weinan_alliance, date(2020, 5, 31))) == 1


def test_the_leads_own_staff_are_conflicted(weinan_alliance, make_expert):
    found = conflicts_of(make_expert("qian", weinan_alliance.lead), weinan_alliance, ON)
    assert [c.organisation for c in found] == ["渭南果业龙头"]
    assert found[0].role == str(MemberRole.LEAD.label)


def test_the_organisation_of_the_expert_role_counts_too(weinan_alliance, make_org, make_expert):
    org = make_org("渭南成员院所", region="610502", kind="research_institute")
    member(weinan_alliance, org, date(2015, 3, 1))
    profile = make_expert("sun")  # the pool lists an outside organisation …
    RoleAssignment.objects.create(user=profile.user, role="expert", organisation=org)  # … the role names a member
    assert [c.organisation for c in conflicts_of(profile, weinan_alliance, ON)] == ["渭南成员院所"]


def test_a_membership_that_starts_later_is_no_conflict_yet(weinan_alliance, make_org, make_expert):
    org = make_org("渭南未来成员", region="610502")
    member(weinan_alliance, org, date(2021, 1, 1))
    assert conflicts_of(make_expert("zhou", org), weinan_alliance, ON) == []


def test_assigning_a_conflicted_expert_is_refused_naming_the_membership(jiangning_in_review, make_expert):
    s = jiangning_in_review
    membership = Membership.objects.filter(alliance=s["alliance"], role=MemberRole.MEMBER).select_related(
        "organisation").first()
    profile = make_expert("wu", membership.organisation)
    with pytest.raises(ValidationError) as caught:
        expert_assign(actor=s["staff"], case=s["case"], expert=profile, on=IN_TRIAL)
    assert caught.value.code == "conflict_of_interest"
    message = caught.value.messages[0]
    assert membership.organisation.name in message and "2019-01-02" in message
    assert str(MemberRole.MEMBER.label) in message and s["alliance"].name in message
    assert not ExpertAssignment.objects.exists()


def test_only_the_cases_bureau_assigns_experts(jiangning_in_review, make_expert):
    s = jiangning_in_review
    profile = make_expert("zheng")
    for outsider in (s["lead"], s["other_staff"], profile.user):
        with pytest.raises(PermissionDenied):
            expert_assign(actor=outsider, case=s["case"], expert=profile, on=IN_TRIAL)
    assert not ExpertAssignment.objects.exists()
    assignment = expert_assign(actor=s["staff"], case=s["case"], expert=profile, on=IN_TRIAL)
    assert assignment.active and assignment.conflict_check["conflicts"] == []
    with pytest.raises(ValidationError) as caught:
        expert_assign(actor=s["staff2"], case=s["case"], expert=profile, on=IN_TRIAL)
    assert caught.value.code == "already_assigned"


def test_candidates_come_by_field_with_a_conflict_flag(jiangning_in_review, make_expert, system_actor):
    from itisa.register.models import IndustryField
    from itisa.register.services import alliance_update

    s = jiangning_in_review
    grid = IndustryField.objects.get(jurisdiction__code="jiangning-kjj", code="smart-grid")
    alliance_update(actor=system_actor, alliance=s["alliance"], reason="领域", industry_field=grid)
    s["case"].refresh_from_db()
    inside = Membership.objects.filter(alliance=s["alliance"], role=MemberRole.MEMBER).first().organisation
    make_expert("a_field", fields=[grid])
    make_expert("b_tagged", tags=["智能电网"])
    make_expert("c_other")
    make_expert("d_conflicted", inside, fields=[grid])
    got = [(c.expert.user.username, c.field_match, c.conflict) for c in
           expert_candidates(user=s["staff"], case=s["case"], on=IN_TRIAL)]
    assert got == [("a_field", True, False), ("b_tagged", True, False), ("c_other", False, False),
                   ("d_conflicted", True, True)]
    flagged = expert_candidates(user=s["staff"], case=s["case"], on=IN_TRIAL)[-1]
    assert inside.name in flagged.reasons[0]
    with pytest.raises(PermissionDenied):
        expert_candidates(user=s["lead"], case=s["case"])
