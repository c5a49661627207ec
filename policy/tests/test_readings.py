"""Readings corrected (issue 8 §3): each test quotes the words it reads."""

import datetime as dt
import inspect
from decimal import Decimal as D

from policy import check_eligibility, entitlements
from policy.dates import period_last_day
from policy.loader import get_pack
from policy.rules import money, procedure

from .factories import jiangning, luoyang

JP, LP, WP = "320115-jiangning/2019", "410300-luoyang/2018", "610500-weinan/2015"


def cond(res, cid):
    return next(c for c in res.conditions if c.id == cid)


def test_luoyang_7_2_the_feasibility_report_contains_the_agreement_not_every_signature():
    """第七条(二) “可行性报告中应有联盟决策、咨询和执行等组织机构、联盟协议和章程等内容”: an agreement in the report
    suffices; the text asks no signature of every member."""
    flags = [
        "office",
        "full_time_staff",
        "feasibility_report",
        "organs_decision",
        "organs_consultation",
        "organs_execution",
        "agreement",
        "charter",
    ]
    on = dt.date(2019, 6, 1)
    assert cond(check_eligibility(LP, luoyang(flags=flags), on), "feasibility_report").status == "pass"
    no_agreement = [f for f in flags if f != "agreement"]
    assert cond(check_eligibility(LP, luoyang(flags=no_agreement), on), "feasibility_report").status == "fail"
    no_charter = [f for f in flags if f != "charter"]
    assert cond(check_eligibility(LP, luoyang(flags=no_charter), on), "feasibility_report").status == "fail"


def test_weinan_14_only_county_bureaus_and_city_departments_endorse_the_annual_report():
    """14 “经各县市区科技主管部门或市级部门签署推荐意见后报市科技局”: the pack names who endorses — not associations."""
    duty = next(d for d in get_pack(WP).data["duties"] if d["id"] == "annual_report")
    assert duty["endorsers"] == ["county_bureau", "city_department"]


def test_weinan_10_an_association_recommends_through_the_recommender_role():
    """10 “市级部门、行业协会可围绕产业技术创新问题，设计和推荐联盟”: recommending is the recommender's move; the
    table asks no membership of it (the app gives associations that role without membership)."""
    t = procedure.step(WP, "submitted", "recommend", "recommender")
    assert not hasattr(t, "code") and t.target == "recommended"


def test_jiangning_10_3_the_fiscal_split_covers_only_the_district_matching_award():
    """第十条3 “区级配套奖励部分由区财政和联盟（或成员单位）所在街道（开发园区）财政按照现有财政体制承担”: only
    第十条3's matching carries the split, and its words are the pack's, not the engine's."""
    f = jiangning(
        events=[{"id": "NM", "kind": "national_major_project", "date": "2019-09-01", "base": "200", "payee": "O000"}]
    )
    r = entitlements(JP, f, dt.date(2019, 10, 1))
    rec = next(e for e in r.entitlements if e.rule == "recognition_award")
    match = next(e for e in r.entitlements if e.rule == "project_matching")
    assert rec.fiscal_split is None
    assert match.amount == D(100) and match.fiscal_split["district_share"] is None
    assert match.fiscal_split["zh"].startswith("区级配套奖励") and match.fiscal_split["article"] == "第十条3"
    src = inspect.getsource(money)
    assert "街道" not in src and "园区" not in src  # no jurisdiction's finances in engine code


def test_jiangning_9_site_visits_and_returns_are_the_bureaus_powers():
    """第九条 “区科技局……组织第三方专家对申报认定材料进行审查和评审，并根据需要开展实地走访”."""
    assert procedure.step(JP, "expert_review", "order_site_visit", "expert").code == "wrong_role"
    assert procedure.step(JP, "expert_review", "order_site_visit", "bureau").target == "site_visit"
    assert procedure.step(JP, "expert_review", "return_for_revision", "expert").code == "wrong_role"
    assert procedure.step(JP, "expert_review", "return_for_revision", "bureau").target == "returned"


def test_luoyang_9_a_third_party_evaluates_the_bureau_returns_and_grades():
    """第九条 “市科技主管部门（可委托第三方）每年对市级联盟进行绩效评价”."""
    pe = "performance_evaluation"
    assert (
        procedure.step(LP, "evaluation_open", "submit_evaluation", "third_party_evaluator", proc_id=pe).target
        == "evaluation_submitted"
    )
    assert (
        procedure.step(LP, "evaluation_submitted", "return_for_revision", "third_party_evaluator", proc_id=pe).code
        == "wrong_role"
    )
    assert procedure.step(LP, "evaluation_submitted", "record_grade", "bureau", proc_id=pe).target == "graded"
    assert (
        procedure.step(LP, "evaluation_submitted", "record_grade", "third_party_evaluator", proc_id=pe).code
        == "wrong_role"
    )


def test_civil_code_201_203_periods():
    """民法典 第二百零一条 “开始的当日不计入，自下一日开始计算”; 第二百零三条 “期间的最后一日是法定休假日的，以法定
    休假日结束的次日为期间的最后一日”. Kunming 第十一条 “公示7日”: published Wednesday 2017-03-01 → 2 … 8 March."""
    assert period_last_day(dt.date(2017, 3, 1), 7, "calendar_days") == dt.date(2017, 3, 8)
    # 2019-09-24 + 7 = 1 October, National Day (1–7 October off): the period ends on 8 October
    assert period_last_day(dt.date(2019, 9, 24), 7, "calendar_days") == dt.date(2019, 10, 8)
    # a text that counts the first day says so in its pack
    assert period_last_day(dt.date(2017, 3, 1), 7, "calendar_days", "first_day_counts") == dt.date(2017, 3, 7)
    # months: the corresponding day (第二百零二条); 31 January + 1 month → 28 February (a Tuesday in 2017)
    assert period_last_day(dt.date(2017, 1, 31), 1, "months") == dt.date(2017, 2, 28)


def test_kunming_11_notice_in_the_engine_runs_d_plus_1_to_d_plus_7_moved_past_holidays():
    from policy import deadlines

    from .factories import kunming

    f = kunming(events=[{"id": "N1", "kind": "notice_published", "date": "2019-09-24"}])
    d = next(
        x for x in deadlines("530100-kunming/2016", f, dt.date(2019, 10, 8)).deadlines if x.duty == "recognition.notice"
    )
    assert d.due == dt.date(2019, 10, 8) and d.status == "running"
