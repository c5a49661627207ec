"""Who sees which alliance: by role and by object (REQUIREMENTS §1, DEVELOPERS standards)."""

from __future__ import annotations

from datetime import date

import pytest

from itisa.access import can, visible_to
from itisa.accounts.models import RoleAssignment
from itisa.register.models import Alliance
from itisa.register.services import alliance_set_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(make_alliance, make_org, jurisdiction, django_user_model, system_actor):
    """Two Luoyang alliances in different counties, one Kunming alliance, one recognised for the public."""
    luolong = make_alliance("洛阳市轴承产业技术创新战略联盟", lead=make_org("洛龙企业", region="410311"))
    xinan = make_alliance("洛阳市新材料产业技术创新战略联盟", lead=make_org("新安企业", region="410323"))
    kunming = make_alliance("昆明花卉产业技术创新战略联盟", juris="kunming-kjj",
                            lead=make_org("昆明企业", region="530102"))
    alliance_set_status(actor=system_actor, alliance=kunming, status="recognised", reason="认定")

    def person(name: str, **role) -> object:
        user = django_user_model.objects.create_user(username=name, password="pw")
        RoleAssignment.objects.create(user=user, **role)
        return user

    return {
        "luolong": luolong, "xinan": xinan, "kunming": kunming,
        "staff_luoyang": person("staff_luoyang", role="bureau_staff", jurisdiction=jurisdiction("luoyang-kjj")),
        "county_luolong": person("county", role="recommender", recommender_kind="county_bureau",
                                 jurisdiction=jurisdiction("410311-kjj")),
        "lead_xinan": person("lead", role="lead_unit", alliance=xinan),
        "expert": person("expert", role="expert", organisation=make_org("某大学", kind="university")),
        "staff_henan": person("staff_henan", role="bureau_staff", jurisdiction=jurisdiction("henan-kjt")),
    }


def alliances_visible_to(user):
    return visible_to(user, "register.view_alliance")


def names(user) -> set[str]:
    return set(alliances_visible_to(user).values_list("name", flat=True))


def test_the_public_sees_only_recognised_alliances(cast):
    from django.contrib.auth.models import AnonymousUser

    assert names(AnonymousUser()) == {"昆明花卉产业技术创新战略联盟"}


def test_city_bureau_staff_see_every_alliance_in_their_city_and_the_public_ones(cast):
    assert names(cast["staff_luoyang"]) == {"洛阳市轴承产业技术创新战略联盟", "洛阳市新材料产业技术创新战略联盟",
                                            "昆明花卉产业技术创新战略联盟"}


def test_a_provincial_bureau_does_not_see_a_citys_alliances_in_preparation(cast):
    """Scope rule (docs/access.md): they are Luoyang's until Luoyang (or the province) recognises them."""
    assert names(cast["staff_henan"]) == {"昆明花卉产业技术创新战略联盟"}


def test_a_county_bureau_sees_its_county_only(cast):
    assert names(cast["county_luolong"]) == {"洛阳市轴承产业技术创新战略联盟", "昆明花卉产业技术创新战略联盟"}


def test_a_lead_unit_sees_its_own_alliance_and_not_another(cast):
    assert "洛阳市新材料产业技术创新战略联盟" in names(cast["lead_xinan"])
    assert "洛阳市轴承产业技术创新战略联盟" not in names(cast["lead_xinan"])
    with pytest.raises(Alliance.DoesNotExist):
        alliances_visible_to(cast["lead_xinan"]).get(pk=cast["luolong"].pk)
    assert not can(cast["lead_xinan"], "register.view_alliance", cast["luolong"])


def test_an_expert_sees_only_the_public_register(cast):
    assert names(cast["expert"]) == {"昆明花卉产业技术创新战略联盟"}


def test_an_inactive_assignment_grants_nothing(cast):
    RoleAssignment.objects.filter(user=cast["lead_xinan"]).update(active=False)
    assert "洛阳市新材料产业技术创新战略联盟" not in names(cast["lead_xinan"].__class__.objects.get(username="lead"))


def test_a_role_without_its_scope_is_refused_by_the_database(django_user_model):
    from django.db import IntegrityError, transaction

    user = django_user_model.objects.create_user(username="nobody", password="pw")
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role="lead_unit")
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role="recommender")


def test_the_alliance_list_costs_the_same_queries_for_ten_or_fifty_alliances(
    make_alliance, make_org, django_assert_max_num_queries, cast
):
    for i in range(10):
        make_alliance(f"测试联盟{i}", lead=make_org(f"牵头{i}"), founded_on=date(2020, 1, 1))
    with django_assert_max_num_queries(2):
        rows = [(a.name, a.jurisdiction.name, a.lead.name, a.region.name) for a in alliances_visible_to(cast["staff_luoyang"])]
    assert len(rows) == 13
    for i in range(10, 50):
        make_alliance(f"测试联盟{i}", lead=make_org(f"牵头{i}"), founded_on=date(2020, 1, 1))
    cast["staff_luoyang"]._role_assignments = None
    with django_assert_max_num_queries(2):
        rows = [(a.name, a.jurisdiction.name, a.lead.name, a.region.name) for a in alliances_visible_to(cast["staff_luoyang"])]
    assert len(rows) == 53


def test_a_national_bureau_sees_no_other_bureaus_alliance_in_preparation(cast, jurisdiction, django_user_model):
    user = django_user_model.objects.create_user(username="most_staff", password="pw")
    RoleAssignment.objects.create(user=user, role="bureau_staff", jurisdiction=jurisdiction("most"))
    visible = set(visible_to(user, "register.view_internal").values_list("name", flat=True))
    assert visible == set()
