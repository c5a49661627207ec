"""The public pages: only public facts, searchable, exportable safely, constant queries per page."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from itisa.register.models import Alliance
from itisa.register.services import alliance_set_status
from itisa.register.synthetic import generate_register
from tests.support import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_alliances(make_alliance, make_org, system_actor):
    public = make_alliance("洛阳市轴承产业技术创新战略联盟", lead=make_org("洛阳LYC轴承有限公司"))
    alliance_set_status(actor=system_actor, alliance=public, status="recognised", reason="认定")
    private = make_alliance("洛阳市筹建中产业技术创新战略联盟", lead=make_org("筹建牵头单位"))
    return public, private


def test_the_register_lists_recognised_alliances_and_hides_the_others(client, two_alliances):
    public, private = two_alliances
    page = client.get(reverse("public:register")).content.decode()
    assert public.name in page and private.name not in page
    assert client.get(reverse("public:alliance", args=[private.pk])).status_code == 404
    assert client.get(reverse("public:alliance", args=[public.pk])).status_code == 200


def test_search_and_filters_narrow_the_register(client, two_alliances, make_alliance, make_org, system_actor):
    other = make_alliance("昆明花卉产业技术创新战略联盟", juris="kunming-kjj", lead=make_org("昆明企业", region="530102"))
    alliance_set_status(actor=system_actor, alliance=other, status="recognised", reason="认定")
    by_name = client.get(reverse("public:register"), {"q": "花卉"}).content.decode()
    assert other.name in by_name and two_alliances[0].name not in by_name
    by_region = client.get(reverse("public:register"), {"region": "410300"}).content.decode()
    assert two_alliances[0].name in by_region and other.name not in by_region
    by_bureau = client.get(reverse("public:register"), {"jurisdiction": "kunming-kjj"}).content.decode()
    assert other.name in by_bureau and two_alliances[0].name not in by_bureau


def test_an_htmx_request_gets_only_the_rows(client, two_alliances):
    fragment = client.get(reverse("public:register"), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and two_alliances[0].name in fragment


def test_the_excel_export_neutralises_formulas_and_leaks_nothing(client, make_alliance, make_org, system_actor,
                                                                 two_alliances):
    evil = make_alliance("=HYPERLINK(\"http://x\",\"点我\")", lead=make_org("+恶意单位"))
    alliance_set_status(actor=system_actor, alliance=evil, status="recognised", reason="认定")
    response = client.get(reverse("public:register"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    names = [row[0] for row in values[1:]]
    assert "'=HYPERLINK(\"http://x\",\"点我\")" in names
    assert any(row[5] == "'+恶意单位" for row in values[1:])
    assert two_alliances[1].name not in names  # the preparing alliance is not public
    csv_text = body(client.get(reverse("public:register"), {"export": "csv"})).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and two_alliances[1].name not in csv_text


@pytest.mark.parametrize("size", [10, 1000])
def test_the_register_page_costs_the_same_queries_for_10_or_1000_alliances(client, size,
                                                                          django_assert_max_num_queries):
    generate_register(alliances=size, seed=size, today=date(2026, 11, 21))
    assert Alliance.objects.count() == size
    with django_assert_max_num_queries(6):
        response = client.get(reverse("public:register"))
    assert response.status_code == 200


def test_every_regulation_is_readable_with_its_articles(client):
    listing = client.get(reverse("public:packs")).content.decode()
    for folder, year, article in (("410300-luoyang", "2018", "第十一条"), ("410000-henan", "2013", "第七条第（一）项"),
                                  ("610500-weinan", "2015", "第六条第（二）项"), ("320115-jiangning", "2019", "第十条第1项"),
                                  ("530100-kunming", "2016", "第八条第（一）项")):
        assert reverse("public:pack", args=[folder, year]) in listing
        page = client.get(reverse("public:pack", args=[folder, year])).content.decode()
        assert article in page
    assert client.get(reverse("public:pack", args=["999999-nowhere", "2020"])).status_code == 404


def test_a_lapsed_text_says_so(client):
    page = client.get(reverse("public:pack", args=["410300-luoyang", "2018"])).content.decode()
    assert "2020-12-31" in page and "第二十二条" in page


def test_a_regulation_page_lists_its_readings_in_words(client):
    """Each reading of the pack: the words, how this system reads them, whether the bureau confirmed it; a
    condition that rests on one shows the reading's words, never its id."""
    from policy.api import get_pack, readings

    page = client.get(reverse("public:pack", args=["410300-luoyang", "2018"])).content.decode()
    from django.utils.html import escape

    from itisa.workflow.labels import prose

    for r in readings(get_pack("410300-luoyang/2018")):
        assert r.words in page and escape(prose(r.zh)) in page  # the ids it names, in words
    assert "entity_subsidy_after_lapse" not in page
    assert "尚待主管部门确认" in page or "Not yet confirmed by the bureau" in page
    assert "“为主”读作严格过半" in page  # the 第六条(一) condition carries its reading's words
    assert "Reading: members_mostly_local" not in page and "解读： members_mostly_local" not in page
