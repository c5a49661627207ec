"""The staff lists of dissolutions and of reports to endorse sort by their column headers, filter, and cost the
same few queries for 3 or 30 rows (the consents still missing are read for the whole page at once)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from itisa.public.tests.test_sorted_lists import order_on_page
from itisa.register.models import Alliance
from itisa.register.synthetic import generate_register
from itisa.supervision.models import Dissolution, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(client, django_user_model, jurisdiction):
    """A superuser (every alliance in scope) who also holds a recommender's role (the reports page is theirs)."""
    from itisa.accounts.models import RoleAssignment

    user = django_user_model.objects.create_superuser(username="boss", password="x")
    RoleAssignment.objects.create(user=user, role="recommender", recommender_kind="county_bureau",
                                  jurisdiction=jurisdiction("610502-kjj"))
    client.force_login(user)


def _dissolutions(size: int) -> list[Dissolution]:
    generate_register(alliances=size, seed=size, today=date(2026, 11, 21))
    return Dissolution.objects.bulk_create([
        Dissolution(alliance=a, pack_id="530100-kunming/2016", article="第十九条", reason="任务完成",
                    applied_on=date(2026, 1, 1) + timedelta(days=(i * 7) % size),
                    status="applied" if i % 2 else "approved", decided_on=None if i % 2 else date(2026, 6, 1))
        for i, a in enumerate(Alliance.objects.order_by("pk")[:size])])


def _reports(size: int) -> list[Report]:
    generate_register(alliances=size, seed=size, today=date(2026, 11, 21))
    return Report.objects.bulk_create([
        Report(alliance=a, kind="annual_report", year=2020 + i % 4, pack_id="610500-weinan/2015", duty="annual_report",
               filed_on=date(2021, 1, 1) + timedelta(days=(i * 5) % size), endorsement_required=True,
               endorsed_on=date(2021, 3, 1) if i % 3 == 0 else None)
        for i, a in enumerate(Alliance.objects.order_by("pk")[:size])])


def test_the_dissolutions_sort_by_the_date_applied_both_ways(client, boss):
    rows = _dissolutions(6)
    names = [d.alliance.name for d in rows]
    up = client.get(reverse("staff:dissolutions"), {"sort": "applied_on"}).content.decode()
    down = client.get(reverse("staff:dissolutions"), {"sort": "-applied_on"}).content.decode()
    assert order_on_page(up, names) == [d.alliance.name for d in sorted(rows, key=lambda d: d.applied_on)][:len(names)]
    assert order_on_page(up, names) != order_on_page(down, names)
    unsorted = client.get(reverse("staff:dissolutions")).content.decode()  # those under way first
    pending = {d.alliance.name for d in rows if d.status == "applied"}
    assert set(order_on_page(unsorted, names)[:len(pending)]) == pending


def test_the_dissolutions_filter_by_status_and_name_the_missing_consents(client, boss):
    rows = _dissolutions(4)
    page = client.get(reverse("staff:dissolutions"), {"status": "applied"}).content.decode()
    for d in rows:
        assert (d.alliance.name in page) == (d.status == "applied")
    member = rows[1].alliance.memberships.select_related("organisation").first().organisation.name
    assert member in page


@pytest.mark.parametrize("size", [3, 30])
def test_the_dissolutions_cost_the_same_queries_for_3_or_30_rows(client, boss, size, django_assert_max_num_queries):
    _dissolutions(size)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("staff:dissolutions"), {"sort": "alliance__name"})
    assert response.status_code == 200


def test_the_reports_sort_by_the_date_filed_both_ways_and_filter_by_endorsement(client, boss):
    rows = _reports(6)
    names = [r.alliance.name for r in rows]
    up = client.get(reverse("staff:reports"), {"sort": "filed_on"}).content.decode()
    down = client.get(reverse("staff:reports"), {"sort": "-filed_on"}).content.decode()
    assert order_on_page(up, names) == [r.alliance.name for r in sorted(rows, key=lambda r: (r.filed_on, r.pk))]
    assert order_on_page(up, names) != order_on_page(down, names)
    waiting = client.get(reverse("staff:reports"), {"endorsed": "0"}).content.decode()
    for r in rows:
        assert (r.alliance.name in waiting) == (r.endorsed_on is None)


@pytest.mark.parametrize("size", [3, 30])
def test_the_reports_cost_the_same_queries_for_3_or_30_rows(client, boss, size, django_assert_max_num_queries):
    _reports(size)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("staff:reports"), {"sort": "-year"})
    assert response.status_code == 200
