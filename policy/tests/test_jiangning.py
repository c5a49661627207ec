"""Jiangning 《江宁区产业技术创新战略联盟认定管理暂行办法》, article by article. Values by hand from the text."""

import datetime as dt
from decimal import Decimal as D

from policy import check_eligibility, deadlines, entitlements, governing_text
from policy.rules import procedure

from .factories import JN, facts, jiangning, members

P = "320115-jiangning/2019"
ON = dt.date(2020, 6, 1)


def cond(res, cid):
    return next(c for c in res.conditions if c.id == cid)


def ents(res, rule):
    return [e for e in res.entitlements if e.rule == rule]


# --- 第六条 conditions ---------------------------------------------------------------------------
def test_jiangning_6_2_needs_two_thirds_local_members():
    exactly = jiangning(members=members(21, 14, JN))  # 14/21 = 2/3 exactly → passes (不少于)
    assert cond(check_eligibility(P, exactly, ON), "local_share_two_thirds").status == "pass"
    under = jiangning(members=members(21, 13, JN))  # 13/21 < 2/3
    assert cond(check_eligibility(P, under, ON), "local_share_two_thirds").status == "fail"
    assert check_eligibility(P, under, ON).status == "not_eligible"


def test_jiangning_6_2_needs_twenty_members():
    assert cond(check_eligibility(P, jiangning(members=members(20, 20, JN)), ON), "members_at_least_20").status == "pass"
    r = check_eligibility(P, jiangning(members=members(19, 19, JN)), ON)
    assert cond(r, "members_at_least_20").status == "fail"
    assert cond(r, "members_at_least_20").detail == {"count": 19, "min": 20}


def test_jiangning_6_2_members_who_left_do_not_count():
    ms = members(20, 20, JN)
    ms[5]["left"] = "2020-01-01"
    assert cond(check_eligibility(P, jiangning(members=ms), ON), "members_at_least_20").status == "fail"


def test_jiangning_6_2_founded_three_months_reading():
    # reading: founded on D, satisfied on D + 3 calendar months (inclusive)
    f = jiangning(founded="2019-03-15")
    assert cond(check_eligibility(P, f, dt.date(2019, 6, 15)), "founded_three_months").status == "pass"
    assert cond(check_eligibility(P, f, dt.date(2019, 6, 14)), "founded_three_months").status == "fail"
    g = jiangning(founded="2019-11-30")  # no 30 February: the month's last day
    assert cond(check_eligibility(P, g, dt.date(2020, 2, 29)), "founded_three_months").status == "pass"
    assert cond(check_eligibility(P, g, dt.date(2020, 2, 28)), "founded_three_months").status == "fail"


def test_jiangning_6_2_lead_must_be_local_enterprise_or_new_rnd_institution():
    assert cond(check_eligibility(P, jiangning(members=members(21, 21, JN, lead_kind="new_rnd_institution")), ON),
                "lead_local_leading").status == "pass"
    assert cond(check_eligibility(P, jiangning(members=members(21, 21, JN, lead_kind="university")), ON),
                "lead_local_leading").status == "fail"
    ms = members(21, 20, JN)
    ms[0]["region"], ms[20]["region"] = "320102", JN  # lead outside the district
    assert cond(check_eligibility(P, jiangning(members=ms), ON), "lead_local_leading").status == "fail"


def test_jiangning_6_1_members_must_be_legal_persons():
    ms = members(21, 21, JN)
    ms[3]["legal_person"] = False
    assert cond(check_eligibility(P, jiangning(members=ms), ON), "members_kinds").status == "fail"


def test_jiangning_6_3_needs_agreement_signed_by_all_and_staff():
    r = check_eligibility(P, jiangning(flags=["plan_short_mid_term"]), ON)
    assert cond(r, "agreement_and_organs").status == "fail"
    assert "agreement_signed_by_all" in cond(r, "agreement_and_organs").detail["missing"]


def test_jiangning_expert_conditions_become_review_questions_never_passes():
    r = check_eligibility(P, jiangning(), ON)
    assert r.status == "review"
    assert {q["condition"] for q in r.review_questions} == {"members_standing", "lead_is_leading"}
    assert all(c.status != "pass" for c in r.conditions if c.check == "expert")


# --- 第七、八、九条 procedure -------------------------------------------------------------------
def test_jiangning_7_recognition_is_year_round():
    assert procedure.intake(P)["mode"] == "year_round"


