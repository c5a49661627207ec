"""Only acts whose guard can pass are offered (others disabled, with the reason); a recommendation needs its
reason; irreversible acts are confirmed, naming their consequence, destructive ones in red (issue 10 §2)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_move_whose_guard_fails_is_shown_disabled_with_the_reason(client, jiangning_in_review):
    s = jiangning_in_review
    client.force_login(s["staff"])
    page = client.get(reverse("staff:case", args=[s["case"].pk])).content.decode()
    assert "暂不可办理" in page and "disabled aria-describedby=" in page
    assert "(条件:" not in page and "expert_review_passed" not in page  # no guard ids


def test_a_recommendation_needs_its_reason_and_declining_is_destructive(client, weinan_submitted):
    s = weinan_submitted
    case = s["case"]
    client.force_login(s["county"])
    page = client.get(reverse("staff:case", args=[case.pk])).content.decode()
    assert '<details class="confirm destructive">' in page  # decline to recommend
    assert "推荐意见及理由将作为签署意见报送科技局" in page  # the consequence of recommending
    refused = client.post(
        reverse("staff:decide", args=[case.pk]),
        {
            "move": "recommend",
            "prefix": "act-recommend",
            "act-recommend-action": "recommend",
            "act-recommend-expected_version": case.lock_version,
            "act-recommend-reason": "",
        },
    )
    assert refused.status_code in (200, 400) and "errorlist" in refused.content.decode()
    case.refresh_from_db()
    assert case.state == "submitted"
    done = client.post(
        reverse("staff:decide", args=[case.pk]),
        {
            "move": "recommend",
            "prefix": "act-recommend",
            "act-recommend-action": "recommend",
            "act-recommend-expected_version": case.lock_version,
            "act-recommend-reason": "同意推荐",
        },
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.state != "submitted"
