"""Explanations of amounts name things as people do: an achievement by its title, a level in the pack's words
(``level_words``), never an id or an English code (issue 10 §1)."""

import copy
import datetime as dt
import re

import pytest
import yaml

from policy import entitlements
from policy.lint import PACKS_DIR
from policy.loader import PackError, validate

from .factories import JN, LY, jiangning, luoyang, members

CODE = re.compile(r"\b(ach\d+|international|national|provincial|municipal|district|industry|group)\b")


def _ents(result, rule):
    return [e for e in result.entitlements if e.rule == rule]


def test_the_standard_award_names_the_standard_and_its_level_in_words():
    f = jiangning(achievements=[{"id": "ach1", "kind": "standard", "level": "national", "date": "2020-01-01",
                                 "title": "智能网联汽车术语"}])
    (e,) = _ents(entitlements("320115-jiangning/2019", f, dt.date(2020, 6, 1)), "standard_award")
    assert e.zh == "参与制定标准奖励（每件）：智能网联汽车术语（国家标准）20万元"
    assert e.en == "Award per standard the alliance helped set: 智能网联汽车术语 (national standard) 20"
    assert not CODE.search(e.zh)


def test_a_standard_without_a_title_is_named_by_its_id_and_an_unlisted_level_in_words():
    f = jiangning(achievements=[{"id": "S1", "kind": "standard", "level": "national", "date": "2020-01-01"},
                                {"id": "S2", "kind": "standard", "level": "group", "date": "2020-01-01",
                                 "title": "团体标准甲"}])
    r = entitlements("320115-jiangning/2019", f, dt.date(2020, 6, 1))
    assert _ents(r, "standard_award")[0].zh == "参与制定标准奖励（每件）：S1（国家标准）20万元"
    refusal = next(x for x in r.refusals if x.rule == "standard_award")
    assert refusal.zh == "团体标准甲：级别“团体标准”不在本条列举之内"


def test_levels_read_as_the_pack_writes_them():
    levels = [{"level": lvl, "since": day, "jurisdiction": JN}
              for lvl, day in [("district", "2019-06-01"), ("provincial", "2020-03-01")]]
    (topup,) = _ents(entitlements("320115-jiangning/2019", jiangning(levels=levels), dt.date(2020, 6, 1)),
                     "recognition_award")
    assert topup.zh.startswith("认定及晋级累计补助：区级（2019-06-01）累计30 → 省级（2020-03-01）累计75；")
    f = luoyang(levels=[{"level": "provincial", "since": "2019-06-01", "jurisdiction": LY}])
    (award,) = _ents(entitlements("410300-luoyang/2018", f, dt.date(2020, 6, 1)), "new_alliance_award")
    assert award.zh == "新获批联盟牵头单位奖励（省级）：10万元"
    assert not CODE.search(topup.zh) and not CODE.search(award.zh)


def test_the_loader_refuses_level_words_without_chinese():
    data = yaml.safe_load((PACKS_DIR / "320115-jiangning" / "2019.yaml").read_text("utf-8"))
    bad = copy.deepcopy(data)
    rule = next(r for r in bad["money"]["rules"] if r["id"] == "standard_award")
    rule["level_words"]["national"] = {"en": "national standard"}
    with pytest.raises(PackError, match=r"level_words\.national"):
        validate(bad)


def test_a_grade_reads_as_the_packs_evaluation_scale_words_it():
    f = jiangning(levels=[{"level": "district", "since": "2019-06-01", "jurisdiction": JN}],
                  grades=[{"year": 2020, "grade": "poor"}])
    r = entitlements("320115-jiangning/2019", f, dt.date(2020, 12, 1), year=2020)
    refusal = next(x for x in r.refusals if x.rule == "operating_subsidy")
    assert refusal.zh == "2020年度评价为“运营成效不好”，不满足：当年运营绩效评价为良好"
    assert refusal.en == "2020 evaluation is “Poor operating results”: this year's operating evaluation is good not met"


def test_the_jurisdiction_is_named_not_coded():
    f = luoyang(members=members(9, 0, LY), levels=[{"level": "municipal", "since": "2019-06-01", "jurisdiction": "410300"}])
    r = entitlements("410300-luoyang/2018", f, dt.date(2020, 6, 1))
    refusal = next(x for x in r.refusals if x.rule == "new_alliance_award")
    assert refusal.zh == "牵头单位不在本辖区（洛阳市）注册"