def test_jiangning_8_six_materials():
    mats = procedure.materials(P)
    assert [m["article"] for m in mats] == [f"第八条{i}" for i in range(1, 7)]


def test_jiangning_9_returning_for_revision_is_a_transition_and_illegal_moves_are_refused():
    t = procedure.step(P, "submitted", "return_for_revision", "bureau")
    assert t.target == "returned"
    assert procedure.step(P, "draft", "recognise", "bureau").code == "illegal_transition"
    assert procedure.step(P, "submitted", "accept", "lead_unit").code == "wrong_role"
    assert procedure.step(P, "submitted", "accept", "bureau", {"eligible": False}).code == "guard_failed"
    assert procedure.step(P, "submitted", "accept", "bureau", {"eligible": True}).target == "expert_review"


def test_jiangning_transition_table_walk_every_illegal_pair():
    table = procedure.transitions(P)
    states = [s["id"] for s in procedure.states(P)]
    actions = {t.action for t in table}
    for s in states:
        for a in actions:
            legal = [t for t in table if t.source == s and t.action == a]
            res = procedure.step(P, s, a, legal[0].role if legal else "bureau",
                                 {t.guard: True for t in legal if t.guard})
            assert (getattr(res, "target", None) is not None) == bool(legal), (s, a)


# --- 第十条1 cumulative top-ups ----------------------------------------------------------------
def lv(level, since, juris=JN, **kw):
    return {"level": level, "since": since, "jurisdiction": juris, **kw}


def paid(amount, date, matter="recognition_award:district"):
    return {"article": "第十条1", "amount": amount, "date": date, "matter": matter, "rule": f"{P}#recognition_award"}


def test_jiangning_10_1_district_recognition_pays_30_once():
    f = jiangning(levels=[lv("district", "2019-06-01")])
    assert ents(entitlements(P, f, ON), "recognition_award")[0].amount == D(30)
    f2 = jiangning(levels=[lv("district", "2019-06-01")], payments=[paid("30", "2019-07-01")])
    assert ents(entitlements(P, f2, ON), "recognition_award")[0].amount == D(0)


def test_jiangning_10_1_upgrade_pays_the_difference():
    f = jiangning(levels=[lv("district", "2019-06-01"), lv("municipal", "2020-01-01", "320100")],
                  payments=[paid("30", "2019-07-01")])
    assert ents(entitlements(P, f, ON), "recognition_award")[0].amount == D(20)  # 50 − 30


def test_jiangning_10_1_skipped_levels_pay_difference_to_national():
    f = jiangning(levels=[lv("district", "2019-06-01"), lv("national", "2020-03-01", "100000")],
                  payments=[paid("30", "2019-07-01")])
    assert ents(entitlements(P, f, ON), "recognition_award")[0].amount == D(70)  # 100 − 30


def test_jiangning_10_1_top_up_in_any_order_never_exceeds_100():
    # provincial first, then municipal (a late record): the ceiling is the highest level, 75
    f = jiangning(levels=[lv("district", "2019-03-01"), lv("provincial", "2019-09-01", "320000"),
                          lv("municipal", "2020-01-01", "320100")],
                  payments=[paid("30", "2019-04-01"), paid("45", "2019-10-01", "recognition_award:provincial")])
    assert ents(entitlements(P, f, ON), "recognition_award")[0].amount == D(0)
    f2 = jiangning(levels=[lv("district", "2019-03-01"), lv("national", "2019-09-01", "100000"),
                           lv("provincial", "2020-01-01", "320000")])
    assert ents(entitlements(P, f2, ON), "recognition_award")[0].amount == D(100)


def test_jiangning_10_1_needs_district_recognition():
    f = jiangning(levels=[lv("municipal", "2020-01-01", "320100")])
    r = entitlements(P, f, ON)
    assert not ents(r, "recognition_award")
    assert any(x.rule == "recognition_award" and x.code == "not_eligible" for x in r.refusals)


# --- 第十条2, 3 ----------------------------------------------------------------------------------
def test_jiangning_10_2_each_district_member_of_a_national_alliance_gets_20_once():
    ms = members(5, 3, JN)
    f = facts(region="100000", members=ms, levels=[lv("national", "2019-05-01", "100000")],
              payments=[{"article": "第十条2", "amount": "20", "date": "2019-06-01",
                         "matter": "national_member_award:O001", "payee": "O001"}])
    r = entitlements(P, f, ON)
    got = {e.payee: e.amount for e in ents(r, "national_member_award")}
    assert got == {"O000": D(20), "O002": D(20)}  # O001 already paid; O003, O004 outside the district
    assert any(x.code == "already_paid" and x.matter == "national_member_award:O001" for x in r.refusals)


