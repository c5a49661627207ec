"""Readings reach the answers, and one function says which text governs a case on a date."""

import datetime as dt

from policy import api
from policy.loader import all_packs
from policy.types import Reading

JN = "320115-jiangning/2019"
FACTS = {
    "id": "JN-R",
    "founded": "2019-03-01",
    "region": "320115",
    "lead": "L",
    "members": [{"org_id": "L", "kind": "enterprise", "region": "320115", "role": "lead"}],
    "levels": [{"level": "district", "since": "2019-07-01", "jurisdiction": "320115"}],
    "grades": [{"year": 2019, "grade": "poor"}, {"year": 2020, "grade": "poor"}],
}


def test_every_reading_is_stated_with_its_words_and_status():
    for pack in all_packs().values():
        rs = api.readings(pack)
        assert rs, pack.id  # every shipped pack reads something
        for r in rs:
            assert isinstance(r, Reading) and r.words and r.zh and r.en and r.article
            assert r.status in ("confirmed", "unconfirmed")
            assert r.status == "unconfirmed" or (r.confirmed_by and r.confirmed_on)


def test_a_condition_names_the_readings_it_rests_on_and_the_trace_says_so():
    el = api.check_eligibility(JN, FACTS, "2019-06-01")
    by_id = {c.id: c for c in el.conditions}
    # 第六条2 “成立3个月以上” rests on the reading of the months (through its parameter)
    assert by_id["founded_three_months"].readings == ("min_age_months",)
    assert "D+3" in by_id["founded_three_months"].reading  # the words, not the id
    assert by_id["members_include_enterprise"].readings == ()
    assert {"lapse_date", "min_age_months", "min_members"} <= set(el.readings)
    assert el.trace[-1].what == "readings" and "min_age_months" in el.trace[-1].inputs["readings"]


def test_money_deadlines_and_text_status_carry_readings():
    en = api.entitlements(JN, {**FACTS, "grades": []}, "2020-12-01")
    assert "lapse_date" in en.readings
    de = api.deadlines(JN, FACTS, "2020-12-01")
    ev = [d for d in de.deadlines if d.duty == "operating_evaluation"]
    assert ev and all(d.readings == ("operating_evaluation",) for d in ev)
    assert all(d.note is None or d.note != "operating_evaluation" for d in ev)  # words, not the id
    assert api.governing_text(JN, "2020-01-01").texts[0].readings == ("lapse_date",)


def test_governing_pack_answers_which_text_governs_on_a_date():
    g = api.governing_pack("320115-jiangning", dt.date(2021, 12, 31))
    assert g.status == "in_force" and g.pack is not None and g.pack.id == JN
    g = api.governing_pack("320115-jiangning", dt.date(2022, 1, 1))  # 第十五条: 试行期三年, last day 2021-12-31
    assert g.pack is None and g.status == "lapsed" and g.text is not None and g.text.citation.article == "第十五条"
    g = api.governing_pack("530100-kunming", "2016-08-20")  # 第十九条: in force from 2016-08-21
    assert g.pack is None and g.status == "not_yet_in_force"
    assert api.governing_pack("999999-nowhere", "2020-01-01").status == "no_pack"
    assert api.governing_pack("kunming", "2017-01-01").pack.id == "530100-kunming/2016"  # key works too
    assert api.governing_pack("530100-kunming", "2017-01-01").to_dict()["pack"] == "530100-kunming/2016"


def test_a_consequence_rests_on_the_readings_of_the_duty_and_the_grades_it_reads():
    wn = "610500-weinan/2015"
    facts = {"id": "WN-R", "region": "610502", "levels": [{"level": "municipal", "since": "2015-10-01"}]}
    co = api.consequences(wn, facts, "2018-12-01")
    revoked = next(c for c in co.consequences if c.id == "revoked_not_re_reviewed")
    assert "re_review" in revoked.readings and "re_review_years" in revoked.readings  # Weinan 15 via the duty
    co = api.consequences(JN, FACTS, "2021-03-01")  # 第十二条 reads grades: the two-grade scale is a reading
    assert "evaluation_scale" in next(c for c in co.consequences if c.id == "loses_district_support").readings
