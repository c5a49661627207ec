"""Bad input never reaches a server error (issue 9 §4): the cases found by hand, each pinned here.

Runs on SQLite and PostgreSQL alike; the NUL cases matter on PostgreSQL (it refuses NUL in any string),
the 60,000-character search on SQLite (it refuses LIKE patterns over 50,000 bytes)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from datetime import date

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import reverse

from itisa.accounts.models import RoleAssignment
from itisa.core.badinput import BadInputMiddleware, is_lock_error
from itisa.core.forms import BoundedDateField, TextField
from itisa.core.params import clean_query, parse_date, parse_id, parse_int, strip_invisible
from itisa.public.forms import ObjectionForm
from itisa.register.services import achievement_add, membership_add

pytestmark = pytest.mark.django_db
INVISIBLE = ["", " ", "\u200b", "\u200b\u200c\u200d\ufeff", "\u3000 \t\n", "\u2060\u00a0", "\u3164", "\u202e"]


@pytest.fixture
def alliance(make_alliance):
    return make_alliance(founded_on=date(2019, 3, 1))


@pytest.fixture
def staff(django_user_model, jurisdiction):
    user = django_user_model.objects.create_user(username="ly_staff", password="pw", full_name="洛阳科技局")
    RoleAssignment.objects.create(user=user, role="bureau_staff", jurisdiction=jurisdiction("luoyang-kjj"))
    return user


# ---------------------------------------------------------------- the pages


@pytest.mark.parametrize(
    "query",
    [
        {"field": "abc"},
        {"field": "99999999999999999999"},
        {"q": "x" * 60_000},
        {"q": "\x00"},
        {"q": "a\x00b"},
        {"jurisdiction": "\x00"},
        {"region": "\x00"},
        {"level": "'; DROP TABLE x; --"},
        {"page": "9" * 5000},
        {"status": "\u200b"},
    ],
)
def test_the_public_register_drops_a_malformed_parameter(client, alliance, query):
    response = client.get(reverse("public:register"), query)
    assert response.status_code == 200


def test_a_search_of_60000_characters_is_cut_not_refused(client, alliance):
    response = client.get(reverse("public:register"), {"q": "轴承" + "x" * 60_000})
    assert response.status_code == 200 and len(response.context["active"]["q"]) == 200


@pytest.mark.parametrize(
    "path",
    [
        "/documents/99999999999999999999/",
        "/register/99999999999999999999/",
        "/notices/99999999999999999999/",
        "/documents/9223372036854775808/",
    ],
)
def test_an_id_larger_than_any_table_holds_is_not_found(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"q": "\x00"},
        {"q": "x" * 60_000},
        {"state": "\x00"},
        {"procedure": "\x00"},
        {"pack": "a\x00"},
        {"jurisdiction": "9" * 40},
    ],
)
def test_the_staff_work_list_drops_a_malformed_parameter(client, staff, alliance, query):
    client.force_login(staff)
    assert client.get(reverse("staff:home"), query).status_code == 200


def test_a_huge_case_id_in_the_work_list_is_not_found(client, staff):
    client.force_login(staff)
    assert client.get("/work/99999999999999999999/").status_code == 404


# ---------------------------------------------------------------- parameter helpers


def test_parameter_helpers_never_raise():
    assert parse_int("1e30000000") is None and parse_int("9" * 5000) is None and parse_int("²") is None
    assert parse_int("2020", minimum=1900, maximum=2999) == 2020 and parse_int("-1") is None
    assert parse_id("0") is None and parse_id(str(2**63)) is None and parse_id(str(2**63 - 1)) == 2**63 - 1
    assert parse_date("0001-01-01") is None and parse_date("9999-12-31") is None
    assert parse_date("2020-02-30") is None and parse_date("2020-02-29") == dt.date(2020, 2, 29)
    assert clean_query("a\x00b\x01c") == "abc" and clean_query(b"bytes") == "" and len(clean_query("x" * 10**6)) == 200
    assert all(strip_invisible(v) == "" for v in INVISIBLE)


# ---------------------------------------------------------------- text: invisible is empty


@pytest.mark.parametrize("blank", INVISIBLE)
def test_a_required_text_of_only_invisible_characters_is_empty(blank):
    form = ObjectionForm({"name": blank, "contact": blank, "text": blank})
    assert not form.is_valid()
    assert {"contact", "text"} <= set(form.errors)


def test_visible_text_keeps_its_inner_spaces_and_loses_invisible_ends():
    field = TextField()
    assert field.clean("\u200b 联盟 章程\u3000\ufeff") == "联盟 章程"


def test_every_text_field_of_the_project_s_forms_cleans_invisible_text():
    """A new form with a plain CharField would accept "\u200b" as an answer: use itisa.core.forms.TextField."""
    from pathlib import Path

    import itisa

    root = Path(itisa.__file__).parent
    offenders = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "tests" not in p.parts and "forms.CharField(" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("raw", ["0001-01-01", "9999-12-31", "1900-01-01"])
def test_a_date_field_refuses_year_1_and_9999(raw):
    class F(forms.Form):
        on = BoundedDateField()

    form = F({"on": raw})
    assert not form.is_valid() and "on" in form.errors


def test_a_member_does_not_join_before_the_alliance_was_founded(alliance, make_org, system_actor):
    org = make_org("洛阳后加入企业")
    with pytest.raises(ValidationError) as caught:
        membership_add(actor=system_actor, alliance=alliance, organisation=org, joined_on=date(2019, 2, 28))
    assert set(caught.value.error_dict) == {"joined_on"}
    assert membership_add(actor=system_actor, alliance=alliance, organisation=org, joined_on=date(2019, 3, 1))


@pytest.mark.parametrize("day", [date(1, 1, 1), date(9999, 12, 31)])
def test_services_refuse_year_1_and_9999_naming_the_field(alliance, system_actor, day):
    with pytest.raises(ValidationError) as caught:
        achievement_add(actor=system_actor, alliance=alliance, kind="ip", title="专利", achieved_on=day)
    assert set(caught.value.error_dict) == {"achieved_on"}


# ---------------------------------------------------------------- SQLite locks are a 409, not a 500


def test_settings_make_sqlite_writers_wait_for_the_lock():
    from config import settings as config

    db = config.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("PostgreSQL: row locks, no database lock")
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE" and db["OPTIONS"]["timeout"] >= 5


def test_a_second_writer_that_cannot_get_the_lock_gets_the_conflict_page(tmp_path):
    """Two real SQLite connections: the second BEGIN IMMEDIATE times out; that error is answered with 409."""
    path = tmp_path / "db.sqlite3"
    first = sqlite3.connect(path, timeout=0.05, isolation_level=None)
    second = sqlite3.connect(path, timeout=0.05, isolation_level=None)
    first.execute("CREATE TABLE t (x)")
    first.execute("BEGIN IMMEDIATE")
    first.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.OperationalError) as caught:
        second.execute("BEGIN IMMEDIATE")
    first.execute("ROLLBACK")
    first.close()
    second.close()
    locked = OperationalError(*caught.value.args)
    assert is_lock_error(locked)
    request = RequestFactory().post("/work/1/decide/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = BadInputMiddleware(lambda r: None).process_exception(request, locked)  # type: ignore[arg-type]
    assert response is not None and response.status_code == 409
    assert BadInputMiddleware(lambda r: None).process_exception(request, OperationalError("no such table")) is None
