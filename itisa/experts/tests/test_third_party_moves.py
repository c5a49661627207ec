"""The expert's case page offers only the moves of the entrusted third party (Luoyang 第九条 “可委托第三方”,
the pack role ``third_party_evaluator``); a bureau's move posted there is refused and moves nothing. That the
third party's move is performed there is shown by ``test_every_transition_is_performed_on_its_page``."""

from __future__ import annotations

import pytest
from django.urls import reverse

from itisa.experts.tests.test_expert_pages import panel  # noqa: F401

pytestmark = pytest.mark.django_db


def test_an_expert_is_offered_no_bureau_move_and_cannot_take_one(client, panel):  # noqa: F811
    s = panel
    case = s["case"]
    client.force_login(s["a"].user)
    page = client.get(reverse("experts:case", args=[case.pk])).content.decode()
    assert 'id="h-moves"' not in page and 'name="move"' not in page
    state, version = case.state, case.lock_version
    refused = client.post(reverse("experts:case_act", args=[case.pk]), {
        "move": "recognise", "prefix": "act-recognise", "act-recognise-action": "recognise",
        "act-recognise-expected_version": version, "act-recognise-reason": "x"})
    assert refused.status_code == 400
    case.refresh_from_db()
    assert (case.state, case.lock_version) == (state, version)


def test_an_expert_not_assigned_gets_404(client, panel, make_expert):  # noqa: F811
    other = make_expert("expert_c")
    client.force_login(other.user)
    response = client.post(reverse("experts:case_act", args=[panel["case"].pk]), {"move": "recognise"})
    assert response.status_code == 404
