"""Luoyang 洛政办〔2018〕54号, article by article (values by hand from the text)."""

import datetime as dt
from decimal import Decimal as D

from policy import check_eligibility, consequences, deadlines, entitlements, governing_text

from .factories import LY, luoyang, members

P = "410300-luoyang/2018"
ON = dt.date(2019, 6, 1)


def cond(res, cid):
    return next(c for c in res.conditions if c.id == cid)


def ents(res, rule):
    return [e for e in res.entitlements if e.rule == rule]


def test_luoyang_6_1_members_mostly_local_is_read_as_strictly_more_than_half():
    half = luoyang(members=members(10, 5, LY))
    c = cond(check_eligibility(P, half, ON), "members_mostly_local")
    assert c.status == "fail" and c.reading  # exactly half is not "mostly"
    assert cond(check_eligibility(P, luoyang(members=members(10, 6, LY)), ON), "members_mostly_local").status == \
        "pass"
    ms = members(10, 6, LY)
    ms[1]["legal_person"] = False  # a local non-legal person does not count
    assert cond(check_eligibility(P, luoyang(members=ms), ON), "members_mostly_local").status == "fail"


def test_luoyang_6_3_enterprises_cover_up_mid_and_downstream():
    ms = members(9, 9, LY, kinds=["enterprise", "university", "enterprise"])
    for m in ms:
        m["chain_position"] = "mid" if m["chain_position"] == "down" else m["chain_position"]
    r = cond(check_eligibility(P, luoyang(members=ms), ON), "chain_coverage")
    assert r.status == "fail" and r.detail["missing"] == ["down"]
    assert cond(check_eligibility(P, luoyang(), ON), "chain_coverage").status == "pass"


def test_luoyang_6_2_lead_standing_is_an_expert_question():
    r = check_eligibility(P, luoyang(), ON)
    assert r.status == "review" and "lead_standing" in {q["condition"] for q in r.review_questions}


def test_luoyang_11_awards_30_10_10_to_the_lead():
    f = luoyang(levels=[{"level": "municipal", "since": "2018-09-01", "jurisdiction": "410300"},
                        {"level": "provincial", "since": "2019-01-01", "jurisdiction": "410000"},
                        {"level": "national", "since": "2019-05-01", "jurisdiction": "100000"}])
    got = {e.matter: (e.amount, e.payee) for e in ents(entitlements(P, f, ON), "new_alliance_award")}
    assert got == {"new_alliance_award:municipal": (D(10), "O000"), "new_alliance_award:provincial": (D(10), "O000"),
                   "new_alliance_award:national": (D(30), "O000")}
    assert all(e.fund.startswith("洛阳市应用技术研究与开发资金") for e in ents(entitlements(P, f, ON),
                                                                            "new_alliance_award"))


def test_luoyang_11_approvals_before_the_text_are_not_new():
    f = luoyang(levels=[{"level": "municipal", "since": "2018-07-09", "jurisdiction": "410300"}])
    r = entitlements(P, f, ON)
    assert not ents(r, "new_alliance_award") and r.refusals[0].code == "before_in_force"
    f = luoyang(levels=[{"level": "municipal", "since": "2018-07-10", "jurisdiction": "410300"}])
    assert ents(entitlements(P, f, ON), "new_alliance_award")[0].amount == D(10)


def sales(year, base):
    return {"id": f"S{year}", "kind": "entity_sales", "year": year, "date": f"{year}-12-31", "base": base,
            "matter": f"entity_operating_subsidy:{year}"}


def test_luoyang_12_operating_subsidy_10_percent_capped_100_for_three_years_fourth_pays_nothing():
    f = luoyang(flags=["key_supported", "legal_entity_registered"],
                events=[sales(2018, "800"), sales(2019, "1000"), sales(2020, "1000.01")])
    r = entitlements(P, f, dt.date(2020, 12, 31))
    assert [e.amount for e in ents(r, "entity_operating_subsidy")] == [D(80), D(100), D(100)]
    assert [e.cap_applied for e in ents(r, "entity_operating_subsidy")] == [False, False, True]
    # the fourth year is refused with the reason (but Luoyang lapsed on 2020-12-31: ask on that day)
    g = luoyang(flags=["key_supported", "legal_entity_registered"],
                events=[sales(2019, "500"), sales(2020, "500")],
                payments=[{"article": "第十二条", "amount": "30", "year": 2017, "date": "2017-12-31",
                           "matter": "entity_operating_subsidy:2017",
                           "rule": "410300-luoyang/2018#entity_operating_subsidy"}])
    r = entitlements(P, g, dt.date(2020, 12, 31))
    assert [e.year for e in ents(r, "entity_operating_subsidy")] == [2019]
    fourth = next(x for x in r.refusals if x.code == "period_over")
    assert "第4年" in fourth.zh and fourth.citation.article == "第十二条"


def test_luoyang_12_requires_key_support():
    r = entitlements(P, luoyang(events=[sales(2019, "800")]), dt.date(2019, 12, 31))
    assert not ents(r, "entity_operating_subsidy")


def test_luoyang_12_entity_reward_up_to_100():
    f = luoyang(flags=["key_supported"], events=[{"id": "R", "kind": "legal_entity_registered", "date": "2019-01-01"}])
    e = ents(entitlements(P, f, ON), "entity_reward")[0]
    assert e.range == (None, D(100)) and e.status == "decision"


