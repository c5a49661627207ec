"""Reports with the sections the text asks for, rectification orders answered with text and a document."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from itisa.supervision.models import Rectification, Report

pytestmark = pytest.mark.django_db


def test_the_yearly_report_asks_the_texts_sections_and_keeps_what_was_typed(client, km, pdf_upload):
    client.force_login(km["lead"])
    alliance = km["alliance"]
    listing = client.get(reverse("leadunit:reports", args=[alliance.pk])).content.decode()
    url = reverse("leadunit:report_new", args=[alliance.pk, "annual_report"])
    assert url in listing and "第十四条" in listing
    year = timezone.localdate().year - 1
    page = client.post(url, {"year": year, "summary": "", "next_year_plan": "明年计划继续推进"}).content.decode()
    assert 'class="errorlist' in page and "明年计划继续推进" in page
    assert not Report.objects.exists()
    done = client.post(url, {"year": year, "summary": "全年工作总结", "attachment": pdf_upload("年度报告.pdf")})
    assert done.status_code == 302
    report = Report.objects.get(alliance=alliance)
    assert report.summary == "全年工作总结" and report.document.original_name == "年度报告.pdf"
    listing = client.get(reverse("leadunit:reports", args=[alliance.pk])).content.decode()
    assert str(year) in listing and "年度报告.pdf" in listing
    again = client.post(url, {"year": year, "summary": "再次提交"}).content.decode()
    assert "errorlist" in again and Report.objects.count() == 1


def test_a_kind_the_text_does_not_ask_is_404(client, km):
    client.force_login(km["lead"])
    assert client.get(reverse("leadunit:report_new", args=[km["alliance"].pk, "self_evaluation"])).status_code == 404


def test_a_rectification_order_is_answered_with_text_and_a_document(client, km, pdf_upload):
    alliance = km["alliance"]
    today = timezone.localdate()
    order = Rectification.objects.create(alliance=alliance, pack_id="530100-kunming/2016", article="第十六条",
                                         ordered_on=today - timedelta(days=10), due_on=today + timedelta(days=170),
                                         months=6)
    client.force_login(km["lead"])
    listing = client.get(reverse("leadunit:rectifications", args=[alliance.pk])).content.decode()
    assert "第十六条" in listing
    url = reverse("leadunit:rectification", args=[alliance.pk, order.pk])
    empty = client.post(url, {"response": ""}).content.decode()
    assert "errorlist" in empty
    done = client.post(url, {"response": "已完善经费管理制度。", "attachment": pdf_upload("整改报告.pdf")})
    assert done.status_code == 302
    order.refresh_from_db()
    assert order.response == "已完善经费管理制度。" and order.responded_on == today
    page = client.get(url).content.decode()
    assert "整改报告.pdf" in page
    assert client.get(reverse("leadunit:document", args=[alliance.pk, order.response_document_id])).status_code == 200


def test_the_money_page_shows_received_and_expected(client, km):
    client.force_login(km["lead"])
    page = client.get(reverse("leadunit:money", args=[km["alliance"].pk])).content.decode()
    assert "No proposal." in page or "没有" in page or "暂无" in page or page.count("<tr>") >= 2
