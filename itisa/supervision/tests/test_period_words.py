"""A major-event duty's period reads as the member and the date, or the report's event and date, never as the
engine's event id (``join7``, ``report1``), on the staff and the lead unit's deadline pages (issue 10 §1);
the words are read in bulk: a page of such rows costs the same queries as a page of one."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from itisa.register.models import Alliance, Membership
from itisa.register.synthetic import generate_register
from itisa.supervision.models import Deadline, Report
from itisa.supervision.period_words import period_words

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 21)


@pytest.fixture
def boss(django_user_model):
    return django_user_model.objects.create_superuser(username="boss", password="x")


def _report(alliance: Alliance, day: date) -> Report:
    return Report.objects.create(alliance=alliance, kind="major_event_report", pack_id="410300-luoyang/2018",
                                 duty="major_event_report", event_kind="member_change", event_date=day, filed_on=day)


def _rows(n: int, skip: int = 0) -> list[Membership]:
    """n member joins and n major-event reports as open deadlines of the register's alliances."""
    members = list(Membership.objects.select_related("alliance", "organisation").order_by("pk")[skip:skip + n])
    rows = []
    for i, m in enumerate(members):
        r = _report(m.alliance, date(2026, 3, 1 + skip + i))
        for period in (f"join{m.pk}", f"report{r.pk}"):
            rows.append(Deadline(alliance=m.alliance, pack_id="410300-luoyang/2018", duty="major_event_report",
                                 period=period, kind="after_event", actor="lead_unit", label_zh="重大事项报告",
                                 label_en="Major-event report", article="第八条", due_on=date(2026, 12, 1),
                                 status="upcoming", status_since=DAY, last_scanned_on=DAY))
    Deadline.objects.bulk_create(rows)
    return members


def test_the_words_of_each_kind_of_period():
    generate_register(alliances=3, seed=5, today=DAY)
    (m,) = _rows(1)
    r = Report.objects.get()
    ids = [f"join{m.pk}", f"leave{m.pk}", f"report{r.pk}", "rectification-2", "2024", "report999999"]
    with translation.override("zh-hans"):
        zh = period_words(ids)
    with translation.override("en"):
        en = period_words(ids)
    assert zh[f"join{m.pk}"] == f"成员单位变更：{m.organisation.name}（{m.joined_on} 加入）"
    assert en[f"join{m.pk}"] == f"Change of members: {m.organisation.name} (joined {m.joined_on})"
    assert zh[f"report{r.pk}"] == "重大事项报告：成员单位变更（2026-03-01）"
    assert en[f"report{r.pk}"] == "Major-event report: Change of members (2026-03-01)"
    assert (zh["rectification-2"], en["rectification-2"]) == ("第2次整改", "Rectification no. 2")
    assert zh["2024"] == "2024" and zh["report999999"] == "重大事项报告"  # a year is words; a lost id says its kind


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_staff_deadlines_page_shows_words_at_the_same_cost_for_one_or_several_rows(client, boss, lang):
    generate_register(alliances=8, seed=6, today=DAY)
    client.force_login(boss)
    client.cookies["django_language"] = lang
    url = reverse("staff:deadlines")
    _rows(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    members = _rows(6, skip=1)
    with CaptureQueriesContext(connection) as several:
        html = client.get(url).content.decode()
    assert len(several) == len(one)
    for m in members:
        assert f"join{m.pk}" not in html
        assert (f"（{m.joined_on} 加入）" if lang == "zh-hans" else f"(joined {m.joined_on})") in html
    assert "report" + str(Report.objects.order_by("pk").first().pk) + "<" not in html
    assert ("重大事项报告：成员单位变更" if lang == "zh-hans" else "Major-event report: Change of members") in html


def test_the_lead_units_deadlines_show_words(client):
    generate_register(alliances=3, seed=7, today=DAY)
    (m,) = _rows(1)
    from itisa.leadunit.selectors import deadlines_of

    with translation.override("zh-hans"):
        rows, source = deadlines_of(m.alliance, DAY)
    assert source == "scan"
    assert {r.period_words for r in rows} == {f"成员单位变更：{m.organisation.name}（{m.joined_on} 加入）",
                                              "重大事项报告：成员单位变更（2026-03-01）"}


def test_the_deadlines_export_says_the_period_in_words(client, boss):
    generate_register(alliances=3, seed=8, today=DAY)
    (m,) = _rows(1)
    client.force_login(boss)
    client.cookies["django_language"] = "zh-hans"
    response = client.get(reverse("staff:deadlines"), {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig") if response.streaming else response.content.decode(
        "utf-8-sig")
    assert f"成员单位变更：{m.organisation.name}（{m.joined_on} 加入）" in text
    assert f"join{m.pk}" not in text
