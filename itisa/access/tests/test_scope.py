"""The bureau scope of docs/access.md, one test per sentence, and the cases issue 9 reported."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from itisa.access import can, visible_to
from itisa.accounts.models import RoleAssignment
from itisa.funding.models import Budget, Fund, LedgerEntry
from itisa.register.models import LevelRecord
from itisa.workflow.models import Case
from tests.support import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model, jurisdiction):
    def person(name: str, role: str, juris: str):
        user = django_user_model.objects.create_user(username=name, password="pw")
        RoleAssignment.objects.create(user=user, role=role, jurisdiction=jurisdiction(juris))
        return user

    return {
        "ly_staff": person("ly_staff", "bureau_staff", "luoyang-kjj"),
        "ly_fin": person("ly_fin", "finance", "luoyang-kjj"),
        "ha_staff": person("ha_staff", "bureau_staff", "henan-kjt"),
        "ha_fin": person("ha_fin", "finance", "henan-kjt"),
        "km_staff": person("km_staff", "bureau_staff", "kunming-kjj"),
        "most_staff": person("most_staff", "bureau_staff", "most"),
    }


def internal(user, alliance) -> bool:
    seen = visible_to(user, "register.view_internal").filter(pk=alliance.pk).exists()
    assert seen == can(user, "register.view_internal", alliance)  # the queryset and the rule agree
    return seen


def applying(alliance, juris) -> Case:
    return Case.objects.create(
        alliance=alliance,
        jurisdiction=juris,
        pack_id="x",
        pack_digest="x",
        procedure_id="recognition",
        state="submitted",
        opened_on=date(2020, 3, 1),
    )


def recognise(alliance, juris, level="municipal") -> LevelRecord:
    return LevelRecord.objects.create(alliance=alliance, jurisdiction=juris, level=level, from_date=date(2020, 6, 1))


def test_1_a_bureau_sees_the_alliances_that_belong_to_it(people, make_alliance):
    mine = make_alliance("洛阳市轴承产业技术创新战略联盟")
    assert internal(people["ly_staff"], mine) and internal(people["ly_fin"], mine)


def test_issue_luoyang_does_not_see_a_henan_alliance_in_preparation_and_vice_versa(people, make_alliance, make_org):
    provincial = make_alliance(
        "河南省轴承产业技术创新战略联盟", juris="henan-kjt", lead=make_org("洛龙企业", region="410311")
    )
    city = make_alliance("洛阳市新材料产业技术创新战略联盟", lead=make_org("新安企业", region="410323"))
    assert not internal(people["ly_staff"], provincial) and not internal(people["ly_fin"], provincial)
    assert not internal(people["ha_staff"], city) and not internal(people["ha_fin"], city)
    assert internal(people["ha_staff"], provincial) and internal(people["ly_staff"], city)


def test_2_an_alliance_applying_to_a_bureau_is_in_its_scope_wherever_it_is_registered(
    people, make_alliance, make_org, jurisdiction
):
    elsewhere = make_alliance(
        "郑州市某产业技术创新战略联盟", juris="henan-kjt", lead=make_org("郑州企业", region="410100")
    )
    assert not internal(people["ly_staff"], elsewhere)
    applying(elsewhere, jurisdiction("luoyang-kjj"))
    assert internal(people["ly_staff"], elsewhere)
    assert not internal(people["km_staff"], elsewhere)


def test_2_an_alliance_recognised_by_a_bureau_is_in_its_scope(people, make_alliance, make_org, jurisdiction):
    elsewhere = make_alliance(
        "郑州市某产业技术创新战略联盟", juris="henan-kjt", lead=make_org("郑州企业", region="410100")
    )
    recognise(elsewhere, jurisdiction("luoyang-kjj"))
    assert internal(people["ly_staff"], elsewhere)


def test_3_a_province_sees_what_its_cities_recognised_and_not_what_they_have_not(people, make_alliance, jurisdiction):
    recognised = make_alliance("洛阳市轴承产业技术创新战略联盟")
    preparing = make_alliance("洛阳市新材料产业技术创新战略联盟")
    recognise(recognised, jurisdiction("luoyang-kjj"))
    assert internal(people["ha_staff"], recognised)
    assert not internal(people["ha_staff"], preparing)
    assert not internal(people["km_staff"], recognised)  # another province: never


def test_3_a_national_bureau_sees_every_recognised_alliance_and_no_preparing_one(people, make_alliance, jurisdiction):
    recognised = make_alliance("洛阳市轴承产业技术创新战略联盟")
    preparing = make_alliance("洛阳市新材料产业技术创新战略联盟")
    recognise(recognised, jurisdiction("luoyang-kjj"))
    assert internal(people["most_staff"], recognised) and not internal(people["most_staff"], preparing)


def test_nothing_else_a_city_does_not_see_what_its_province_holds(people, make_alliance, make_org, jurisdiction):
    provincial = make_alliance(
        "河南省轴承产业技术创新战略联盟", juris="henan-kjt", lead=make_org("洛龙企业", region="410311")
    )
    recognise(provincial, jurisdiction("henan-kjt"), level="provincial")
    assert not internal(people["ly_staff"], provincial)
    provincial.status = "recognised"
    provincial.save(update_fields=["status"])
    # Once on the public register it is public — and still nothing more.
    assert can(people["ly_staff"], "register.view_alliance", provincial)
    assert not internal(people["ly_staff"], provincial)


def _ledger(fund: Fund, alliance, amount: str = "50") -> LedgerEntry:
    budget = Budget.objects.create(fund=fund, year=2020, amount=Decimal("1000"))
    return LedgerEntry.objects.create(
        kind="commitment",
        fund=fund,
        budget=budget,
        alliance=alliance,
        payee_key="lead",
        pack_id="410300-luoyang/2018",
        rule="award",
        article="第十五条",
        matter="m",
        amount=Decimal(amount),
        booked_on=date(2020, 7, 1),
    )


def test_funds_budgets_and_ledgers_belong_to_the_funds_jurisdiction(people, make_alliance, jurisdiction):
    alliance = make_alliance("洛阳市轴承产业技术创新战略联盟")
    recognise(alliance, jurisdiction("luoyang-kjj"))
    entry = _ledger(Fund.objects.create(jurisdiction=jurisdiction("luoyang-kjj"), name="洛阳联盟专项"), alliance)
    assert internal(people["ha_staff"], alliance)  # Henan sees the alliance Luoyang recognised …
    for who in ("ha_staff", "ha_fin", "km_staff"):  # … but never Luoyang's money
        assert not visible_to(people[who], "funding.view_ledger").exists()
        assert not visible_to(people[who], "funding.view_budget").exists()
        assert not can(people[who], "funding.view_ledger", entry)
    for who in ("ly_staff", "ly_fin"):
        assert list(visible_to(people[who], "funding.view_ledger")) == [entry]


def test_issue_the_money_by_article_export_does_not_show_henan_the_luoyang_fund(
    client, people, make_alliance, jurisdiction
):
    alliance = make_alliance("洛阳市轴承产业技术创新战略联盟")
    recognise(alliance, jurisdiction("luoyang-kjj"))
    _ledger(Fund.objects.create(jurisdiction=jurisdiction("luoyang-kjj"), name="洛阳联盟专项"), alliance)

    def export(user) -> str:
        client.force_login(user)
        response = client.get(reverse("dashboards:home"), {"export": "csv", "table": "money_by_article"})
        assert response.status_code == 200
        return body(response).decode("utf-8-sig")

    assert "洛阳联盟专项" in export(people["ly_fin"])
    assert "洛阳联盟专项" not in export(people["ha_staff"])
    assert "洛阳联盟专项" not in export(people["ha_fin"])
    rows = list(csv.reader(io.StringIO(export(people["ha_staff"]))))
    assert len(rows) == 1  # the header only
