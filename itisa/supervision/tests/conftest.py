"""The supervision cast: a recognised alliance per text, its lead-unit office and the bureau's staff."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from itisa.accounts.models import RoleAssignment

#: jurisdiction code → (region of the lead, level the text recognises)
TEXTS = {
    "luoyang-kjj": ("410311", "municipal"),
    "henan-kjt": ("410311", "provincial"),
    "weinan-kjj": ("610502", "municipal"),
    "jiangning-kjj": ("320115", "district"),
    "kunming-kjj": ("530102", "municipal"),
}


@pytest.fixture
def person(django_user_model):
    def make(username: str, **role):
        user = django_user_model.objects.create_user(username=username, password="pw", full_name=username,
                                                     email=f"{username}@example.cn")
        if role:
            RoleAssignment.objects.create(user=user, **role)
        return user

    return make


@pytest.fixture
def recognised(make_alliance, make_org, jurisdiction, system_actor):
    """An alliance recognised by *juris* on *since* at the level that text recognises."""
    from itisa.register.services import alliance_level_record

    def make(juris: str, since: date, name: str = "", **fields):
        region, level = TEXTS[juris]
        name = name or f"{juris}-{since:%Y%m%d}产业技术创新战略联盟"
        alliance = make_alliance(name, juris=juris, lead=make_org(f"{name}牵头单位", region=region),
                                 founded_on=since - timedelta(days=200), **fields)
        alliance_level_record(actor=system_actor, alliance=alliance, level=level, from_date=since,
                              jurisdiction=jurisdiction(juris), document_number="认定文号")
        alliance.refresh_from_db()
        return alliance

    return make


@pytest.fixture
def lead_of(person):
    return lambda alliance, name="lead": person(f"{name}{alliance.pk}", role="lead_unit", alliance=alliance)


@pytest.fixture
def staff_of(person, jurisdiction):
    return lambda juris, name="staff": person(f"{name}_{juris}", role="bureau_staff", jurisdiction=jurisdiction(juris))
