"""The staff alliance page recalls a recognition's plaque and certificate on its own (recognition_recall: Kunming
第十七条 收回授牌), behind a confirmation naming the consequence and with a required reason; offered only while the
recognition is valid and to its recognising bureau. Another bureau gets 404 and nothing is written."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from itisa.audit.models import AuditEvent
from itisa.recognition.models import RecognitionStatus
from itisa.workflow.services import case_act

pytestmark = pytest.mark.django_db


@pytest.fixture
def recognition(km):
    case = km["case_at"]("notice")
    return case_act(actor=km["staff"], case=case, action="recognise", on=date(2024, 6, 12)).case.recognition


def _url(r):
    return reverse("staff:recognition_recall", kwargs={"pk": r.alliance_id, "recognition": r.pk})


def test_the_alliance_page_offers_the_recall_behind_a_confirmation(client, km, recognition):
    client.force_login(km["staff"])
    page = client.get(reverse("staff:alliance", args=[recognition.alliance_id]))
    body = page.content.decode()
    assert recognition.document_number in body and _url(recognition) in body
    assert "公开核验页面将显示该认定已撤销" in body  # the confirmation names the consequence


def test_staff_recall_the_plaque_with_article_and_reason(client, km, recognition):
    client.force_login(km["staff"])
    prefix = f"recall-{recognition.pk}"
    response = client.post(_url(recognition), {f"{prefix}-on": "2024-09-01", f"{prefix}-article": "第十七条",
                                               f"{prefix}-reason": "认定文件有误，收回授牌"})
    assert response.status_code == 302
    recognition.refresh_from_db()
    assert (recognition.status, recognition.recalled_on, recognition.recall_article) == (
        RecognitionStatus.RECALLED, date(2024, 9, 1), "第十七条")
    assert recognition.recalled_by == km["staff"]
    assert AuditEvent.objects.filter(action="recognition.recall", target_id=str(recognition.pk)).exists()
    # Recalled: the page offers it no more, and a second post is a 404.
    page = client.get(reverse("staff:alliance", args=[recognition.alliance_id]))
    assert _url(recognition) not in page.content.decode()
    assert client.post(_url(recognition), {f"{prefix}-on": "2024-09-02", f"{prefix}-article": "第十七条",
                                           f"{prefix}-reason": "再次"}).status_code == 404


@pytest.mark.parametrize("data,field", [({"article": "第十七条", "reason": ""}, "reason"),
                                        ({"article": "第十七条", "reason": "早于授牌", "on": "2024-01-01"}, "on")])
def test_a_recall_without_reason_or_before_the_award_stays_on_the_page(client, km, recognition, data, field):
    client.force_login(km["staff"])
    prefix = f"recall-{recognition.pk}"
    post = {f"{prefix}-on": data.get("on", "2024-09-01"), f"{prefix}-article": data["article"],
            f"{prefix}-reason": data["reason"]}
    response = client.post(_url(recognition), post)
    assert response.status_code == 200
    form = next(r.recall_form for r in response.context["recognitions"] if r.pk == recognition.pk)
    assert form.errors.get(field) or form.non_field_errors()
    recognition.refresh_from_db()
    assert recognition.status == RecognitionStatus.VALID
    assert not AuditEvent.objects.filter(action="recognition.recall").exists()


def test_another_bureau_gets_404_and_nothing_is_recalled(client, km, recognition, jurisdiction):
    other = km["person"]("ly_staff", role="bureau_staff", jurisdiction=jurisdiction("luoyang-kjj"))
    client.force_login(other)
    prefix = f"recall-{recognition.pk}"
    assert client.post(_url(recognition), {f"{prefix}-on": "2024-09-01", f"{prefix}-article": "第十七条",
                                           f"{prefix}-reason": "越权"}).status_code == 404
    recognition.refresh_from_db()
    assert recognition.status == RecognitionStatus.VALID