def test_jiangning_10_3_matching_50_percent_national_25_percent_provincial_enterprises_only():
    ms = members(21, 21, JN, kinds=["enterprise", "university"])
    f = jiangning(members=ms, events=[
        {"id": "N", "kind": "national_major_project", "date": "2020-03-01", "base": "333.33", "payee": "O002"},
        {"id": "S", "kind": "provincial_key_rd_project", "date": "2020-03-01", "base": "80", "payee": "O002"},
        {"id": "U", "kind": "national_major_project", "date": "2020-03-01", "base": "100", "payee": "O001"}])
    r = entitlements(P, f, ON)
    m = {e.matter: e.amount for e in ents(r, "project_matching")}
    assert m == {"project_matching:N": D("166.665"), "project_matching:S": D(20)}
    assert any(x.code == "payee_not_eligible" and x.matter == "project_matching:U" for x in r.refusals)
    split = ents(r, "project_matching")[0].fiscal_split
    assert split["district_share"] is None and split["set_by"] == "bureau"


def test_jiangning_10_3_legal_personality_required():
    ms = members(21, 21, JN)
    ms[4]["legal_person"] = False
    f = jiangning(members=ms, events=[{"id": "N", "kind": "national_major_project", "date": "2020-03-01",
                                       "base": "100", "payee": "O004"}])
    assert not ents(entitlements(P, f, ON), "project_matching")


# --- 第十条4, 6, 8, 10 ----------------------------------------------------------------------------
def test_jiangning_10_4_platform_award_up_to_50_decided():
    ev = {"id": "L", "kind": "platform_recognised", "date": "2020-02-01"}
    e = ents(entitlements(P, jiangning(events=[ev]), ON), "platform_award")[0]
    assert e.status == "decision" and e.range == (None, D(50)) and e.amount is None
    e2 = ents(entitlements(P, jiangning(events=[{**ev, "decided": "50"}]), ON), "platform_award")[0]
    assert e2.amount == D(50)
    r = entitlements(P, jiangning(events=[{**ev, "decided": "50.01"}]), ON)
    assert any(x.code == "outside_range" for x in r.refusals)


def ex(i, date, base, decided=None, flags=("filed", "led_by_alliance")):
    d = {"id": f"X{i}", "kind": "exchange_activity", "date": date, "base": base, "flags": list(flags)}
    if decided is not None:
        d["decided"] = decided
    return d


def test_jiangning_10_6_exchange_activities_at_most_30_a_year_in_total():
    f = jiangning(events=[ex(1, "2020-03-01", "12", "12"), ex(2, "2020-05-01", "15", "15"),
                          ex(3, "2020-05-20", "10", "10"), ex(4, "2021-01-10", "10", "10")])
    r = entitlements(P, f, dt.date(2021, 2, 1))
    amounts = [e.amount for e in ents(r, "exchange_subsidy")]
    assert amounts == [D(12), D(15), D(3), D(10)]  # 2020: 12+15+3 = 30; 2021 starts afresh


def test_jiangning_10_6_earlier_payments_of_the_year_count_and_unfiled_activities_are_refused():
    f = jiangning(events=[ex(1, "2020-09-01", "40"), ex(2, "2020-09-02", "5", flags=["led_by_alliance"])],
                  payments=[{"article": "第十条6", "amount": "25", "date": "2020-04-01", "year": 2020,
                             "matter": "X0"}])
    r = entitlements(P, f, ON.replace(month=10))
    e = ents(r, "exchange_subsidy")
    assert len(e) == 1 and e[0].range == (D(0), D(5)) and e[0].status == "decision"
    assert any(x.code == "not_eligible" and x.matter == "exchange_subsidy:X2" for x in r.refusals)


def test_jiangning_10_8_standards_30_20_10_each():
    f = jiangning(achievements=[{"id": "I", "kind": "standard", "level": "international", "date": "2020-01-01"},
                                {"id": "N", "kind": "standard", "level": "national", "date": "2020-01-01"},
                                {"id": "H", "kind": "standard", "level": "industry", "date": "2020-01-01"},
                                {"id": "G", "kind": "standard", "level": "national", "date": "2020-02-01"}])
    assert sorted(e.amount for e in ents(entitlements(P, f, ON), "standard_award")) == [D(10), D(20), D(20), D(30)]


