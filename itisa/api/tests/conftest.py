from __future__ import annotations

import pytest

from itisa.accounts.models import RoleAssignment


@pytest.fixture
def cast(make_alliance, make_org, jurisdiction, django_user_model, system_actor):
    """A Luoyang alliance in preparation, a recognised Kunming one, and the people around them."""
    from itisa.register.services import alliance_set_status

    luoyang = make_alliance(
        "洛阳市轴承产业技术创新战略联盟", lead=make_org("洛阳轴研科技股份有限公司", region="410311")
    )
    kunming = make_alliance(
        "昆明花卉产业技术创新战略联盟", juris="kunming-kjj", lead=make_org("云南花卉集团有限公司", region="530102")
    )
    alliance_set_status(actor=system_actor, alliance=kunming, status="recognised", reason="认定")

    def person(name: str, **role) -> object:
        user = django_user_model.objects.create_user(username=name, password="pw")
        if role:
            RoleAssignment.objects.create(user=user, **role)
        return user

    return {
        "luoyang": luoyang,
        "kunming": kunming,
        "lead_luoyang": person("lead_luoyang", role="lead_unit", alliance=luoyang),
        "staff_kunming": person("staff_kunming", role="bureau_staff", jurisdiction=jurisdiction("kunming-kjj")),
        "nobody": person("nobody"),
    }


@pytest.fixture
def token_for():
    from itisa.api.services import api_token_create

    def make(user, name: str = "省级系统对接") -> str:
        return api_token_create(actor=user, name=name)[1]

    return make
