"""河南省 豫科〔2013〕146号 — the pack itself: identity, dates (第十八条), what is deliberately not encoded."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from policy.engine import compiled, text_status
from policy.facts import load_facts
from policy.loader import get_pack

PACK = "410000-henan/2013"
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "policy" / "examples" / "henan.yaml"


def test_henan_identity():
    ident = get_pack(PACK).identity
    assert ident["doc_no"] == "豫科〔2013〕146号"
    assert ident["region"] == "410000" and ident["level"] == "provincial"
    assert ident["recognises"] == ["provincial"]
    assert ident["issuers"] == ["河南省科学技术厅"]
    assert get_pack("410000") is get_pack(PACK) and get_pack("henan") is get_pack(PACK)


def test_henan_18_in_force_date_not_known_answers_name_the_assumption():
    """第十八条 “本办法自发布之日起施行” — and the text bears no date: the in-force date is not known. The engine
    applies the pack's recorded assumption (2013-01-01, with who confirmed it and when) and every answer says so."""
    pack = get_pack(PACK)
    assert pack.identity["in_force"]["date"] is None and pack.identity["in_force"]["article"] == "第十八条"
    assumed = pack.in_force_assumed
    assert assumed["date"] == dt.date(2013, 1, 1) and assumed["reason"]
    assert "confirmed_by" in assumed and "confirmed_on" in assumed
    ts = text_status(pack, dt.date(2013, 1, 1))
    assert ts.status == "in_force" and not ts.in_force_known and ts.in_force is None
    assert "未载明施行日期" in ts.zh and "2013-01-01" in ts.zh and "尚未经主管部门确认" in ts.zh
    assert "no in-force date" in ts.en and "assumption" in ts.en
    before = text_status(pack, dt.date(2012, 12, 31))
    assert before.status == "not_yet_in_force" and "假定" in before.zh
    confirmed = {**assumed, "confirmed_by": "河南省科学技术厅政策法规处", "confirmed_on": dt.date(2026, 11, 1)}
    from policy.engine import _assumed_status

    ok = _assumed_status(pack, dt.date(2014, 1, 1), confirmed, ())
    assert "经河南省科学技术厅政策法规处于2026-11-01确认" in ok.zh


def test_a_parameter_before_its_first_value_is_not_in_force():
    from policy.params import ParameterNotInForce, parameter

    pack = get_pack(PACK)
    with pytest.raises(ParameterNotInForce) as caught:
        parameter(pack, "local_share", dt.date(2012, 12, 31))
    assert "not in force on 2012-12-31" in str(caught.value)
    assert parameter(pack, "local_share", dt.date(2013, 1, 1)).value == Fraction(1, 2)


def test_henan_18_no_end():
    pack = get_pack(PACK)
    assert pack.lapses is None
    assert text_status(pack, dt.date(2026, 1, 1)).status == "in_force"


def test_henan_3_five_fields():
    assert get_pack(PACK).identity["fields"]["values"] == [
        "传统优势产业",
        "高成长性产业",
        "战略性新兴产业",
        "现代农业",
        "资源环境",
    ]


def test_henan_has_no_money_rules_and_says_why():
    pack = get_pack(PACK)
    assert pack.data["money"]["rules"] == []
    reasons = {n["article"]: n["reason"] for n in pack.data["not_encoded"]}
    assert "无任何金额" in reasons["第十四条"]


def test_henan_not_encoded_articles():
    arts = {n["article"] for n in get_pack(PACK).data["not_encoded"]}
    assert {
        "第一条",
        "第二条",
        "第三条",
        "第四条",
        "第五条",
        "第十三条",
        "第十四条",
        "第十五条",
        "第十六条",
        "第十七条",
    } <= arts


def test_henan_every_article_of_the_text_is_encoded_or_explained():
    data = get_pack(PACK).data
    used = {c["article"] for c in data["conditions"]} | {d["article"] for d in data["duties"]}
    used |= {t["article"] for p in data["procedures"] for t in p["transitions"]}
    used |= {n["article"] for n in data["not_encoded"]} | {
        data["evaluation"]["article"],
        data["identity"]["in_force"]["article"],
    }
    heads = {a.split("(")[0] for a in used}
    for n in [
        "一",
        "二",
        "三",
        "四",
        "五",
        "六",
        "七",
        "八",
        "九",
        "十",
        "十一",
        "十二",
        "十三",
        "十四",
        "十五",
        "十六",
        "十七",
        "十八",
    ]:
        assert f"第{n}条" in heads, n


def test_henan_example_facts_run():
    [facts] = load_facts(EXAMPLE)
    cp = compiled(PACK)
    on = dt.date(2016, 6, 1)
    assert cp.eligibility(facts, on).status == "review"  # machine conditions met; the experts' questions remain
    dls = {d.duty: d for d in cp.deadlines(facts, on).deadlines}
    assert dls["construction"].status == "done"
    assert dls["construction"].due == dt.date(2015, 3, 10)
    assert cp.consequences(facts, on).status == "triggered"  # 2015 unqualified → warning and rectification
    assert cp.entitlements(facts, on).entitlements == ()


def _articles(node, out):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "article" and isinstance(v, str):
                out.add(v)
            else:
                _articles(v, out)
    elif isinstance(node, list):
        for v in node:
            _articles(v, out)
    return out


def test_henan_requirements_articles_are_all_in_the_pack():
    # REQUIREMENTS.md §1–§6, Henan column, by hand
    required = [
        "第三条",
        "第六条",
        "第七条(一)",
        "第七条(二)",
        "第七条(三)",
        "第八条",
        "第九条",
        "第九条(一)",
        "第九条(二)",
        "第九条(三)",
        "第十条",
        "第十一条(二)",
        "第十一条(三)",
        "第十一条(五)",
        "第十二条",
        "第十四条",
        "第十八条",
    ]
    seen = _articles(get_pack(PACK).data, set())
    assert [a for a in required if a not in seen] == []


def test_henan_example_runs_from_the_command_line():
    import subprocess
    import sys

    root = EXAMPLE.parents[3]
    out = subprocess.run(
        [sys.executable, "-m", "policy", "check", "--pack", PACK, "--on", "2016-06-01", str(EXAMPLE)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "review" in out.stdout.splitlines()[0]