def test_luoyang_13_rd_projects_100_to_300_each():
    f = luoyang(events=[{"id": "R1", "kind": "rd_project", "date": "2019-03-01", "payee": "O001"},
                        {"id": "R2", "kind": "rd_project", "date": "2019-03-01", "decided": "300"},
                        {"id": "R3", "kind": "rd_project", "date": "2019-03-01", "decided": "99.99"}])
    r = entitlements(P, f, ON)
    e = {x.matter: x for x in ents(r, "rd_project")}
    assert e["rd_project:R1"].range == (D(100), D(300)) and e["rd_project:R1"].payee == "O001"
    assert e["rd_project:R2"].amount == D(300)
    assert any(x.code == "outside_range" and x.matter == "rd_project:R3" for x in r.refusals)


def plat(i, kind, base, matter="platform:P1", flags=("platform_recognised",)):
    return {"id": f"E{i}", "kind": kind, "date": "2019-04-01", "base": base, "matter": matter, "flags": list(flags)}


def test_luoyang_14_construction_20_percent_at_most_1000_per_platform():
    r = entitlements(P, luoyang(events=[plat(1, "platform_construction", "4999.95")]), ON)
    assert ents(r, "platform_construction")[0].amount == D("999.99")
    r = entitlements(P, luoyang(events=[plat(1, "platform_construction", "5000")]), ON)
    assert ents(r, "platform_construction")[0].amount == D(1000)
    r = entitlements(P, luoyang(events=[plat(1, "platform_construction", "4000"),
                                        plat(2, "platform_construction", "2000")]), ON)
    assert [e.amount for e in ents(r, "platform_construction")] == [D(800), D(200)]


def test_luoyang_14_operating_100_percent_at_most_500_needs_major_contribution():
    r = entitlements(P, luoyang(events=[plat(1, "platform_operating", "600", "op:P1",
                                             ("platform_recognised", "major_contribution"))]), ON)
    assert ents(r, "platform_operating")[0].amount == D(500)
    r = entitlements(P, luoyang(events=[plat(1, "platform_operating", "600", "op:P1")]), ON)
    assert not ents(r, "platform_operating")


def test_luoyang_14_service_income_15_percent_at_most_100():
    r = entitlements(P, luoyang(events=[plat(1, "platform_service_income", "600", "svc:P1")]), ON)
    assert ents(r, "platform_service_income" if False else "platform_service")[0].amount == D(90)
    r = entitlements(P, luoyang(events=[plat(1, "platform_service_income", "700", "svc:P1")]), ON)
    e = ents(r, "platform_service")[0]
    assert e.amount == D(100) and e.cap_applied and e.cap == D(100)


def test_luoyang_21_same_matter_not_funded_twice_names_the_earlier_record():
    f = luoyang(events=[plat(1, "platform_construction", "1000", "platform:P9")],
                payments=[{"id": "PROV-77", "article": "豫财科〔2018〕1号", "source": "河南省平台建设补助",
                           "amount": "150", "date": "2019-01-05", "matter": "platform:P9"}])
    r = entitlements(P, f, ON)
    assert not ents(r, "platform_construction")
    ref = next(x for x in r.refusals if x.code == "double_funding")
    assert ref.earlier["payment"] == "PROV-77" and ref.citation.article == "第二十一条" and "PROV-77" in ref.zh


def test_luoyang_22_valid_until_2020_12_31():
    assert governing_text(P, "2018-07-10").governing == (P,)
    assert governing_text(P, "2020-12-31").governing == (P,)
    t = governing_text(P, "2021-01-01").texts[0]
    assert t.status == "lapsed" and t.citation.article == "第二十二条"
    assert governing_text(P, "2018-07-09").texts[0].status == "not_yet_in_force"
    assert governing_text("410305", "2019-01-01").governing[-1] == P  # a Luoyang district code


def test_luoyang_9_fail_warns_failed_rectification_loses_support_keeps_title():
    lvls = [{"level": "municipal", "since": "2018-09-01", "jurisdiction": "410300"}]
    f = luoyang(levels=lvls, grades=[{"year": 2019, "grade": "不合格"}])
    c = consequences(P, f, dt.date(2019, 12, 31))
    assert [(x.id, x.effects) for x in c.consequences] == [("warning_rectify", ("warning", "rectification"))]
    g = luoyang(levels=lvls, grades=[{"year": 2019, "grade": "fail"}],
                rectifications=[{"ordered": "2020-01-10", "result": "fail"}])
    c = consequences(P, g, dt.date(2020, 6, 1))
    lost = next(x for x in c.consequences if x.id == "loses_support")
    assert "loses_title" not in lost.effects and "revoked" not in lost.effects and lost.blocks_money
    r = entitlements(P, g, dt.date(2020, 6, 1))
    assert r.total == 0 and r.refusals[0].code == "support_withdrawn"


def test_luoyang_9_rectification_period_is_bureau_set_and_overridable():
    f = luoyang(levels=[{"level": "municipal", "since": "2018-09-01", "jurisdiction": "410300"}],
                rectifications=[{"ordered": "2020-01-10"}])
    d = next(x for x in deadlines(P, f, dt.date(2020, 2, 1)).deadlines if x.duty == "rectification")
    assert d.due is None and d.status == "unscheduled" and "主管部门" in d.note
    d = next(x for x in deadlines(P, f, dt.date(2020, 2, 1), overrides={"luoyang.rectification_months": 3}).deadlines
         if x.duty == "rectification")
    assert d.due == dt.date(2020, 4, 10)
