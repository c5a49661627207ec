"""Kunming 昆明市科学技术局公告第18号, article by article (values by hand from the text)."""

import datetime as dt
from decimal import Decimal as D

from policy import check_eligibility, consequences, deadlines, entitlements, governing_text
from policy.rules import procedure

from .factories import KM, kunming, members

P = "530100-kunming/2016"
ON = dt.date(2018, 6, 1)


def cond(res, cid):
    return next(c for c in res.conditions if c.id == cid)


def ents(res, rule):
    return [e for e in res.entitlements if e.rule == rule]


def test_kunming_8_1_needs_four_units_two_enterprises():
    ok = kunming(members=members(4, 4, KM, kinds=["enterprise", "university"]))  # O000 lead ent, O002 ent
    r = check_eligibility(P, ok, ON)
    assert cond(r, "four_units").status == "pass" and cond(r, "two_enterprises").status == "pass"
    three = kunming(members=members(3, 3, KM, kinds=["enterprise", "university"]))
    assert cond(check_eligibility(P, three, ON), "four_units").status == "fail"
    one_ent = kunming(members=members(4, 4, KM, kinds=["university"]))
    assert cond(check_eligibility(P, one_ent, ON), "two_enterprises").detail == {"count": 1, "min": 2}


def test_kunming_8_preamble_lead_in_kunming_legal_person():
    ms = members(4, 4, KM, kinds=["enterprise"])
    ms[0]["region"] = "530302"  # 曲靖
    assert cond(check_eligibility(P, kunming(members=ms), ON), "lead_local_legal_person").status == "fail"
    ms = members(4, 4, KM, kinds=["enterprise"])
    ms[0]["legal_person"] = False
    assert cond(check_eligibility(P, kunming(members=ms), ON), "lead_local_legal_person").status == "fail"


def test_kunming_8_3_industrialisation_project_platforms_exempt():
    no_proj = [{"id": f"IP{i}", "kind": "ip", "date": "2016-01-01"} for i in range(4)]
    assert cond(check_eligibility(P, kunming(achievements=no_proj), ON), "industrialisation_project").status == "fail"
    assert cond(check_eligibility(P, kunming(achievements=no_proj, kind="platform"), ON),
                "industrialisation_project").status == "pass"


def test_kunming_8_3_needs_four_ip_standards_or_results():
    three = [{"id": "a", "kind": "ip"}, {"id": "b", "kind": "standard"}, {"id": "c", "kind": "result"},
             {"id": "p", "kind": "industrialisation_project"}]
    assert cond(check_eligibility(P, kunming(achievements=three), ON), "four_results").status == "fail"
    four = [*three, {"id": "d", "kind": "ip"}]
    assert cond(check_eligibility(P, kunming(achievements=four), ON), "four_results").status == "pass"


def test_kunming_9_yearly_call_and_11_public_notice_seven_calendar_days():
    assert procedure.intake(P)["mode"] == "yearly_call"
    f = kunming(events=[{"id": "N1", "kind": "notice_published", "date": "2017-03-01"}])
    period = next(d for d in deadlines(P, f, dt.date(2017, 3, 8)).deadlines if d.duty == "recognition.notice")
    assert period.due == dt.date(2017, 3, 8) and period.status == "running"  # 民法典 201: 2 March … 8 March
    later = next(d for d in deadlines(P, f, dt.date(2017, 3, 9)).deadlines if d.duty == "recognition.notice")
    assert later.status == "elapsed"
    # The public files objections; only the bureau, having upheld one, sends the case back to formal review.
    assert procedure.step(P, "notice", "object", "public").code == "wrong_role"
    assert procedure.step(P, "notice", "object", "bureau").code == "guard_failed"
    assert procedure.step(P, "notice", "object", "bureau", {"objection_upheld": True}).target == "formal_review"
    assert procedure.step(P, "notice", "recognise", "bureau", {"notice_elapsed_no_objection": True, "eligible": True}).target == \
        "recognised"


