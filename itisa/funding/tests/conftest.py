"""The funding cast: per bureau a staff member and a finance officer, the funds and their budgets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from itisa.accounts.models import RoleAssignment
from itisa.funding.services import budget_set, fund_create
from itisa.register.services import achievement_add, alliance_level_record

D = Decimal


@pytest.fixture
def person(django_user_model, jurisdiction):
    def make(username: str, role: str, juris: str):
        user = django_user_model.objects.create_user(username=username, password="pw", full_name=username)
        RoleAssignment.objects.create(user=user, role=role, jurisdiction=jurisdiction(juris))
        return user

    return make


@pytest.fixture
def cast(person):
    return {
        "ly_staff": person("ly_staff", "bureau_staff", "luoyang-kjj"),
        "ly_staff2": person("ly_staff2", "bureau_staff", "luoyang-kjj"),
        "ly_finance": person("ly_finance", "finance", "luoyang-kjj"),
        "jn_staff": person("jn_staff", "bureau_staff", "jiangning-kjj"),
        "jn_staff2": person("jn_staff2", "bureau_staff", "jiangning-kjj"),
        "jn_finance": person("jn_finance", "finance", "jiangning-kjj"),
        "km_staff": person("km_staff", "bureau_staff", "kunming-kjj"),
        "km_finance": person("km_finance", "finance", "kunming-kjj"),
        "wn_staff": person("wn_staff", "bureau_staff", "weinan-kjj"),
        "wn_finance": person("wn_finance", "finance", "weinan-kjj"),
    }


@pytest.fixture
def funds(cast, jurisdiction):
    """Luoyang's fund is the one its text names (第二十一条); the others name none, so the bureau chose one."""
    out = {
        "luoyang": fund_create(actor=cast["ly_finance"], jurisdiction=jurisdiction("luoyang-kjj"),
                               name="洛阳市应用技术研究与开发资金", article="第二十一条"),
        "jiangning": fund_create(actor=cast["jn_finance"], jurisdiction=jurisdiction("jiangning-kjj"),
                                 name="江宁区产业技术创新战略联盟扶持资金", is_default=True),
        "kunming": fund_create(actor=cast["km_finance"], jurisdiction=jurisdiction("kunming-kjj"),
                               name="昆明市科技计划经费（联盟引导经费）", is_default=True),
        "weinan": fund_create(actor=cast["wn_finance"], jurisdiction=jurisdiction("weinan-kjj"),
                              name="渭南市科技计划经费", is_default=True),
    }
    finance = {"luoyang": "ly_finance", "jiangning": "jn_finance", "kunming": "km_finance", "weinan": "wn_finance"}
    for key, fund in out.items():
        for year in range(2016, 2023):
            budget_set(actor=cast[finance[key]], fund=fund, year=year, amount=D("1000"))
    return out


@pytest.fixture
def jiangning_alliance(make_alliance, make_org, jurisdiction, system_actor):
    """A Jiangning alliance recognised at district level on 2019-03-01 (第十条 preamble)."""

    def make(name: str = "江宁智能电网产业技术创新战略联盟", recognised: date | None = date(2019, 3, 1)):
        a = make_alliance(name, juris="jiangning-kjj", lead=make_org(f"{name}牵头企业", region="320115"),
                          founded_on=date(2019, 1, 5))
        if recognised:
            alliance_level_record(actor=system_actor, alliance=a, level="district", from_date=recognised,
                                  jurisdiction=jurisdiction("jiangning-kjj"))
        return a

    return make


UPGRADE_BUREAU = {"district": "jiangning-kjj", "municipal": "nanjing-kjj", "provincial": "jiangsu-kjt",
                  "national": "most"}


@pytest.fixture
def upgrade(system_actor, jurisdiction):
    def do(alliance, level: str, on: date):
        return alliance_level_record(actor=system_actor, alliance=alliance, level=level, from_date=on,
                                     jurisdiction=jurisdiction(UPGRADE_BUREAU[level]))

    return do


@pytest.fixture
def standard(system_actor):
    def add(alliance, level: str, on: date, title: str = "某标准"):
        return achievement_add(actor=system_actor, alliance=alliance, kind="standard", title=title,
                               achieved_on=on, standard_level=level)

    return add
