"""渭南市 渭科发〔2015〕62号 — 14 yearly report, 15 re-review and revocation, 16 research funding, 17, 20."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from policy.engine import compiled, text_status
from policy.facts import facts_from_dict, load_facts
from policy.loader import get_pack

PACK = "610500-weinan/2015"
RECOGNISED = {"level": "municipal", "since": "2016-06-01", "jurisdiction": "610500", "doc_no": "渭科发〔2016〕示例号"}
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "policy" / "examples" / "weinan.yaml"


def alliance(**kw: Any):
    ms = [
        {"org_id": "lead", "kind": "enterprise", "region": "610502", "role": "lead"},
        {"org_id": "u1", "kind": "university", "region": "610502", "role": "core"},
    ]
    return facts_from_dict({"id": "wn1", "members": ms, "levels": [RECOGNISED], **kw})


def deadlines(facts, on: dt.date, duty: str) -> dict[str | None, Any]:
    return {d.period: d for d in compiled(PACK).deadlines(facts, on).deadlines if d.duty == duty}


# ----------------------------------------------------------------------------------------- 14 November report
def test_weinan_14_report_due_by_30_november_of_the_recognition_year():
    d = deadlines(alliance(), dt.date(2016, 11, 1), "annual_report")["2016"]
    assert d.window_start == dt.date(2016, 11, 1)
    assert d.due == dt.date(2016, 11, 30)
    assert d.citation.article == "14"


def test_weinan_14_filed_on_30_november_is_on_time():
    facts = alliance(reports=[{"kind": "annual_report", "year": 2016, "filed": "2016-11-30"}])
    assert deadlines(facts, dt.date(2016, 12, 15), "annual_report")["2016"].status == "done"


def test_weinan_14_filed_on_1_december_is_late():
    facts = alliance(reports=[{"kind": "annual_report", "year": 2016, "filed": "2016-12-01"}])
    assert deadlines(facts, dt.date(2016, 12, 15), "annual_report")["2016"].status == "late"


def test_weinan_14_unfiled_on_30_november_is_due_today_and_on_1_december_overdue():
    assert deadlines(alliance(), dt.date(2016, 11, 30), "annual_report")["2016"].status == "due_today"
    assert deadlines(alliance(), dt.date(2016, 12, 1), "annual_report")["2016"].status == "overdue"


def test_weinan_14_recognised_in_december_reports_from_next_november():
    facts = facts_from_dict({"id": "wn2", "levels": [{**RECOGNISED, "since": "2016-12-05"}]})
    dls = deadlines(facts, dt.date(2017, 11, 1), "annual_report")
    assert set(dls) == {"2017"} and dls["2017"].due == dt.date(2017, 11, 30)


def test_weinan_14_report_goes_through_the_recommender():
    [duty] = [d for d in get_pack(PACK).data["duties"] if d["id"] == "annual_report"]
    assert duty["endorsed_by"] == "recommender"


def test_weinan_14_missing_a_report_has_no_stated_consequence():
    assert compiled(PACK).consequences(alliance(), dt.date(2017, 3, 1)).status == "none"


# ----------------------------------------------------------------------------------------- 15 re-review
def test_weinan_15_re_review_falls_due_three_years_after_recognition():
    d = deadlines(alliance(), dt.date(2019, 6, 1), "re_review")["2016-06-01/2019-06-01"]
    assert d.due == dt.date(2019, 6, 1) and d.status == "due_today"
    assert compiled(PACK).consequences(alliance(), dt.date(2019, 6, 1)).status == "none"  # not yet missed


def test_weinan_15_not_re_reviewed_after_three_years_is_revoked():
    result = compiled(PACK).consequences(alliance(), dt.date(2019, 6, 2))
    [c] = result.consequences
    assert c.id == "revoked_not_re_reviewed" and c.status == "triggered"
    assert c.effects == ("revoked",)
    assert c.citation.article == "15" and c.citation.quote == "对未复审的联盟将撤销其资质"


def test_weinan_15_re_reviewed_on_the_due_day_is_not_revoked():
    facts = alliance(grades=[{"year": 2019, "grade": "pass", "kind": "re_review", "date": "2019-06-01"}])
    assert deadlines(facts, dt.date(2019, 6, 2), "re_review")["2016-06-01/2019-06-01"].status == "done"
    assert compiled(PACK).consequences(facts, dt.date(2019, 6, 2)).status == "none"


def test_weinan_15_a_re_review_held_late_is_not_未复审():
    """15 “对未复审的联盟将撤销其资质” revokes alliances NOT re-reviewed: while the re-review is overdue the
    consequence stands; once held (a day late) the alliance is re-reviewed, late, and not revoked."""
    facts = alliance(grades=[{"year": 2019, "grade": "pass", "kind": "re_review", "date": "2019-06-10"}])
    waiting = compiled(PACK).consequences(facts, dt.date(2019, 6, 5))
    assert waiting.status == "triggered" and waiting.consequences[0].id == "revoked_not_re_reviewed"
    held = compiled(PACK).consequences(facts, dt.date(2019, 7, 1))
    assert held.status == "none"
    assert deadlines(facts, dt.date(2019, 7, 1), "re_review")["2016-06-01/2019-06-01"].status == "late"


def test_weinan_15_re_review_a_day_after_the_due_day_shows_as_late():
    facts = alliance(grades=[{"year": 2019, "grade": "pass", "kind": "re_review", "date": "2019-06-02"}])
    assert deadlines(facts, dt.date(2019, 7, 1), "re_review")["2016-06-01/2019-06-01"].status == "late"


def test_weinan_15_the_next_re_review_is_six_years_after_recognition():
    facts = alliance(grades=[{"year": 2019, "grade": "pass", "kind": "re_review", "date": "2019-05-20"}])
    dls = deadlines(facts, dt.date(2020, 1, 1), "re_review")
    assert dls["2019-06-01/2022-06-01"].due == dt.date(2022, 6, 1)
    assert dls["2019-06-01/2022-06-01"].status == "upcoming"


def test_weinan_15_three_years_is_a_cited_law_value():
    from policy.params import parameter

    pv = parameter(get_pack(PACK), "re_review_years", dt.date(2016, 1, 1))
    assert pv.value == 3 and pv.citation.article == "15"


def test_weinan_15_recognised_29_february_is_due_28_february():
    facts = facts_from_dict({"id": "wn3", "levels": [{**RECOGNISED, "since": "2016-02-29"}]})
    dls = deadlines(facts, dt.date(2019, 3, 1), "re_review")
    assert dls["2016-02-29/2019-02-28"].due == dt.date(2019, 2, 28)


# ----------------------------------------------------------------------------------------- 16 research funding
def test_weinan_16_recognition_funding_amount_is_set_by_the_bureau():
    result = compiled(PACK).entitlements(alliance(), dt.date(2016, 7, 1))
    [e] = result.entitlements
    assert e.rule == "recognition_funding" and e.citation.article == "16"
    assert e.amount is None and e.status == "decision"  # "一定的科研经费": no amount in the text
    assert e.payee == "lead"
    assert result.total == Decimal("0")


def test_weinan_16_research_funding_parameter_is_bureau_set_and_null():
    p = get_pack(PACK).parameters["research_funding"]
    assert p.kind == "bureau_set" and p.values[0].value is None and p.values[0].citation.article == "16"


def test_weinan_16_what_if_the_bureau_grants_5_on_recognition_and_on_re_review():
    facts = alliance(
        grades=[{"year": 2019, "grade": "pass", "kind": "re_review", "date": "2019-05-20"}],
        events=[{"id": "rr2019", "kind": "re_review_passed", "date": "2019-05-20"}],
    )
    result = compiled(PACK, {"weinan.research_funding": Decimal("5")}).entitlements(facts, dt.date(2019, 6, 1))
    got = sorted((e.rule, e.amount, e.status) for e in result.entitlements)
    assert got == [("re_review_funding", Decimal("5"), "due"), ("recognition_funding", Decimal("5"), "due")]
    assert result.total == Decimal("10")


def test_weinan_16_recognition_funding_is_paid_once():
    facts = alliance(
        payments=[
            {
                "id": "p1",
                "article": "16",
                "amount": "5",
                "date": "2016-08-01",
                "matter": "recognition_funding:municipal",
                "rule": "610500-weinan/2015#recognition_funding",
            }
        ]
    )
    result = compiled(PACK).entitlements(facts, dt.date(2016, 9, 1))
    assert result.entitlements == ()
    assert [r.code for r in result.refusals] == ["already_paid"]


def test_weinan_16_not_recognised_gets_nothing():
    facts = facts_from_dict({"id": "wn4", "events": [{"id": "rr", "kind": "re_review_passed", "date": "2019-05-20"}]})
    result = compiled(PACK).entitlements(facts, dt.date(2019, 6, 1))
    assert result.entitlements == ()
    assert {r.code for r in result.refusals} == {"not_eligible"}


def test_weinan_16_recognition_before_the_measures_is_not_under_them():
    facts = facts_from_dict({"id": "wn5", "levels": [{**RECOGNISED, "since": "2015-03-01"}]})
    result = compiled(PACK).entitlements(facts, dt.date(2016, 1, 1))
    assert result.entitlements == ()
    assert [r.code for r in result.refusals] == ["before_in_force"]


def test_weinan_15_revoked_alliance_gets_no_research_funding():
    facts = alliance(events=[{"id": "rr", "kind": "re_review_passed", "date": "2019-08-01"}])
    result = compiled(PACK, {"weinan.research_funding": 5}).entitlements(facts, dt.date(2019, 9, 1))
    assert result.entitlements == () and result.status == "nothing_due"
    assert all(r.code == "support_withdrawn" and r.citation.article == "15" for r in result.refusals)


# ----------------------------------------------------------------------------------------- 17, 20, identity
def test_weinan_17_priority_support_has_no_amount():
    reasons = {n["article"]: n["reason"] for n in get_pack(PACK).data["not_encoded"]}
    assert "无金额" in reasons["17"]
    assert {r["id"] for r in get_pack(PACK).data["money"]["rules"]} == {"recognition_funding", "re_review_funding"}


def test_weinan_20_in_force_on_publication_with_no_end():
    pack = get_pack(PACK)
    assert pack.identity["doc_no"] == "渭科发〔2015〕62号"
    assert pack.in_force == dt.date(2015, 5, 19) and pack.lapses is None
    assert text_status(pack, dt.date(2015, 5, 18)).status == "not_yet_in_force"
    assert text_status(pack, dt.date(2015, 5, 19)).status == "in_force"
    assert text_status(pack, dt.date(2026, 1, 1)).status == "in_force"


def test_weinan_identity():
    ident = get_pack(PACK).identity
    assert ident["region"] == "610500" and ident["level"] == "municipal" and ident["recognises"] == ["municipal"]
    assert get_pack("weinan") is get_pack(PACK) and get_pack("610500") is get_pack(PACK)


def test_weinan_every_item_of_the_text_is_encoded_or_explained():
    data = get_pack(PACK).data
    used = {c["article"] for c in data["conditions"]} | {d["article"] for d in data["duties"]}
    used |= {t["article"] for p in data["procedures"] for t in p["transitions"]}
    used |= {r["article"] for r in data["money"]["rules"]} | {n["article"] for n in data["not_encoded"]}
    used |= {d["article"] for d in data["evaluation"]["dimensions"]} | {data["identity"]["in_force"]["article"]}
    heads = {a.split("(")[0] for a in used}
    assert {str(i) for i in range(1, 21)} <= heads


def test_weinan_example_facts_run():
    [facts] = load_facts(EXAMPLE)
    cp = compiled(PACK)
    on = dt.date(2019, 12, 1)
    assert cp.eligibility(facts, on).status == "review"
    dls = {(d.duty, d.period): d for d in cp.deadlines(facts, on).deadlines}
    assert dls[("re_review", "2016-06-01/2019-06-01")].status == "done"
    assert dls[("annual_report", "2019")].status == "late"
    assert cp.consequences(facts, on).status == "none"
    ents = {e.rule: e for e in cp.entitlements(facts, on).entitlements}
    assert ents["re_review_funding"].status == "decision"


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


def test_weinan_requirements_articles_are_all_in_the_pack():
    # REQUIREMENTS.md §1–§6, Weinan column, by hand
    required = ["6(2)", "6(3)", "6(4)", "6(6)", "6(7)", "10", "11", "13", "14", "15", "16", "20"] + [
        f"12({i})" for i in range(1, 9)
    ]
    seen = _articles(get_pack(PACK).data, set())
    assert [a for a in required if a not in seen] == []


def test_weinan_example_runs_from_the_command_line():
    import subprocess
    import sys

    root = EXAMPLE.parents[3]
    out = subprocess.run(
        [sys.executable, "-m", "policy", "deadlines", "--pack", PACK, "--on", "2019-12-01", str(EXAMPLE)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "late" in out.stdout  # the 2019 report, filed on 1 December


def test_weinan_16_without_an_amount_the_bureau_decides_and_nothing_is_invented():
    # 16: "给予一定的科研经费资助" — no amount in the text: a decision, never a number made up here.
    facts = alliance(events=[{"id": "rr2019", "kind": "re_review_passed", "date": "2019-05-20"}])
    undecided = [e for e in compiled(PACK).entitlements(facts, dt.date(2019, 6, 1)).entitlements
                 if e.rule == "re_review_funding"]
    assert [(e.status, e.amount, e.formula) for e in undecided] == [("decision", None, "由主管部门确定 / set by the bureau")]
    decided = alliance(events=[{"id": "rr2019", "kind": "re_review_passed", "date": "2019-05-20", "decided": "8"}])
    got = [e for e in compiled(PACK).entitlements(decided, dt.date(2019, 6, 1)).entitlements
           if e.rule == "re_review_funding"]
    assert [(e.status, e.amount) for e in got] == [("due", Decimal("8"))]
