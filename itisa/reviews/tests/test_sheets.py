"""Score sheets generated from the packs."""

from __future__ import annotations

from itisa.reviews.sheets import sheet_template


def test_weinan_sheet_scores_the_eight_dimensions_of_12():
    sheet = sheet_template("610500-weinan/2015")
    assert sheet["mode"] == "dimensions"
    assert [d["zh"] for d in sheet["dimensions"]] == [
        "重要性评价", "必要性评价", "创新目标评价", "实施方案评价", "运行机制评价", "综合实力评价", "经费管理评价", "成果效益评价"]
    assert [d["article"] for d in sheet["dimensions"]] == [f"12({i})" for i in range(1, 9)]
    assert [q["id"] for q in sheet["questions"]] == ["industry_policy_fit", "lead_is_backbone",
                                                    "academia_technical_advantage", "agreement_content"]
    assert all(q["zh"].endswith("？") for q in sheet["questions"])


def test_jiangning_sheet_is_an_overall_opinion_with_its_two_questions():
    sheet = sheet_template("320115-jiangning/2019")
    assert sheet["mode"] == "overall" and sheet["dimensions"] == []
    assert [(q["id"], q["article"]) for q in sheet["questions"]] == [("members_standing", "第六条1"),
                                                                     ("lead_is_leading", "第六条2")]


def test_kunming_evaluation_items_of_14_are_not_put_on_the_recognition_sheet():
    sheet = sheet_template("530100-kunming/2016")
    assert sheet["mode"] == "overall"
    assert [q["id"] for q in sheet["questions"]] == ["around_chain_links"]


def test_henan_asks_the_construction_questions_of_9_at_acceptance():
    review = sheet_template("410000-henan/2013", round="review")
    acceptance = sheet_template("410000-henan/2013", round="acceptance")
    assert [q["article"] for q in review["questions"]] == ["第七条(二)", "第七条(三)"]
    assert acceptance["questions"] and all(q["article"].startswith("第九条") for q in acceptance["questions"])
