"""河南省 豫科〔2013〕146号 — 第九条 construction deadline, 第十一条(五) major events, 第十二条 assessment,
第十四条 (no money). Expected values are worked out from the text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from policy.engine import compiled
from policy.facts import facts_from_dict

PACK = "410000-henan/2013"
RECOGNISED = {"level": "provincial", "since": "2015-04-20", "jurisdiction": "410000"}


def alliance(**kw: Any):
    members = [
        {"org_id": "lead", "kind": "enterprise", "region": "410100", "role": "lead"},
        {"org_id": "u1", "kind": "university", "region": "410100"},
    ]
    return facts_from_dict({"id": "hn1", "members": members, **kw})


def deadlines(facts, on: dt.date, duty: str, overrides: dict[str, Any] | None = None):
    return [d for d in compiled(PACK, overrides).deadlines(facts, on).deadlines if d.duty == duty]


def consequences(facts, on: dt.date) -> dict[str, Any]:
    return {c.id: c for c in compiled(PACK).consequences(facts, on).consequences}


# ----------------------------------------------------------------------------------------- 第九条 construction year
APPROVED = [{"id": "c1", "kind": "construction_approved", "date": "2014-03-10"}]


def test_henan_9_construction_period_is_one_year():
    # approved 2014-03-10 → the year ends 2015-03-10, when the acceptance application is due (第十条)
    [d] = deadlines(alliance(events=APPROVED), dt.date(2014, 9, 1), "construction")
    assert d.due == dt.date(2015, 3, 10)
    assert d.window_start == dt.date(2014, 3, 10)
    assert d.status == "upcoming"
    assert d.citation.article == "第九条"


def test_henan_9_the_last_day_of_construction_is_due_today():
    [d] = deadlines(alliance(events=APPROVED), dt.date(2015, 3, 10), "construction")
    assert d.status == "due_today"


def test_henan_9_no_acceptance_application_the_day_after_is_overdue():
    [d] = deadlines(alliance(events=APPROVED), dt.date(2015, 3, 11), "construction")
    assert d.status == "overdue"


def test_henan_10_acceptance_applied_for_on_the_last_day_is_on_time():
    facts = alliance(events=APPROVED, reports=[{"kind": "acceptance_application", "filed": "2015-03-10"}])
    [d] = deadlines(facts, dt.date(2015, 6, 1), "construction")
    assert d.status == "done" and d.filed == dt.date(2015, 3, 10)


def test_henan_10_acceptance_applied_for_a_day_late_is_late():
    facts = alliance(events=APPROVED, reports=[{"kind": "acceptance_application", "filed": "2015-03-11"}])
    [d] = deadlines(facts, dt.date(2015, 6, 1), "construction")
    assert d.status == "late"


def test_henan_9_approved_on_29_february_ends_on_28_february():
    facts = alliance(events=[{"kind": "construction_approved", "date": "2016-02-29"}])
    [d] = deadlines(facts, dt.date(2016, 6, 1), "construction")
    assert d.due == dt.date(2017, 2, 28)


def test_henan_9_construction_year_is_a_cited_law_value():
    from policy.loader import get_pack
    from policy.params import parameter

    pv = parameter(get_pack(PACK), "construction_years", dt.date(2014, 1, 1))
    assert pv.value == 1 and pv.citation.article == "第九条" and pv.citation.quote == "联盟构建期一年"


# ----------------------------------------------------------------------------------------- 第十一条(五) major events
def test_henan_11_5_major_event_is_to_be_reported_without_a_day_count():
    facts = alliance(
        levels=[RECOGNISED], events=[{"id": "m1", "kind": "major_event", "date": "2016-04-01", "what": "member change"}]
    )
    [d] = deadlines(facts, dt.date(2016, 4, 5), "major_event_report")
    assert d.due is None and d.status == "unscheduled"  # "及时" gives no number of days
    assert d.citation.article == "第十一条(五)"
    assert d.kind == "major_event"


def test_henan_11_5_major_event_reported_is_done():
    facts = alliance(
        levels=[RECOGNISED],
        events=[{"id": "m1", "kind": "major_event", "date": "2016-04-01"}],
        reports=[{"kind": "major_event_report", "filed": "2016-04-03"}],
    )
    [d] = deadlines(facts, dt.date(2016, 4, 5), "major_event_report")
    assert d.status == "done" and d.filed == dt.date(2016, 4, 3)


# ----------------------------------------------------------------------------------------- 第十二条
def test_henan_12_four_grades():
    from policy.loader import get_pack

    scale = get_pack(PACK).data["evaluation"]["scale"]
    assert [g["zh"] for g in scale] == ["优秀", "良好", "合格", "不合格"]
    assert get_pack(PACK).data["evaluation"]["article"] == "第十二条"


def test_henan_12_qualified_has_no_consequence():
    facts = alliance(levels=[RECOGNISED], grades=[{"year": 2016, "grade": "合格"}])
    assert compiled(PACK).consequences(facts, dt.date(2017, 3, 1)).status == "none"


def test_henan_12_unqualified_is_warned_and_must_rectify():
    facts = alliance(levels=[RECOGNISED], grades=[{"year": 2016, "grade": "不合格"}])
    cs = consequences(facts, dt.date(2017, 3, 1))
    assert set(cs) == {"unqualified_warning"}
    assert cs["unqualified_warning"].effects == ("warning", "rectification")
    assert cs["unqualified_warning"].citation.article == "第十二条"


def test_henan_12_rectification_deadline_is_set_by_the_department():
    facts = alliance(
        levels=[RECOGNISED], grades=[{"year": 2016, "grade": "fail"}], rectifications=[{"ordered": "2017-01-10"}]
    )
    [d] = deadlines(facts, dt.date(2017, 3, 1), "rectification")
    assert d.due is None and d.status == "unscheduled"  # "限期整改": the text sets no length


def test_henan_12_rectification_deadline_given_by_the_department_is_used():
    facts = alliance(levels=[RECOGNISED], rectifications=[{"ordered": "2017-01-10", "due": "2017-07-10"}])
    [d] = deadlines(facts, dt.date(2017, 7, 11), "rectification")
    assert d.due == dt.date(2017, 7, 10) and d.status == "overdue"


def test_henan_12_what_if_six_months_of_rectification():
    facts = alliance(levels=[RECOGNISED], rectifications=[{"ordered": "2017-01-10"}])
    [d] = deadlines(facts, dt.date(2017, 3, 1), "rectification", {"henan.rectification_months": 6})
    assert d.due == dt.date(2017, 7, 10)


def test_henan_12_failed_rectification_loses_title():
    facts = alliance(
        levels=[RECOGNISED],
        grades=[{"year": 2016, "grade": "不合格"}],
        rectifications=[{"ordered": "2017-01-10", "due": "2017-07-10", "result": "fail"}],
    )
    cs = consequences(facts, dt.date(2017, 8, 1))
    assert cs["loses_title"].status == "triggered"
    assert cs["loses_title"].effects == ("loses_title",)
    assert cs["loses_title"].citation.quote == "整改不达标者，取消其河南省产业技术创新战略联盟资格"


def test_henan_12_passed_rectification_keeps_title():
    facts = alliance(
        levels=[RECOGNISED],
        grades=[{"year": 2016, "grade": "不合格"}],
        rectifications=[{"ordered": "2017-01-10", "result": "pass"}],
    )
    assert "loses_title" not in consequences(facts, dt.date(2017, 8, 1))


def test_henan_12_a_later_qualified_grade_ends_the_warning():
    facts = alliance(levels=[RECOGNISED], grades=[{"year": 2016, "grade": "不合格"}, {"year": 2017, "grade": "良好"}])
    assert compiled(PACK).consequences(facts, dt.date(2018, 3, 1)).status == "none"


# ----------------------------------------------------------------------------------------- 第十四条: no money
def test_henan_14_priority_support_only_no_amount():
    facts = alliance(levels=[RECOGNISED])
    result = compiled(PACK).entitlements(facts, dt.date(2016, 1, 1))
    assert result.entitlements == ()
    assert result.total == Decimal("0")
    assert result.status == "nothing_due"
