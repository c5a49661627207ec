"""The public lists of revoked alliances and of open notices sort by their column headers, filter by bureau, and
cost the same few queries for 3 or 30 rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from itisa.notices.models import PublicNotice
from itisa.register.models import Alliance
from itisa.register.synthetic import generate_register
from itisa.supervision.models import Revocation
from itisa.workflow.models import Case

pytestmark = pytest.mark.django_db


def order_on_page(html: str, names: list[str]) -> list[str]:
    """The names in the order the page shows them."""
    assert all(n in html for n in names)
    return sorted(names, key=html.index)


def _revoked(size: int) -> list[Revocation]:
    generate_register(alliances=size, seed=size, today=date(2026, 11, 21))
    rows = [Revocation(alliance=a, pack_id="530100-kunming/2016", article="第十七条", reason=f"撤销理由{i}",
                       decided_on=date(2025, 1, 1) + timedelta(days=(i * 7) % size), published_on=date(2025, 6, 1))
            for i, a in enumerate(Alliance.objects.order_by("pk")[:size])]
    Revocation.objects.all().delete()  # the generated register's own revocations: this test's rows only
    return Revocation.objects.bulk_create(rows)


def _notices(size: int) -> list[PublicNotice]:
    generate_register(alliances=size, seed=size, today=date(2026, 11, 21))
    today = timezone.localdate()
    cases = Case.objects.bulk_create([Case(alliance=a, jurisdiction_id=a.jurisdiction_id, pack_id="530100-kunming/2016",
                                           pack_digest="x", procedure_id="recognition", state="notice",
                                           opened_on=date(2026, 1, 5)) for a in Alliance.objects.order_by("pk")[:size]])
    return PublicNotice.objects.bulk_create([
        PublicNotice(case=c, pack_id=c.pack_id, article="第九条", published_on=today - timedelta(days=i % 5),
                     ends_on=today + timedelta(days=1 + (i * 3) % size), period_length=7, period_unit="calendar_days",
                     title=f"{c.alliance.name}认定公示", text="公示", status="published") for i, c in enumerate(cases)])


def test_the_revoked_list_sorts_by_the_date_of_revocation_both_ways(client):
    rows = _revoked(6)
    names = [r.alliance.name for r in rows]
    by_date = [r.alliance.name for r in sorted(rows, key=lambda r: (r.decided_on, r.pk))]
    up = client.get(reverse("public:revoked"), {"sort": "decided_on"}).content.decode()
    down = client.get(reverse("public:revoked"), {"sort": "-decided_on"}).content.decode()
    assert order_on_page(up, names) == by_date
    assert order_on_page(down, names)[::-1] == [r.alliance.name for r in sorted(rows, key=lambda r: (r.decided_on, -r.pk))]
    assert order_on_page(up, names) != order_on_page(down, names)
    assert 'aria-sort="ascending"' in up and 'aria-sort="descending"' in down


def test_the_revoked_list_filters_by_bureau_and_answers_a_bad_date_on_the_page(client):
    rows = _revoked(6)
    bureau = rows[0].alliance.jurisdiction
    page = client.get(reverse("public:revoked"), {"jurisdiction": bureau.code}).content.decode()
    for r in rows:
        assert (r.alliance.name in page) == (r.alliance.jurisdiction_id == bureau.pk)
    bad = client.get(reverse("public:revoked"), {"from": "2025-13-45"})
    assert bad.status_code == 200 and 'role="alert"' in bad.content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_the_revoked_list_costs_the_same_queries_for_3_or_30_rows(client, size, django_assert_max_num_queries):
    _revoked(size)
    with django_assert_max_num_queries(5):  # the bureaus of the filter, the count, the page with its joins
        response = client.get(reverse("public:revoked"), {"sort": "-alliance__name"})
    assert response.status_code == 200


def test_the_notices_sort_by_their_last_day_both_ways(client):
    notices = _notices(6)
    titles = [n.title for n in notices]
    up = client.get(reverse("public:notices"), {"sort": "ends_on"}).content.decode()
    down = client.get(reverse("public:notices"), {"sort": "-ends_on"}).content.decode()
    assert order_on_page(up, titles) == [n.title for n in sorted(notices, key=lambda n: (n.ends_on, n.pk))]
    assert order_on_page(down, titles) == [n.title for n in sorted(notices, key=lambda n: (n.ends_on, -n.pk),
                                                                         reverse=True)]
    assert order_on_page(up, titles) != order_on_page(down, titles)


@pytest.mark.parametrize("size", [3, 30])
def test_the_notices_cost_the_same_queries_for_3_or_30_rows(client, size, django_assert_max_num_queries):
    _notices(size)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("public:notices"), {"sort": "case__alliance__lead__name"})
    assert response.status_code == 200 and response.content.decode().count("认定公示") >= min(size, 25)  # one page of 25
