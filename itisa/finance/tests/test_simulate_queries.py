"""The what-if page reads the register a bounded number of times, whatever its size, keeps the columns per
register version (ADR 0017), and sees a change of the register on the next run."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

PARAMS = {"jurisdiction": "jiangning-kjj", "pack": "320115-jiangning/2019", "on": "2019-12-01", "run": "1",
          "set:recognition_award.district": "40"}


def run(client) -> tuple[str, int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("finance:simulate"), PARAMS)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def test_the_what_if_page_costs_the_same_queries_for_two_alliances_or_twelve(client, cast, funds,
                                                                            jiangning_alliance,
                                                                            django_assert_max_num_queries):
    jiangning_alliance("江宁甲联盟")
    jiangning_alliance("江宁乙联盟")
    client.force_login(cast["jn_finance"])
    with django_assert_max_num_queries(14):
        page, cold, _ = run(client)
    assert '<div class="big">60</div>' in page and '<div class="big">80</div>' in page
    with django_assert_max_num_queries(9):
        _, warm, sql = run(client)
    assert warm < cold  # the columns come from the cache: no membership is read again
    assert not any("joined_on" in s for s in sql), sql
    for i in range(10):
        jiangning_alliance(f"江宁扩展联盟{i}")
    page, cold_again, _ = run(client)  # the register changed: read again, at the same cost
    assert cold_again == cold
    assert '<div class="big">360</div>' in page and '<div class="big">480</div>' in page  # 12 × 30 → 12 × 40
