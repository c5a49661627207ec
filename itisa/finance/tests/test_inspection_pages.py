"""The fund-use inspection pages (Jiangning 第十三条): the article and its consequence shown from the pack, the
record made by staff or finance of the alliance's own bureau, refusals on the page, other bureaux 404."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from itisa.supervision.models import FundInspection
from itisa.supervision.tests.conftest import recognised  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def jn_alliance(recognised, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    return recognised("jiangning-kjj", date(2019, 3, 1))


def url(alliance):
    return reverse("finance:inspection", kwargs={"pk": alliance.pk})


def test_13_the_page_cites_the_article_and_the_consequence_from_the_pack(client, cast, jn_alliance):
    client.force_login(cast["jn_finance"])
    html = client.get(url(jn_alliance)).content.decode()
    assert "第十三条" in html and "追回已拨付资金，并不再受理其公共政策支持资金申请" in html


def test_13_finance_records_misuse_and_the_alliance_loses_support(client, cast, jn_alliance):
    client.force_login(cast["jn_finance"])
    response = client.post(url(jn_alliance), {
        "inspected_on": "2020-06-01", "inspectors": "区财政局", "findings": "奖补资金挪作他用", "outcome": "misused",
        "document": SimpleUploadedFile("检查报告.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")})
    assert response.status_code == 302
    row = FundInspection.objects.get()
    assert row.outcome == "misused" and row.documents.count() == 1
    jn_alliance.refresh_from_db()
    assert jn_alliance.status == "support_suspended"
    html = client.get(url(jn_alliance)).content.decode()
    assert "奖补资金挪作他用" in html and "不再受理申请" in html


def test_missing_findings_are_an_error_on_the_page(client, cast, jn_alliance):
    client.force_login(cast["jn_staff"])
    response = client.post(url(jn_alliance), {"inspected_on": "2020-06-01", "inspectors": "区科技局",
                                              "findings": " ", "outcome": "in_order"})
    assert response.status_code == 200 and response.context["form"].errors["findings"]
    assert not FundInspection.objects.exists()


def test_another_bureau_gets_404_and_a_lead_unit_403(client, cast, jn_alliance, django_user_model):
    from itisa.accounts.models import RoleAssignment

    client.force_login(cast["km_finance"])
    assert client.get(url(jn_alliance)).status_code == 404
    assert client.post(url(jn_alliance), {"inspected_on": "2020-06-01", "inspectors": "x", "findings": "x",
                                          "outcome": "misused"}).status_code == 404
    lead = django_user_model.objects.create_user(username="jn_lead", password="pw")
    RoleAssignment.objects.create(user=lead, role="lead_unit", alliance=jn_alliance)
    client.force_login(lead)
    assert client.get(url(jn_alliance)).status_code == 403
    assert not FundInspection.objects.exists()


def test_the_list_holds_only_the_bureaus_own_alliances(client, cast, jn_alliance, recognised):  # noqa: F811
    other = recognised("kunming-kjj", date(2019, 3, 1))
    client.force_login(cast["jn_staff"])
    names = [a.name for a in client.get(reverse("finance:inspections")).context["alliances"]]
    assert jn_alliance.name in names and other.name not in names
