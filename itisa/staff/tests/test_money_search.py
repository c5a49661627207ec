"""The staff money page finds the alliance with a search field, never a dropdown of the whole register
(issue 15 §4, ADR 0017): only alliances in the user's scope are found, and the page costs a bounded number
of queries however large the register."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from itisa.funding.models import GrantProposal
from itisa.register.models import Alliance

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowded(jiangning_world):
    """Jiangning's world and 80 more alliances of the district's bureau."""
    a = jiangning_world["alliance"]
    Alliance.objects.bulk_create([
        Alliance(name=f"江宁区测试产业技术创新战略联盟{i:03d}", jurisdiction=a.jurisdiction, region=a.region,
                 lead=a.lead, founded_on=a.founded_on, status=a.status) for i in range(80)])
    return jiangning_world


def selects(html: str) -> list[int]:
    """The number of options of every <select> of a page."""
    return [len(re.findall(r"<option\b", s)) for s in re.findall(r"<select\b.*?</select>", html, flags=re.S)]


def test_the_money_page_has_no_dropdown_of_alliances(client, crowded, django_assert_max_num_queries):
    client.force_login(crowded["staff"])
    with django_assert_max_num_queries(25):
        html = client.get(reverse("staff:money")).content.decode()
    assert all(n <= 50 for n in selects(html)), selects(html)
    assert 'type="search"' in html and reverse("staff:alliance_options") in html
    assert "江宁区测试产业技术创新战略联盟001" not in html  # nothing listed before a search


def test_the_search_finds_only_alliances_in_scope(client, crowded):
    client.force_login(crowded["staff"])
    found = client.get(reverse("staff:alliance_options"), {"alliance_q": "测试产业"}).content.decode()
    assert len(re.findall(r'type="radio"', found)) == 20  # the first twenty, by name
    assert "江宁区测试产业技术创新战略联盟000" in found and "江宁区测试产业技术创新战略联盟020" not in found
    narrow = client.get(reverse("staff:alliance_options"), {"alliance_q": "联盟079"}).content.decode()
    assert len(re.findall(r'type="radio"', narrow)) == 1 and "联盟079" in narrow
    client.force_login(crowded["other_staff"])  # Kunming's staff: none of Jiangning's alliances
    other = client.get(reverse("staff:alliance_options"), {"alliance_q": "江宁"}).content.decode()
    assert "type=\"radio\"" not in other and "江宁" not in other.replace('value="江宁"', "")


def test_the_find_button_works_without_scripts(client, crowded):
    client.force_login(crowded["staff"])
    html = client.get(reverse("staff:money"), {"alliance_q": "联盟07"}).content.decode()
    assert len(re.findall(r'type="radio" name="alliance"', html)) == 10


def test_a_proposal_is_made_for_the_alliance_found(client, crowded):
    client.force_login(crowded["staff"])
    a = crowded["alliance"]
    response = client.post(reverse("staff:propose"), {"alliance": a.pk, "on": "2020-06-01"})
    html = response.content.decode()
    assert response.status_code == 200 and "<h3>结果</h3>" in html  # the engine ran for the alliance chosen
    assert "请从找到的联盟中选择一个" not in html


def test_an_alliance_out_of_scope_cannot_be_chosen(client, crowded, weinan_submitted):
    client.force_login(crowded["staff"])
    before = GrantProposal.objects.count()
    response = client.post(reverse("staff:propose"), {"alliance": weinan_submitted["alliance"].pk,
                                                      "on": date(2020, 6, 1).isoformat()})
    assert response.status_code == 200
    assert "请从找到的联盟中选择一个" in response.content.decode()
    assert GrantProposal.objects.count() == before
