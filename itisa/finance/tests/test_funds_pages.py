"""Funds and yearly budgets on pages: staff and finance of the fund's own bureau register funds and set budgets
(``funding.manage_fund``), the page shows the budget's use, another bureau gets a 404 and nothing is written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from itisa.funding.models import Budget, Fund
from itisa.funding.services import grant_decide, grant_propose

pytestmark = pytest.mark.django_db


def test_finance_registers_its_bureaus_fund_and_is_sent_to_set_budgets(client, cast, jurisdiction):
    client.force_login(cast["ly_finance"])
    page = client.get(reverse("finance:funds"))
    assert "洛阳市应用技术研究与开发资金" in page.content.decode()  # the fund Luoyang 第二十一条 names
    response = client.post(reverse("finance:funds"), {
        "jurisdiction": jurisdiction("luoyang-kjj").pk, "name": "洛阳市应用技术研究与开发资金", "article": "第二十一条"})
    fund = Fund.objects.get(jurisdiction__code="luoyang-kjj")
    assert response.status_code == 302 and response["Location"] == reverse("finance:fund", kwargs={"fund": fund.pk})
    assert fund.article == "第二十一条"


def test_a_fund_for_another_bureau_is_refused_on_the_page(client, cast, jurisdiction):
    client.force_login(cast["ly_staff"])
    response = client.post(reverse("finance:funds"), {"jurisdiction": jurisdiction("kunming-kjj").pk, "name": "昆明"})
    assert response.status_code == 200 and "jurisdiction" in response.context["form"].errors
    assert not Fund.objects.exists()


def test_a_blank_name_is_an_error_on_the_page(client, cast, jurisdiction):
    client.force_login(cast["ly_staff"])
    response = client.post(reverse("finance:funds"), {"jurisdiction": jurisdiction("luoyang-kjj").pk, "name": "\u200b "})
    assert response.status_code == 200 and response.context["form"].errors["name"]
    assert not Fund.objects.exists()


def test_budget_set_and_its_use_shown(client, cast, funds, jiangning_alliance):
    fund = funds["jiangning"]
    alliance = jiangning_alliance()
    [p] = [p for p in grant_propose(actor=cast["jn_staff"], alliance=alliance, pack="jiangning",
                                    on=date(2019, 4, 1)).proposals if p.rule == "recognition_award"]
    grant_decide(actor=cast["jn_staff"], proposal=p, approve=True, on=date(2019, 4, 10))
    client.force_login(cast["jn_finance"])
    response = client.post(reverse("finance:fund", kwargs={"fund": fund.pk}),
                           {"year": "2019", "amount": "1500", "reason": "追加预算"})
    assert response.status_code == 302
    assert Budget.objects.get(fund=fund, year=2019).amount == Decimal("1500")
    page = client.get(reverse("finance:fund", kwargs={"fund": fund.pk}))
    line = next(ln for ln in page.context["lines"] if ln.year == 2019)
    assert (line.budget, line.committed, line.left) == (Decimal("1500"), Decimal("30"), Decimal("1470"))


def test_a_budget_below_what_is_committed_is_refused(client, cast, funds, jiangning_alliance):
    fund = funds["jiangning"]
    [p] = [p for p in grant_propose(actor=cast["jn_staff"], alliance=jiangning_alliance(), pack="jiangning",
                                    on=date(2019, 4, 1)).proposals if p.rule == "recognition_award"]
    grant_decide(actor=cast["jn_staff"], proposal=p, approve=True, on=date(2019, 4, 10))
    client.force_login(cast["jn_staff"])
    response = client.post(reverse("finance:fund", kwargs={"fund": fund.pk}), {"year": "2019", "amount": "10"})
    assert response.status_code == 200 and response.context["form"].errors["amount"]
    assert Budget.objects.get(fund=fund, year=2019).amount == Decimal("1000")


def test_another_bureaus_fund_is_404_and_unchanged(client, cast, funds):
    client.force_login(cast["km_finance"])
    url = reverse("finance:fund", kwargs={"fund": funds["jiangning"].pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"year": "2019", "amount": "1"}).status_code == 404
    assert Budget.objects.get(fund=funds["jiangning"], year=2019).amount == Decimal("1000")


def test_the_list_shows_only_the_users_bureaus_funds(client, cast, funds):
    client.force_login(cast["km_staff"])
    names = [f.name for f in client.get(reverse("finance:funds")).context["funds"]]
    assert names == ["昆明市科技计划经费（联盟引导经费）"]