def test_kunming_12_guidance_fund_10_with_three_to_one_matching():
    f = kunming(levels=[{"level": "municipal", "since": "2017-01-10", "jurisdiction": "530100"}],
                events=[{"id": "M", "kind": "lead_matching", "date": "2017-02-01", "base": "29"}])
    e = ents(entitlements(P, f, ON), "guidance_fund")[0]
    assert e.amount == D(10) and e.payee == "O000"
    assert "30" in e.conditions[0] and e.conditions[0].startswith("须满足")
    g = kunming(levels=[{"level": "municipal", "since": "2017-01-10", "jurisdiction": "530100"}],
                events=[{"id": "M", "kind": "lead_matching", "date": "2017-02-01", "base": "30"}])
    assert ents(entitlements(P, g, ON), "guidance_fund")[0].conditions[0].startswith("已满足")


def test_kunming_12_upgrade_plus_10_each_on_city_recommendation_paid_after():
    base = {"level": "municipal", "since": "2017-01-10", "jurisdiction": "530100"}
    prov = {"level": "provincial", "since": "2018-01-10", "jurisdiction": "530000", "recommended_by": "city_bureau"}
    nat = {"level": "national", "since": "2018-04-10", "jurisdiction": "100000", "recommended_by": "city_bureau"}
    r = entitlements(P, kunming(levels=[base, prov, nat]), ON)
    assert sorted(e.amount for e in ents(r, "upgrade_award")) == [D(10), D(10)]
    r2 = entitlements(P, kunming(levels=[base, {**prov, "recommended_by": None}]), ON)
    assert not ents(r2, "upgrade_award")
    # a municipal recognition by another city is not recognition under this text
    r3 = entitlements(P, kunming(levels=[{**base, "jurisdiction": "530300"}, prov]), ON)
    assert not ents(r3, "upgrade_award") and not ents(r3, "guidance_fund")


def test_kunming_14_report_by_15_december_inclusive():
    rec = [{"level": "municipal", "since": "2017-01-10", "jurisdiction": "530100"}]
    on_time = kunming(levels=rec, reports=[{"kind": "annual_report", "year": 2017, "filed": "2017-12-15"}])
    assert consequences(P, kunming(levels=rec, reports=[]), dt.date(2017, 12, 16)).status == "triggered"
    d = [x for x in deadlines(P, on_time, dt.date(2017, 12, 20)).deadlines if x.duty == "annual_report"]
    assert [(x.due, x.status) for x in d] == [(dt.date(2017, 12, 15), "done")]
    assert consequences(P, on_time, dt.date(2017, 12, 20)).status == "review"  # only 第十七条(四), a question
    late = kunming(levels=rec, reports=[{"kind": "annual_report", "year": 2017, "filed": "2017-12-16"}])
    c = consequences(P, late, dt.date(2017, 12, 20))
    hit = next(x for x in c.consequences if x.id == "report_late")
    assert hit.status == "triggered" and "revoked" in hit.effects and hit.citation.article == "第十七条(二)"


def test_kunming_14_two_year_cycle_and_failing_assessment_revokes():
    rec = [{"level": "municipal", "since": "2017-01-10", "jurisdiction": "530100"}]
    d = [x for x in deadlines(P, kunming(levels=rec), dt.date(2018, 6, 1)).deadlines if x.duty == "cycle_assessment"]
    assert d[0].due == dt.date(2019, 1, 10) and d[0].status == "upcoming"
    f = kunming(levels=rec, grades=[{"year": 2019, "grade": "不合格", "kind": "cycle", "date": "2019-01-20"}])
    c = consequences(P, f, dt.date(2019, 2, 1))
    assert [x.id for x in c.consequences if x.status == "triggered"] == ["cycle_fail_revoked"]
    assert entitlements(P, f, dt.date(2019, 2, 1)).total == 0


def test_kunming_17_fraud_and_refusing_supervision_revoke():
    f = kunming(flags=["fraud"])
    assert any(x.id == "fraud" and x.status == "triggered" for x in consequences(P, f, ON).consequences)


def test_kunming_19_in_force_2016_08_21_repeals_the_2013_text():
    assert governing_text(P, "2016-08-21").governing == (P,)
    before = governing_text(P, "2016-08-20").texts[0]
    assert before.status == "not_yet_in_force" and "昆科发〔2013〕75号" in before.zh
    assert before.supersedes[0]["doc_no"] == "昆科发〔2013〕75号"
    assert governing_text(P, "2026-01-01").governing == (P,)  # no end date