def test_jiangning_10_10_operating_subsidy_only_after_one_year():
    lvls = [lv("district", "2019-06-01")]
    r = entitlements(P, jiangning(levels=lvls, grades=[{"year": 2020, "grade": "good"}]), dt.date(2020, 5, 31),
                     year=2020)
    assert not ents(r, "operating_subsidy")
    r = entitlements(P, jiangning(levels=lvls, grades=[{"year": 2020, "grade": "good"}]), dt.date(2020, 6, 1),
                     year=2020)
    e = ents(r, "operating_subsidy")[0]
    assert e.range == (D(10), D(30)) and e.status == "decision"
    r = entitlements(P, jiangning(levels=lvls, grades=[{"year": 2020, "grade": "poor"}]), dt.date(2020, 12, 1),
                     year=2020)
    assert not ents(r, "operating_subsidy")


# --- 第十二条 ------------------------------------------------------------------------------------
def test_jiangning_12_two_poor_years_in_a_row_end_district_support():
    lvls = [lv("district", "2019-02-01")]
    std = [{"id": "N", "kind": "standard", "level": "national", "date": "2021-03-01"}]
    f = jiangning(levels=lvls, achievements=std, grades=[{"year": 2019, "grade": "poor"},
                                                         {"year": 2020, "grade": "poor"}])
    r = entitlements(P, f, dt.date(2021, 6, 1))
    assert r.total == 0 and not r.entitlements
    assert all(x.code == "support_withdrawn" and x.citation.article == "第十二条" for x in r.refusals)
    g = jiangning(levels=lvls, achievements=std, grades=[{"year": 2019, "grade": "poor"},
                                                         {"year": 2020, "grade": "good"},
                                                         {"year": 2021, "grade": "poor"}])
    assert ents(entitlements(P, g, dt.date(2021, 6, 1)), "standard_award")[0].amount == D(20)


# --- 第十五条 ------------------------------------------------------------------------------------
def test_jiangning_15_in_force_from_2019_01_01_for_a_three_year_trial():
    assert governing_text(P, "2019-01-01").governing == (P,)
    assert governing_text(P, "2021-12-31").governing == (P,)
    assert governing_text(P, "2018-12-31").texts[0].status == "not_yet_in_force"
    lapsed = governing_text(P, "2022-01-01").texts[0]
    assert lapsed.status == "lapsed" and lapsed.citation.article == "第十五条"
    r = entitlements(P, jiangning(levels=[lv("district", "2019-06-01")]), "2022-01-01")
    assert r.status == "not_in_force" and r.refusals[0].citation.article == "第十五条"
    assert check_eligibility(P, jiangning(), "2022-01-01").status == "not_in_force"


def test_jiangning_governing_text_for_a_district_code():
    g = governing_text(JN, "2020-01-01")
    assert "320115-jiangning/2019" in g.governing


def test_jiangning_deadlines_evaluation_yearly_after_first_year():
    f = jiangning(levels=[lv("district", "2019-06-01")], grades=[{"year": 2020, "grade": "good"}])
    r = deadlines(P, f, dt.date(2021, 3, 1))
    ev = [d for d in r.deadlines if d.duty == "operating_evaluation"]
    assert [(d.period, d.status) for d in ev] == [("2020", "done"), ("2021", "unscheduled")]


def test_jiangning_10_preamble_only_recognised_alliances_are_supported():
    # 第十条: "经过区科技局认定的产业技术创新战略联盟及其成员单位可享受以下扶持政策" — no recognition, no standard award,
    # no project matching, no exchange subsidy.
    unrecognised = jiangning(levels=[], achievements=[{"id": "S1", "kind": "standard", "level": "national",
                                                        "date": "2020-02-01"}],
                             events=[{"id": "N", "kind": "national_major_project", "date": "2020-03-01", "base": "100",
                                      "payee": "O002"}])
    r = entitlements(P, unrecognised, ON)
    assert not ents(r, "standard_award") and not ents(r, "project_matching")
    recognised = jiangning(achievements=[{"id": "S1", "kind": "standard", "level": "national", "date": "2020-02-01"}])
    assert [e.amount for e in ents(entitlements(P, recognised, ON), "standard_award")] == [D(20)]
