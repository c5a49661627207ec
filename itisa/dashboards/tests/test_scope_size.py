"""The dashboard's scope: a list of ids up to ``IDS_AT_MOST`` alliances, a sub-query above it (measured:
docs/benchmarks.md); every figure is the same either way."""

from __future__ import annotations

from datetime import date

import pytest

from itisa.dashboards import selectors
from itisa.dashboards.views import _tables
from itisa.register.synthetic import generate_register

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 21)


def figures(scope: selectors.Scope) -> list:
    return [[(t.key, t.rows) for t in _tables(scope)], selectors.deadline_counts(scope, TODAY),
            [d.pk for d in selectors.deadlines_overdue(scope, TODAY)],
            [d.pk for d in selectors.deadlines_coming(scope, TODAY)]]


@pytest.mark.parametrize("bureau", ["most", "henan-kjt", "jiangning-kjj"])
def test_a_large_scope_is_a_sub_query_with_the_same_figures_as_the_list(person, jurisdiction, bureau,
                                                                       django_assert_max_num_queries):
    generate_register(alliances=60, seed=3, today=TODAY)
    user = person(f"{bureau}_staff", role="bureau_staff", jurisdiction=jurisdiction(bureau))
    listed = selectors.scope_of(user)
    assert listed.ids is not None and listed.sub is None and 0 < len(listed.ids) <= selectors.IDS_AT_MOST
    with django_assert_max_num_queries(1):  # deciding costs the one read of (at most limit + 1) ids
        sub = selectors.scope_of(user, ids_at_most=len(listed.ids) - 1)
    assert sub.ids is None and sub.sub is not None
    assert selectors.scope_of(user, ids_at_most=len(listed.ids)).ids == listed.ids  # at the limit: still a list
    assert figures(sub) == figures(listed)
    assert any(rows for _, rows in figures(listed)[0])


@pytest.mark.parametrize("bureau", ["most", "henan-kjt", "jiangning-kjj"])
def test_the_figures_counted_from_the_scope_read_are_those_the_database_groups(person, jurisdiction, bureau):
    """The register figures and the level records are counted in Python from the one read of the scope
    (``Scope.rows``); each equals the grouped query it replaced."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from itisa.register.models import LevelRecord

    generate_register(alliances=80, seed=5, today=TODAY)
    user = person(f"{bureau}_staff", role="bureau_staff", jurisdiction=jurisdiction(bureau))
    scope = selectors.scope_of(user)
    got = selectors.register_figures(scope)
    qs = selectors.alliances(scope)
    assert got["status"] == list(qs.values("status").annotate(n=Count("pk")).order_by("status"))
    assert got["level"] == list(qs.values("level").annotate(n=Count("pk")).order_by("level"))
    assert got["region"] == list(qs.values("region_id", "region__name").annotate(n=Count("pk"))
                                 .order_by("-n", "region_id"))
    assert got["founded"] == list(qs.annotate(year=ExtractYear("founded_on")).values("year", "status")
                                  .annotate(n=Count("pk")).order_by("year", "status"))
    fields = list(qs.values("industry_field__name", "industry_field__jurisdiction__name").annotate(n=Count("pk")))
    key = lambda r: (-r["n"], r["industry_field__name"] or "", r["industry_field__jurisdiction__name"] or "")  # noqa: E731
    assert sorted(got["field"], key=key) == sorted(fields, key=key) and [r["n"] for r in got["field"]] == sorted(
        (r["n"] for r in fields), reverse=True)
    records = LevelRecord.objects.filter(alliance__in=qs.values("pk")).annotate(year=ExtractYear("from_date"))
    assert selectors.recognised_by_year_and_level(scope) == list(
        records.values("year", "level").annotate(n=Count("pk")).order_by("year", "level"))
    assert got["status"] and got["founded"] and sum(r["n"] for r in got["region"]) == qs.count()
