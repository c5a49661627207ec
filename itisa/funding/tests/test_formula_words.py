"""Issue 10 §1: the formula of every money rule of every pack reads as words on a page, in the page's language.

For each rule (read from the packs at collection, so a new rule without a scenario here fails) an alliance that
the rule pays is built, the engine's entitlement is rendered on the lead's claim answer (the same ``prose``
filter shows it on the staff proposal page) in zh-hans and en, and the formula is read back: no level or grade
code, no id, no English word on a Chinese page, no Chinese on an English one, no Decimal with trailing zeros; an open condition
of payment reads in Chinese on a Chinese page too."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from policy.api import all_packs, entitlements

JN, KM, LY, WN = "320115", "530102", "410302", "610502"
ON = {"320115-jiangning/2019": "2020-06-01", "410300-luoyang/2018": "2020-06-01",
      "530100-kunming/2016": "2018-12-31", "610500-weinan/2015": "2018-06-01"}


def _members(n: int, region: str) -> list[dict[str, Any]]:
    kinds = ["enterprise", "university", "research_institute", "enterprise"]
    return [{"org_id": f"O{i:03d}", "name": f"单位{i}", "kind": "enterprise" if i == 0 else kinds[i % 4],
             "region": region, "legal_person": True, "role": "lead" if i == 0 else "member",
             "joined": "2015-01-01"} for i in range(n)]


def _ev(kind: str, date: str, **kw: Any) -> dict[str, Any]:
    return {"id": f"E-{kind}", "kind": kind, "date": date, **kw}


JN_BASE = {"region": JN, "members": _members(21, JN), "founded": "2019-01-05",
           "flags": ["agreement_signed_by_all", "outward_responsible_party", "executive_body", "rules_of_procedure",
                     "full_time_staff", "funding_mechanism", "plan_short_mid_term", "plan_long_term",
                     "open_membership", "ip_rules", "benefit_sharing_rules"],
           "levels": [{"level": "district", "since": "2019-05-01", "jurisdiction": JN}]}
LY_BASE = {"region": LY, "members": _members(9, LY),
           "flags": ["office", "full_time_staff", "feasibility_report", "organs_decision", "organs_consultation",
                     "organs_execution", "agreement_signed_by_all", "charter", "key_supported",
                     "legal_entity_registered"]}
KM_BASE = {"region": KM, "members": _members(4, KM),
           "reports": [{"kind": "annual_report", "year": y, "filed": f"{y}-12-01"} for y in range(2016, 2019)],
           "levels": [{"level": "municipal", "since": "2017-01-10", "jurisdiction": "530100"}]}
WN_BASE = {"region": WN, "members": _members(6, WN),
           "levels": [{"level": "municipal", "since": "2016-01-10", "jurisdiction": "610500"}]}
PLATFORM = {"flags": ["platform_recognised", "major_contribution"]}

#: What each rule needs besides its pack's base facts: the rule's trigger, with numbers that show a cap.
SCENARIOS: dict[tuple[str, str], dict[str, Any]] = {
    ("320115-jiangning/2019", "recognition_award"): {
        "levels": [{"level": "district", "since": "2019-05-01", "jurisdiction": JN},
                   {"level": "municipal", "since": "2019-10-01", "jurisdiction": "320100"}],
        "payments": [{"id": "PAY1", "article": "第十条1", "amount": "30.0000", "date": "2019-06-01",
                      "rule": "320115-jiangning/2019#recognition_award"}]},
    ("320115-jiangning/2019", "national_member_award"): {
        "levels": [{"level": "district", "since": "2019-05-01", "jurisdiction": JN},
                   {"level": "national", "since": "2020-01-10", "jurisdiction": "100000"}]},
    ("320115-jiangning/2019", "project_matching"): {
        "events": [_ev("national_major_project", "2020-03-01", base="200.0000", payee="O003")]},
    ("320115-jiangning/2019", "platform_award"): {"events": [_ev("platform_recognised", "2020-03-01")]},
    ("320115-jiangning/2019", "exchange_subsidy"): {
        "events": [_ev("exchange_activity", "2020-03-01", base="40.5000", flags=["filed", "led_by_alliance"])]},
    ("320115-jiangning/2019", "standard_award"): {
        "achievements": [{"id": "ach1", "kind": "standard", "level": "national", "date": "2020-01-01",
                          "title": "智能网联汽车术语"}]},
    ("320115-jiangning/2019", "operating_subsidy"): {
        "levels": [{"level": "district", "since": "2017-05-01", "jurisdiction": JN}],
        "grades": [{"year": 2019, "grade": "good"}, {"year": 2020, "grade": "good"}]},
    ("410300-luoyang/2018", "new_alliance_award"): {
        "levels": [{"level": "provincial", "since": "2019-06-01", "jurisdiction": "410000"}]},
    ("410300-luoyang/2018", "entity_reward"): {"events": [_ev("legal_entity_registered", "2019-01-01")]},
    ("410300-luoyang/2018", "entity_operating_subsidy"): {
        "events": [_ev("entity_sales", "2019-12-31", year=2019, base="3000.0000")]},
    ("410300-luoyang/2018", "rd_project"): {"events": [_ev("rd_project", "2019-05-01", payee="O003")]},
    ("410300-luoyang/2018", "platform_construction"): {
        "events": [_ev("platform_construction", "2019-05-01", base="5000.0000", **PLATFORM)]},
    ("410300-luoyang/2018", "platform_operating"): {
        "events": [_ev("platform_operating", "2019-05-01", base="300.0000", **PLATFORM)]},
    ("410300-luoyang/2018", "platform_service"): {
        "events": [_ev("platform_service_income", "2019-05-01", base="80.0000", **PLATFORM)]},
    ("530100-kunming/2016", "guidance_fund"): {},
    ("530100-kunming/2016", "upgrade_award"): {
        "levels": [{"level": "municipal", "since": "2017-01-10", "jurisdiction": "530100"},
                   {"level": "provincial", "since": "2018-01-10", "jurisdiction": "530000",
                    "recommended_by": "city_bureau"}]},
    ("610500-weinan/2015", "recognition_funding"): {},
    ("610500-weinan/2015", "re_review_funding"): {"events": [_ev("re_review_passed", "2018-03-01")]},
}
BASES = {"320115-jiangning/2019": JN_BASE, "410300-luoyang/2018": LY_BASE, "530100-kunming/2016": KM_BASE,
         "610500-weinan/2015": WN_BASE}

RULES = sorted((pid, r["id"]) for pid, p in all_packs().items()
               for r in (p.data.get("money") or {}).get("rules") or ())

LEVEL_CODES = r"international|national|provincial|municipal|district|industry|group|excellent|good|pass|fail|poor"
CODE = re.compile(rf"(?<![A-Za-z])(?:{LEVEL_CODES})(?![A-Za-z])")
IDENT = re.compile(r"[a-z][a-z0-9]*(?:[_.][a-z0-9]+)+|\b(?:min|max)\(|\bach\d+\b")
TRAILING_ZERO = re.compile(r"\d\.\d*0(?!\d)")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _read(ent: Any, lang: str, what: str = "formula") -> list[str]:
    with translation.override(lang):
        page = render_to_string("leadunit/_claim_answer.html", {"answer": {"entitlements": [ent], "refusals": []}})
    return [html.unescape(f).strip() for f in re.findall(rf'<dd class="{what}">(.*?)</dd>', page, re.S)]


def test_every_money_rule_of_every_pack_has_a_scenario():
    assert len(RULES) >= 17  # the four paying packs (Henan's text pays nothing)
    assert set(RULES) == set(SCENARIOS)


@pytest.mark.parametrize(("pack", "rule"), RULES, ids=[f"{p.split('/')[0]}:{r}" for p, r in RULES])
def test_the_formula_reads_as_words_in_both_languages(pack, rule):
    facts = {"id": "A1", "name": "测试联盟", "kind": "rd", "founded": "2015-01-01", **BASES[pack],
             **SCENARIOS[(pack, rule)]}
    facts["lead"] = facts["members"][0]["org_id"]
    ents = [e for e in entitlements(pack, facts, ON[pack]).entitlements if e.rule == rule]
    assert ents, f"{pack} {rule}: the scenario pays nothing"
    for e in ents:
        [zh] = _read(e, "zh-hans")
        [en] = _read(e, "en")
        assert zh and en and zh != en
        assert not CODE.search(zh) and not LATIN_WORD.search(zh), zh
        assert "万元" in zh or "主管部门确定" in zh, zh
        assert not CJK.search(en), en
        for text in (zh, en):
            assert not IDENT.search(text), text
            assert not TRAILING_ZERO.search(text), text
        for condition in _read(e, "zh-hans", "conditions"):  # e.g. Kunming's matching the lead must commit
            assert not LATIN_WORD.search(condition), condition
