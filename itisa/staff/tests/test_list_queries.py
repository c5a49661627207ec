"""The main list pages cost the same few queries whatever the register's size, and a page is read in two
narrow steps (its ids sorted on the list's own table, then those rows with their joins) without changing
which rows it shows or their order (docs/benchmarks.md "Web throughput")."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from itisa.core.listing import page_rows
from itisa.register.models import Alliance
from itisa.register.synthetic import generate_register
from itisa.workflow.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(django_user_model):
    return django_user_model.objects.create_superuser(username="boss", password="x")


def _cases():
    Case.objects.bulk_create([Case(alliance=a, jurisdiction_id=a.jurisdiction_id, pack_id="530100-kunming/2016",
                                   pack_digest="x", procedure_id="recognition", state="submitted",
                                   opened_on=date(2026, 1, 5)) for a in Alliance.objects.all()])


def test_a_page_read_in_two_steps_holds_the_same_rows_in_the_same_order():
    generate_register(alliances=60, seed=3, today=date(2026, 11, 21))
    qs = Alliance.objects.select_related("lead", "jurisdiction").filter(status="recognised").order_by("name", "pk")
    for start in (0, 25, 50):
        assert [a.pk for a in page_rows(qs, start, 25)] == [a.pk for a in qs[start:start + 25]]
    assert page_rows(qs, 10_000, 25) == []


def test_the_rows_of_the_second_step_come_with_their_joins(django_assert_num_queries):
    generate_register(alliances=30, seed=4, today=date(2026, 11, 21))
    qs = Alliance.objects.select_related("lead", "jurisdiction").order_by("name")
    with django_assert_num_queries(2):  # the ids, then the rows: no query per row for lead or jurisdiction
        names = [(a.lead.name, a.jurisdiction.name) for a in page_rows(qs, 0, 25)]
    assert len(names) == 25


@pytest.mark.parametrize("size", [10, 300])
def test_the_bureau_alliance_list_costs_the_same_queries_for_10_or_300_alliances(client, boss, size,
                                                                                 django_assert_max_num_queries):
    generate_register(alliances=size, seed=size, today=date(2026, 11, 21))
    client.force_login(boss)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("staff:alliances")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("staff:alliances"), {"page": 2}, HTTP_HX_REQUEST="true").status_code == 200


@pytest.mark.parametrize("size", [10, 300])
def test_the_home_page_costs_the_same_queries_for_10_or_300_alliances(client, boss, size,
                                                                       django_assert_max_num_queries):
    generate_register(alliances=size, seed=size, today=date(2026, 11, 21))
    _cases()
    client.force_login(boss)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.parametrize("size", [10, 300])
def test_a_bureau_case_queue_reads_its_own_cases_without_the_alliance_scope(client, person, jurisdiction, size):
    """A case at the bureau puts its alliance in the bureau's scope (docs/access.md), so the queue of bureau staff
    filters cases by bureau alone: none of its queries runs the scope's sub-queries (docs/benchmarks.md)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    generate_register(alliances=size, seed=size, today=date(2026, 11, 21))
    _cases()
    luoyang = jurisdiction("luoyang-kjj")
    client.force_login(person("ly_staff", role="bureau_staff", jurisdiction=luoyang))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("staff:home"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == Case.objects.filter(jurisdiction=luoyang).count() > 0
    assert len(ctx.captured_queries) <= 10
    assert not [q["sql"] for q in ctx.captured_queries if "register_levelrecord" in q["sql"]]
