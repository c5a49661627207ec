"""The register as the engine's facts: Jiangning 第六条2 decided on data entered through the services."""

from __future__ import annotations

from datetime import date

import pytest

from itisa.register.facts import alliance_facts, alliances_for_facts
from itisa.register.models import Alliance
from itisa.register.services import alliance_update, membership_add
from policy.api import check_eligibility

pytestmark = pytest.mark.django_db
ON = date(2020, 6, 1)  # inside Jiangning's trial period (2019-01-01 … 2021-12-31)


@pytest.fixture
def jiangning_alliance(make_alliance, make_org, system_actor):
    def build(local: int, elsewhere: int):
        alliance = make_alliance("江宁区智能电网产业技术创新战略联盟", juris="jiangning-kjj",
                                 lead=make_org("江宁龙头企业", region="320115"), founded_on=date(2019, 3, 1))
        for i in range(local - 1):  # the lead is local too
            membership_add(actor=system_actor, alliance=alliance, organisation=make_org(f"江宁成员{i}", region="320115"),
                           joined_on=date(2019, 3, 1))
        for i in range(elsewhere):
            membership_add(actor=system_actor, alliance=alliance, organisation=make_org(f"外区成员{i}", region="320102"),
                           joined_on=date(2019, 3, 1))
        return alliance

    return build


def condition(result, cid: str):
    return next(c for c in result.conditions if c.id == cid)


def test_jiangning_6_2_two_thirds_local_read_from_the_register(jiangning_alliance):
    facts = alliance_facts(jiangning_alliance(local=14, elsewhere=7))  # 14/21 = exactly 2/3
    result = check_eligibility("320115-jiangning/2019", facts, ON)
    assert condition(result, "members_at_least_20").status == "pass"
    assert condition(result, "local_share_two_thirds").status == "pass"


def test_jiangning_6_2_just_under_two_thirds_fails(jiangning_alliance):
    facts = alliance_facts(jiangning_alliance(local=13, elsewhere=7))  # 13/20 < 2/3
    result = check_eligibility("320115-jiangning/2019", facts, ON)
    assert condition(result, "local_share_two_thirds").status == "fail"
    assert result.status == "not_eligible"


def test_flags_follow_the_register(make_alliance, system_actor):
    alliance = make_alliance()
    assert "agreement_signed_by_all" not in alliance_facts(alliance)["flags"]
    alliance_update(actor=system_actor, alliance=alliance, reason="签署协议", agreement_signed_by_all=True,
                    has_council=True, full_time_staff=2)
    flags = alliance_facts(Alliance.objects.get(pk=alliance.pk))["flags"]
    assert {"agreement_signed_by_all", "council", "organs_decision", "full_time_staff"} <= set(flags)


def test_facts_for_many_alliances_cost_a_fixed_number_of_queries(make_alliance, make_org,
                                                                 django_assert_max_num_queries):
    for i in range(6):
        make_alliance(f"联盟{i}", lead=make_org(f"牵头{i}"))
    with django_assert_max_num_queries(5):
        facts = [alliance_facts(a) for a in alliances_for_facts(Alliance.objects.all())]
    assert len(facts) == 6 and all(len(f["members"]) == 1 for f in facts)


def test_kunming_8_flags_come_from_the_register(make_alliance, make_org, system_actor):
    # 第八条(二) the lead is the party responsible outward; 第八条(三) members have a stable R&D team.
    alliance = make_alliance("昆明花卉产业技术创新战略联盟", juris="kunming-kjj", lead=make_org("昆明企业", region="530102"))
    assert not {"lead_responsible_outward", "rd_team"} & set(alliance_facts(alliance)["flags"])
    alliance_update(actor=system_actor, alliance=alliance, reason="章程规定牵头单位对外承担责任",
                    outward_responsible_party=alliance.lead, has_rd_team=True)
    flags = set(alliance_facts(Alliance.objects.get(pk=alliance.pk))["flags"])
    assert {"lead_responsible_outward", "rd_team", "outward_responsible_party"} <= flags
