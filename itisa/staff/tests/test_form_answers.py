"""The staff pages whose success is not the plain message-and-redirect keep their answer through the one form
step (``core.forms.submitted``): nothing new to apply is said as information, not as success."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_consequences_with_nothing_new_to_apply_are_said_as_information(client, recognised, person, jurisdiction):
    alliance = recognised("henan-kjt", date(2022, 3, 1))
    client.force_login(person("hn_staff", role="bureau_staff", jurisdiction=jurisdiction("henan-kjt")))
    response = client.post(reverse("staff:consequences_apply", args=[alliance.pk]), {})
    assert response.status_code == 302 and response["Location"] == reverse("staff:alliance", args=[alliance.pk])
    assert [(m.level, str(m)) for m in get_messages(response.wsgi_request)] == [
        (messages.INFO, "无新增须执行的处理措施。")]


def test_a_period_beyond_the_limit_stays_on_the_page_with_what_was_typed(client, recognised, person, jurisdiction):
    alliance = recognised("henan-kjt", date(2022, 3, 1))
    client.force_login(person("hn_staff", role="bureau_staff", jurisdiction=jurisdiction("henan-kjt")))
    response = client.post(reverse("staff:consequences_apply", args=[alliance.pk]), {"rectification_months": 99})
    assert response.status_code == 200 and not list(get_messages(response.wsgi_request))
    assert 'value="99"' in response.content.decode()


def test_a_form_for_another_move_is_refused_on_the_decision_tab_and_nothing_moves(client, weinan_submitted):
    from itisa.workflow.models import CaseTransition

    s = weinan_submitted
    case = s["case"]
    client.force_login(s["county"])
    moves = CaseTransition.objects.filter(case=case).count()
    response = client.post(reverse("staff:decide", args=[case.pk]), {
        "move": "recommend", "prefix": "act-recommend", "act-recommend-action": "reject",
        "act-recommend-expected_version": case.lock_version, "act-recommend-reason": "同意推荐"})
    assert response.status_code == 200 and "表单与所办理的操作不一致。" in response.content.decode()
    assert CaseTransition.objects.filter(case=case).count() == moves and not list(get_messages(response.wsgi_request))
