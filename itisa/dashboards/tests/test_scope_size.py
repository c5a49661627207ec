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
