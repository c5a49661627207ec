"""Kunming 第十一条 on the public page: anyone may object while the notice runs; errors keep what was typed."""

from __future__ import annotations

from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from itisa.notices.models import Objection, PublicNotice

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def on_day(day: date):
    at = datetime(day.year, day.month, day.day, 10, 0, tzinfo=SHANGHAI)
    return mock.patch("django.utils.timezone.now", return_value=at)


def test_an_open_notice_is_listed_and_takes_an_objection(client, km):
    case = km["case_at"]("notice", published_on=date(2024, 6, 3))
    notice = PublicNotice.objects.get(case=case)
    with on_day(date(2024, 6, 5)):
        assert notice.title in client.get(reverse("public:notices")).content.decode()
        response = client.post(reverse("public:notice", args=[notice.pk]),
                               {"name": "张三", "contact": "zhang@example.org", "text": "该联盟的产业化项目材料与实际不符，请核实。"})
    assert response.status_code == 302
    assert Objection.objects.get(notice=notice).contact == "zhang@example.org"


def test_a_bad_objection_shows_its_errors_and_keeps_the_text(client, km):
    case = km["case_at"]("notice", published_on=date(2024, 6, 3))
    notice = PublicNotice.objects.get(case=case)
    with on_day(date(2024, 6, 5)):
        page = client.post(reverse("public:notice", args=[notice.pk]),
                           {"name": "", "contact": "", "text": "材料不实的具体情况如下……"}).content.decode()
    assert "材料不实的具体情况如下……" in page
    assert 'class="errorlist' in page
    assert Objection.objects.count() == 0


def test_after_the_notice_ends_the_form_is_gone_and_a_late_post_is_refused(client, km):
    case = km["case_at"]("notice", published_on=date(2024, 6, 3))
    notice = PublicNotice.objects.get(case=case)
    with on_day(date(2024, 6, 12)):  # 4 … 10 June, 10 June a holiday: it ended on 11 June (民法典 201, 203)
        page = client.get(reverse("public:notice", args=[notice.pk])).content.decode()
        assert "<form method=\"post\" novalidate>" not in page
        late = client.post(reverse("public:notice", args=[notice.pk]),
                           {"name": "李四", "contact": "li@example.org", "text": "公示期结束后才看到，特此提出异议。"})
    body = late.content.decode()
    assert late.status_code == 200 and 'class="errorlist nonfield"' in body
    assert body.count("2024-06-11") >= 2  # in the notice's dates and in the refusal
    assert Objection.objects.count() == 0
