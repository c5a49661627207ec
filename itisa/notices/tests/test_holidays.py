"""The bureau's holiday calendar (issue 11 §3): a year the library does not know yet is entered from
the State Council's notice, audited, and a notice period spanning the new year is counted from it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from itisa.audit.models import AuditEvent
from itisa.notices.holidays import holiday_year_set, parse_days, year_is_known
from itisa.notices.models import HolidayYear, PeriodUnit
from itisa.notices.periods import is_working_day, period_end

pytestmark = pytest.mark.django_db

# An arrangement for 2027 as a bureau would type it from the notice (the notice is not out when this
# was written: the days are those of a plausible 元旦 and 春节, not a claim about the real one).
OFF_2027 = "2027-01-01 至 2027-01-03\n2027-02-06 至 2027-02-13"
WORK_2027 = "2027-02-14, 2027-02-20"


def enter_2027(actor):
    return holiday_year_set(actor=actor, year=2027, document_number="国办发明电〔2026〕7号",
                            days_off=parse_days(OFF_2027, "days_off"),
                            working_days=parse_days(WORK_2027, "working_days"))


def test_without_the_bureaus_year_a_period_into_2027_is_refused(system_actor):
    assert not year_is_known(2027)
    with pytest.raises(ValidationError) as caught:
        period_end(date(2026, 12, 28), 7, PeriodUnit.WORKING_DAYS)
    assert caught.value.code == "holiday_data_missing"


def test_a_notice_period_spanning_the_new_year_is_counted_from_the_bureaus_calendar(system_actor):
    enter_2027(system_actor)
    assert year_is_known(2027)
    # Published 2026-12-28 (Mon), not counted (民法典 第二百零一条): 12-29 … 12-31 are days 1–3 from the library;
    # 2027-01-01 (Fri) to 01-03 (Sun) off in the bureau's entry; 01-04 (Mon) … 01-07 (Thu): days 4–7.
    assert period_end(date(2026, 12, 28), 7, PeriodUnit.WORKING_DAYS) == date(2027, 1, 7)
    assert not is_working_day(date(2027, 2, 8))  # a Monday in the 春节 holiday
    assert is_working_day(date(2027, 2, 14))  # a Sunday made a working day (调休)
    assert is_working_day(date(2027, 3, 1)) and not is_working_day(date(2027, 3, 6))  # ordinary Mon / Sat


def test_the_bureaus_year_overrides_the_library(system_actor):
    # The library knows 2026; an entered year replaces it (here: 2026-10-02 is left an ordinary Friday).
    assert not is_working_day(date(2026, 10, 1))
    holiday_year_set(actor=system_actor, year=2026, document_number="国办发明电〔2025〕7号",
                     days_off=[date(2026, 1, 1), date(2026, 10, 1)], working_days=[])
    assert not is_working_day(date(2026, 10, 1))
    assert is_working_day(date(2026, 10, 2))  # not in the entered year's days off: an ordinary Friday


def test_entering_a_year_is_audited_and_a_correction_replaces_it(system_actor):
    enter_2027(system_actor)
    holiday_year_set(actor=system_actor, year=2027, document_number="国办发明电〔2026〕8号",
                     days_off=[date(2027, 1, 1)], working_days=[], reason="更正")
    calendar = HolidayYear.objects.get(year=2027)
    assert calendar.document_number == "国办发明电〔2026〕8号" and calendar.days.count() == 1
    events = AuditEvent.objects.filter(action="holiday_year.set").order_by("pk")
    assert events.count() == 2
    assert events.last().before["document_number"] == "国办发明电〔2026〕7号"


@pytest.mark.parametrize("kwargs,field", [
    ({"document_number": ""}, "document_number"),
    ({"days_off": [date(2028, 1, 1)]}, "days_off"),
    ({"working_days": [date(2027, 1, 1)]}, "working_days"),
])
def test_bad_input_is_refused_with_nothing_saved(system_actor, kwargs, field):
    args = {"actor": system_actor, "year": 2027, "document_number": "国办发明电〔2026〕7号",
            "days_off": [date(2027, 1, 1)], "working_days": []} | kwargs
    with pytest.raises(ValidationError) as caught:
        holiday_year_set(**args)
    assert field in caught.value.error_dict
    assert not HolidayYear.objects.exists()


def test_parse_days_reads_ranges_lists_and_chinese_dates():
    assert parse_days("2027年1月1日、2027-01-03\n2027/02/06~2027/02/07", "f") == [
        date(2027, 1, 1), date(2027, 1, 3), date(2027, 2, 6), date(2027, 2, 7)]
    with pytest.raises(ValidationError):
        parse_days("2027-02-30", "f")
    with pytest.raises(ValidationError):
        parse_days("明年春节", "f")


def test_staff_enter_a_year_on_the_holiday_page(client, django_user_model, jurisdiction):
    from itisa.accounts.models import RoleAssignment

    user = django_user_model.objects.create_user(username="km_staff", password="pw", full_name="昆明科技局")
    RoleAssignment.objects.create(user=user, role="bureau_staff", jurisdiction=jurisdiction("kunming-kjj"))
    client.force_login(user)
    page = client.get("/work/holidays/")
    assert page.status_code == 200
    bad = client.post("/work/holidays/", {"year": 2027, "document_number": "国办发明电〔2026〕7号",
                                          "days_off": "明年春节", "working_days": ""})
    assert bad.status_code == 200 and not HolidayYear.objects.exists()
    done = client.post("/work/holidays/", {"year": 2027, "document_number": "国办发明电〔2026〕7号",
                                           "days_off": OFF_2027, "working_days": WORK_2027})
    assert done.status_code == 302
    assert HolidayYear.objects.get(year=2027).days.count() == 13


def test_the_holiday_page_is_for_bureau_staff_only(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="someone", password="pw"))
    assert client.get("/work/holidays/").status_code == 403


def test_from_1_november_staff_are_warned_when_next_years_calendar_is_missing(system_actor):
    from itisa.notices.holidays import missing_calendar_year

    assert missing_calendar_year(date(2026, 10, 31)) is None  # too early to worry
    assert missing_calendar_year(date(2026, 11, 1)) == 2027
    assert missing_calendar_year(date(2025, 11, 1)) is None  # the library knows 2026
    enter_2027(system_actor)
    assert missing_calendar_year(date(2026, 11, 1)) is None


@pytest.mark.parametrize("today,warned", [(date(2026, 11, 2), True), (date(2026, 10, 30), False)])
def test_the_dashboard_shows_the_warning(client, django_user_model, jurisdiction, monkeypatch, today, warned):
    from django.utils import timezone

    from itisa.accounts.models import RoleAssignment

    user = django_user_model.objects.create_user(username="km_staff", password="pw", full_name="昆明科技局")
    RoleAssignment.objects.create(user=user, role="bureau_staff", jurisdiction=jurisdiction("kunming-kjj"))
    client.force_login(user)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today)
    body = client.get("/dashboards/").content.decode()
    assert ('data-calendar-missing="2027"' in body) is warned
