"""Finance pages: budgets, the ledger, paying and clawing back through the forms, the what-if simulation."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from itisa.funding.models import EntryKind, FundingBan, LedgerEntry
from itisa.funding.services import grant_decide, grant_propose
from tests.support import body

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def commitment(cast, funds, jiangning_alliance):
    """Jiangning 第十条1: 30 万元 on district recognition, approved on 2019-04-10."""
    a = jiangning_alliance()
    [p] = [p for p in grant_propose(actor=cast["jn_staff"], alliance=a, pack="jiangning", on=date(2019, 4, 1)).proposals
           if p.rule == "recognition_award"]
    grant_decide(actor=cast["jn_staff"], proposal=p, approve=True, on=date(2019, 4, 10))
    return LedgerEntry.objects.get(kind=EntryKind.COMMITMENT, proposal=p)


def test_the_budget_page_shows_each_fund_and_year(client, cast, commitment):
    client.force_login(cast["jn_finance"])
    page = client.get(reverse("finance:home"), {"year": "2019"}).content.decode()
    assert "江宁区产业技术创新战略联盟扶持资金" in page and "洛阳市应用技术研究与开发资金" not in page
    assert ">970<" in page and ">30<" in page  # left 1000 − 30; committed 30
    sheet = load_workbook(io.BytesIO(client.get(reverse("finance:home"), {"year": "2019", "export": "xlsx"}).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:4] == ("江宁区产业技术创新战略联盟扶持资金", 2019, 1000, 30)


def test_finance_pays_then_claws_back_through_the_forms(client, cast, commitment):
    client.force_login(cast["jn_finance"])
    ledger = client.get(reverse("finance:ledger")).content.decode()
    assert commitment.ref in ledger and reverse("finance:pay", args=[commitment.pk]) in ledger
    fragment = client.get(reverse("finance:ledger"), {"kind": "commitment"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and commitment.ref in fragment
    exported = body(client.get(reverse("finance:ledger"), {"export": "csv"})).decode("utf-8-sig")
    assert commitment.ref in exported and "第十条1" in exported
    too_much = client.post(reverse("finance:pay", args=[commitment.pk]), {"on": "2019-04-20", "amount": "31",
                                                                          "reason": "拨付"})
    assert too_much.status_code == 400 and 'class="errorlist' in too_much.content.decode()
    assert 'value="31"' in too_much.content.decode()
    assert not LedgerEntry.objects.filter(kind=EntryKind.PAYMENT).exists()
    paid = client.post(reverse("finance:pay", args=[commitment.pk]), {"on": "2019-04-20", "amount": "", "reason": "拨付"})
    assert paid.status_code == 302
    payment = LedgerEntry.objects.get(kind=EntryKind.PAYMENT)
    assert (payment.amount, payment.related_id, payment.booked_on) == (D("30"), commitment.pk, date(2019, 4, 20))

    again = client.post(reverse("finance:pay", args=[commitment.pk]), {"on": "2019-04-21", "reason": ""})
    assert again.status_code == 400 and "errorlist" in again.content.decode()

    no_reason = client.post(reverse("finance:claw_back", args=[commitment.pk]),
                            {"on": "2019-12-01", "ground": "misuse", "reason": "", "amount": "10"})
    assert no_reason.status_code == 400 and not LedgerEntry.objects.filter(kind=EntryKind.RECOVERY).exists()
    back = client.post(reverse("finance:claw_back", args=[commitment.pk]),
                       {"on": "2019-12-01", "ground": "misuse", "reason": "挪用补助资金", "amount": "10"})
    assert back.status_code == 302
    rec = LedgerEntry.objects.get(kind=EntryKind.RECOVERY)
    assert rec.amount == D("10") and rec.note == "misuse: 挪用补助资金"
    assert FundingBan.objects.get(alliance=commitment.alliance).article == "第十三条"  # misuse bars new applications
    page = client.get(reverse("finance:home"), {"year": "2019"}).content.decode()
    assert ">980<" in page  # 1000 − 30 + 10


def test_another_bureau_cannot_see_or_pay_the_commitment(client, cast, commitment):
    client.force_login(cast["ly_finance"])
    assert commitment.ref not in client.get(reverse("finance:ledger")).content.decode()
    assert client.get(reverse("finance:pay", args=[commitment.pk])).status_code == 404
    assert client.post(reverse("finance:pay", args=[commitment.pk]), {"on": "2019-04-20"}).status_code == 404
    assert client.post(reverse("finance:claw_back", args=[commitment.pk]),
                       {"on": "2019-04-20", "ground": "misuse", "reason": "x"}).status_code == 404
    assert not LedgerEntry.objects.exclude(kind=EntryKind.COMMITMENT).exists()


def test_the_simulation_raises_the_district_award_from_30_to_40(client, cast, funds, jiangning_alliance):
    # 第十条1 区级 30 万元 → 40: two district alliances recognised, one not → 60 → 80, +20 (by hand).
    jiangning_alliance("江宁甲联盟")
    jiangning_alliance("江宁乙联盟")
    jiangning_alliance("江宁丙联盟", recognised=None)
    client.force_login(cast["jn_finance"])
    form = client.get(reverse("finance:simulate"), {"jurisdiction": "jiangning-kjj", "on": "2019-12-01"}).content.decode()
    assert "第十条第1项" in form and "区级联盟一次性补助" in form
    assert "jiangning.recognition_award.district" not in form and "wan_yuan" not in form  # words, not ids
    params = {"jurisdiction": "jiangning-kjj", "pack": "320115-jiangning/2019", "on": "2019-12-01", "run": "1",
              "set:recognition_award.district": "40"}
    response = client.get(reverse("finance:simulate"), params)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<div class="big">60</div>' in page and '<div class="big">80</div>' in page
    assert '<div class="big">+20</div>' in page
    assert 'id="sim-chart"' in page and "chart-4.6.1.umd.min.js" in page
    assert "江宁甲联盟" in page and "江宁丙联盟" not in page  # only alliances whose support changes
    csv_text = body(client.get(reverse("finance:simulate"), {**params, "export": "csv"})).decode("utf-8-sig")
    assert "第十条1,60,80,20" in csv_text.replace("\r", "")


def test_a_bad_parameter_value_is_shown_next_to_it(client, cast, funds):
    client.force_login(cast["jn_finance"])
    page = client.get(reverse("finance:simulate"), {"jurisdiction": "jiangning-kjj", "on": "2019-12-01", "run": "1",
                                                    "set:recognition_award.district": "四十"}).content.decode()
    assert "errorlist" in page and 'value="四十"' in page and 'id="sim-chart"' not in page


def test_the_simulation_of_another_bureau_is_not_offered(client, cast, funds):
    client.force_login(cast["ly_finance"])
    page = client.get(reverse("finance:simulate"), {"jurisdiction": "jiangning-kjj", "run": "1"}).content.decode()
    assert 'value="320115-jiangning/2019"' not in page and 'value="410300-luoyang/2018"' in page


def test_the_what_if_defaults_to_the_last_day_a_lapsed_text_was_in_force(client, cast, funds):
    # Jiangning 第十五条 试行期三年: in force until 2021-12-31; today (2026) it has lapsed.
    client.force_login(cast["jn_finance"])
    response = client.get(reverse("finance:simulate"), {"jurisdiction": "jiangning-kjj"})
    assert response.context["on"] == date(2021, 12, 31)
    assert 'value="2021-12-31"' in response.content.decode()


def test_a_zero_on_a_day_the_text_has_lapsed_says_so_with_the_article(client, cast, funds, jiangning_alliance):
    jiangning_alliance("江宁甲联盟")
    client.force_login(cast["jn_finance"])
    page = client.get(reverse("finance:simulate"), {"jurisdiction": "jiangning-kjj", "on": "2022-06-01",
                                                    "run": "1"}).content.decode()
    assert '<div class="big">0</div>' in page
    why = page.split('id="why-nothing"')[1].split("</ul>")[0]
    assert "2021-12-31" in why and "第十五条" in why
    assert "320115-jiangning" not in page.replace('value="320115-jiangning/2019"', "")  # its name, not its pack id


def test_a_zero_before_the_text_is_in_force_says_from_when(client, cast, funds, jiangning_alliance):
    jiangning_alliance("江宁甲联盟")
    client.force_login(cast["jn_finance"])
    page = client.get(reverse("finance:simulate"), {"jurisdiction": "jiangning-kjj", "on": "2018-06-01",
                                                    "run": "1"}).content.decode()
    why = page.split('id="why-nothing"')[1].split("</ul>")[0]
    assert "2019-01-01" in why


def test_a_zero_with_no_alliance_in_scope_says_so(client, cast, funds):
    client.force_login(cast["jn_finance"])
    page = client.get(reverse("finance:simulate"), {"jurisdiction": "jiangning-kjj", "on": "2019-12-01",
                                                    "run": "1"}).content.decode()
    why = page.split('id="why-nothing"')[1].split("</ul>")[0]
    assert "江宁区科学技术局" in why and "2019-12-01" in why and "第十条" not in why


def test_a_zero_when_no_alliance_meets_a_money_rule_cites_the_rules(client, cast, funds, jiangning_alliance):
    jiangning_alliance("江宁丙联盟", recognised=None)  # not recognised: 第十条1 gives nothing yet
    client.force_login(cast["jn_finance"])
    page = client.get(reverse("finance:simulate"), {"jurisdiction": "jiangning-kjj", "on": "2019-12-01",
                                                    "run": "1"}).content.decode()
    why = page.split('id="why-nothing"')[1].split("</ul>")[0]
    assert "第十条第1项" in why


def test_a_what_if_that_gives_money_has_no_excuse_and_its_chart_reads_articles(client, cast, funds,
                                                                              jiangning_alliance):
    jiangning_alliance("江宁甲联盟")
    client.force_login(cast["jn_finance"])
    response = client.get(reverse("finance:simulate"), {"jurisdiction": "jiangning-kjj", "on": "2019-12-01",
                                                        "run": "1"})
    assert 'id="why-nothing"' not in response.content.decode()
    assert response.context["chart"]["labels"] == ["第十条第1项"]
