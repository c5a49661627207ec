"""A list page sorts by its column headers (ascending, then descending; an unknown key changes nothing), says
when a filter value is malformed instead of failing, and keeps its search, filters and sort across pages and in
its exports (ADR 0021)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import translation

from itisa.core import listing
from itisa.core.listing import Column, ListPage
from tests.support import body

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def people_page(template: str = "includes/pagination.html") -> ListPage:
    return ListPage(
        template=template, fragment=template, export_stem="people",
        search_fields=("username",),
        filters={"joined_from": "date_joined__gte", "staff": "is_staff", "id": "id", "name": "first_name"},
        columns=[Column("Name", field="username"), Column("Joined", field="date_joined"),
                 Column("Both", field=("username", "email"), shape=lambda u, e: f"{u} {e}")],
        two_step=True)


@pytest.fixture
def people():
    User = get_user_model()
    names = ["bo", "an", "cy"]
    for day, name in enumerate(names, start=1):
        User.objects.create(username=name, date_joined=datetime(2026, 1, day, tzinfo=SHANGHAI), first_name=name)
    return User.objects.order_by("date_joined")


def get(params: dict[str, str]):
    return RequestFactory().get("/people/", params)


def names(page: ListPage, params: dict[str, str], people) -> list[str]:
    queryset, _active, _errors = page.narrow(get(params), people)
    return [u.username for u in queryset]


def test_a_sort_key_orders_the_list_ascending_then_descending(people):
    page = people_page()
    assert names(page, {}, people) == ["bo", "an", "cy"]  # the list's own order
    assert names(page, {"sort": "username"}, people) == ["an", "bo", "cy"]
    assert names(page, {"sort": "-username"}, people) == ["cy", "bo", "an"]


def test_an_unknown_or_unsortable_key_is_ignored(people):
    page = people_page()
    for key in ("password", "-nothing", "email", "username__foo", "' OR 1=1"):
        queryset, active, errors = page.narrow(get({"sort": key}), people)
        assert [u.username for u in queryset] == ["bo", "an", "cy"] and "sort" not in active and not errors


def test_the_header_link_of_the_sorted_column_turns_it_around_and_says_so(people):
    page = people_page()
    _qs, active, _errors = page.narrow(get({"sort": "username", "q": "o"}), people)
    links = page.sorting(active)
    assert set(links) == {"username", "date_joined"}  # a column of several fields is not sortable
    assert links["username"] == {"query": "q=o&sort=-username", "aria": "ascending"}
    assert links["date_joined"] == {"query": "q=o&sort=date_joined", "aria": ""}


def test_typed_filters_narrow_the_list(people):
    page = people_page()
    assert names(page, {"joined_from": "2026-01-02"}, people) == ["an", "cy"]
    assert names(page, {"name": "cy"}, people) == ["cy"]
    assert names(page, {"staff": "1"}, people) == []


@pytest.mark.parametrize("params", [{"joined_from": "2026-02-30"}, {"joined_from": "yesterday"}, {"id": "abc"},
                                    {"id": "1.5"}, {"id": "99999999999999999999999"}, {"staff": "maybe"}])
def test_a_malformed_filter_value_is_an_error_on_the_page_not_a_500(people, params):
    with translation.override("en"):
        response = people_page("includes/list_errors.html").respond(get(params), people)
    assert response.status_code == 200
    assert "A filter was not applied" in response.content.decode()


def test_a_bad_filter_leaves_the_other_filters_and_the_sort_in_force(people):
    queryset, active, errors = people_page().narrow(get({"joined_from": "x", "name": "an", "sort": "-username"}),
                                                    people)
    assert [u.username for u in queryset] == ["an"] and len(errors) == 1
    assert active == {"name": "an", "sort": "-username"}


def test_filters_and_sort_survive_pagination(people, monkeypatch):
    monkeypatch.setattr(listing, "PAGE_SIZE", 1)
    page = people_page()
    response = page.respond(get({"sort": "-username", "joined_from": "2026-01-01"}), people)
    html = response.content.decode()
    assert "joined_from=2026-01-01&amp;sort=-username&amp;page=2" in html
    second = page.respond(get({"sort": "-username", "joined_from": "2026-01-01", "page": "2"}), people)
    assert "page=3" in second.content.decode() and "page=1" in second.content.decode()


def test_the_export_keeps_the_filters_and_the_sort(people):
    response = people_page().respond(get({"sort": "-username", "joined_from": "2026-01-02", "export": "csv"}), people)
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert [r[0] for r in rows[-2:]] == ["cy", "an"] and "bo" not in [r[0] for r in rows]
