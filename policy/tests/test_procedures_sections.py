"""Issue 8 §2 and §4: procedures with several guards, objections as facts, procedure walks in YAML cases, the
law-as-data sections (naming, report contents, targets, review) and the new schema features."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from policy import api
from policy.engine import compiled
from policy.errors import FactsError
from policy.facts import facts_from_dict
from policy.lint import lint_pack
from policy.loader import PACKS_DIR, PackError, load_pack_file
from policy.rules import eligibility as el
from policy.rules.procedure import guard_names, step
from policy.sections import naming, report_sections, review_by, targets
from policy.types import GUARDS, Refusal

D = dt.date


def _copy(folder: str, tmp_path: Path, edit) -> Path:
    """A copy of a pack in a folder of the same name, edited as a dict (the loader checks it afresh)."""
    src = next((PACKS_DIR / folder).glob("*.yaml"))
    dest = tmp_path / folder / src.name
    dest.parent.mkdir(parents=True)
    data = yaml.safe_load(src.read_text("utf-8"))
    edit(data)
    dest.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    if (src.parent / "rules.py").exists():
        shutil.copy(src.parent / "rules.py", dest.parent / "rules.py")
    return dest


# ------------------------------------------------------------------------------ guards and procedures
@pytest.mark.parametrize(
    ("pack", "state", "first"),
    [
        ("luoyang", "expert_review", "expert_review_passed"),  # 第七条(三) 确认符合条件的联盟，给予认定
        ("weinan", "expert_review", "expert_review_passed"),  # 13
        ("henan", "assessment", "acceptance_passed"),  # 第十条 with the 第九条/第十一条 checks (conditions once: …)
        ("kunming", "notice", "notice_elapsed_no_objection"),  # 第十一条 公示期满无异议
    ],
)
def test_recognition_needs_the_machine_checks_besides_the_review(pack, state, first):
    refused = step(pack, state, "recognise", "bureau", {first: True, "eligible": False})
    assert isinstance(refused, Refusal) and refused.code == "guard_failed" and "eligible" in refused.zh
    assert step(pack, state, "recognise", "bureau", {first: True, "eligible": True}).target == "recognised"


def test_every_guard_a_pack_names_is_known():
    for p in api.all_packs().values():
        assert guard_names(p) <= set(GUARDS), p.id


@pytest.mark.parametrize("also", ["eligible", ["eligible", 3]])
def test_also_must_be_a_list_of_names_beside_a_guard(tmp_path, also):
    def edit(d):
        d["procedures"][0]["transitions"][0]["also"] = also

    with pytest.raises(PackError, match="also"):
        load_pack_file(_copy("410300-luoyang", tmp_path, edit))


def test_produces_names_who_recommended_and_the_level(tmp_path):
    def edit(d):
        t = next(p for p in d["procedures"] if p["id"] == "upward_recommendation")["transitions"][2]
        t["produces"] = {"recommended_by": "city_bureau"}

    with pytest.raises(PackError, match="produces"):
        load_pack_file(_copy("530100-kunming", tmp_path, edit))


def test_revocation_and_recommendation_are_procedures_where_the_texts_have_them():
    ids = {p.key: {x["id"] for x in p.data["procedures"]} for p in api.all_packs().values()}
    assert {"revocation", "upward_recommendation"} <= ids["kunming"]
    assert {"revocation", "upward_recommendation", "major_project_proposal"} <= ids["henan"]
    assert {
        "revocation",
        "upward_recommendation",
        "project_rules_filing",
        "project_change",
        "member_exit_project",
    } <= ids["weinan"]
    assert {"contract", "cycle_assessment"} <= ids["kunming"]
    produced = {
        (p.key, t["produces"]["level"], t["produces"]["recommended_by"])
        for p in api.all_packs().values()
        for x in p.data["procedures"]
        for t in x["transitions"]
        if t.get("produces")
    }
    # Kunming 第十二条 pays an upgrade only when recommended by the city bureau: the procedure produces it.
    assert ("kunming", "provincial", "city_bureau") in produced and ("kunming", "national", "city_bureau") in produced


# ------------------------------------------------------------------------------ objections
KM = {
    "id": "K",
    "founded": "2016-01-01",
    "region": "530102",
    "lead": "L",
    "members": [{"org_id": "L", "kind": "enterprise", "region": "530102", "role": "lead"}],
}


def _objection_status(objections, on):
    r = api.check_eligibility("kunming", {**KM, "objections": objections}, on)
    return next(c.status for c in r.conditions if c.id == "no_open_objection")


def test_an_open_objection_bars_recognition_in_the_engine_itself():
    assert _objection_status([], D(2016, 12, 20)) == "pass"
    assert _objection_status([{"raised": "2016-12-12"}], D(2016, 12, 20)) == "fail"
    assert _objection_status([{"raised": "2016-12-21"}], D(2016, 12, 20)) == "pass"  # not yet raised
    dismissed = [{"raised": "2016-12-12", "resolved": "2016-12-15", "result": "dismissed"}]
    assert _objection_status(dismissed, D(2016, 12, 20)) == "pass"
    assert _objection_status(dismissed, D(2016, 12, 14)) == "fail"
    upheld = [{"raised": "2016-12-12", "resolved": "2016-12-15", "result": "upheld"}]
    assert _objection_status(upheld, D(2016, 12, 20)) == "fail"


def test_objections_are_checked_at_the_door():
    with pytest.raises(FactsError) as e:
        api.check_eligibility(
            "kunming", {**KM, "objections": [{"raised": "2016-13-01", "result": "maybe"}]}, "2016-12-20"
        )
    paths = {p.path for p in e.value.problems}
    assert {"objections[0].raised", "objections[0].result"} <= paths


def test_the_lint_refuses_a_notice_without_the_objection_condition(tmp_path):
    def edit(d):
        d["conditions"] = [c for c in d["conditions"] if c.get("test", {}).get("type") != "no_open_objection"]

    found = lint_pack(load_pack_file(_copy("530100-kunming", tmp_path, edit)), cases=False)
    assert any("no_open_objection" in f.message for f in found)
    assert not [f for f in lint_pack(api.get_pack("kunming"), cases=False) if "no_open_objection" in f.message]


# ------------------------------------------------------------------------------ new schema features
def _ctx(facts, on):
    return compiled("jiangning").ctx(facts_from_dict(facts), on)


def test_every_members_flag_is_checked_against_the_member_list():
    members = [
        {"org_id": "A", "flags": ["signed_by_legal_rep"]},
        {"org_id": "B", "flags": []},
        {"org_id": "C", "flags": ["signed_by_legal_rep"], "left": "2019-03-01"},
    ]
    ctx = _ctx({"id": "x", "members": members}, D(2019, 6, 1))
    status, detail = el.all_members(ctx, {"flags": ["signed_by_legal_rep"]})
    assert status == "fail" and detail["not_matching"] == ["B"]
    ctx = _ctx({"id": "x", "members": [members[0], members[2]]}, D(2019, 6, 1))
    assert el.all_members(ctx, {"flags": ["signed_by_legal_rep"]})[0] == "pass"


def test_operating_since_is_distinct_from_founding():
    facts = {"id": "x", "founded": "2015-01-01", "operating_since": "2019-01-01"}
    ctx = _ctx(facts, D(2019, 3, 15))
    assert el.founded_at_least(ctx, {"months": "min_age_months"})[0] == "pass"
    status, detail = el.founded_at_least(ctx, {"months": "min_age_months", "since": "operating_since"})
    assert status == "fail" and detail["operating_since"] == D(2019, 1, 1)
    # without a separate date, operating since founding
    ctx = _ctx({"id": "x", "founded": "2015-01-01"}, D(2019, 6, 1))
    assert el.founded_at_least(ctx, {"months": "min_age_months", "since": "operating_since"})[0] == "pass"


def test_a_grade_can_carry_a_validity_period(tmp_path):
    def edit(d):
        d["parameters"]["excellent_valid_years"] = {
            "label": "优秀有效期",
            "label_en": "Validity of 优秀",
            "unit": "years",
            "kind": "law",
            "values": {"2018-07-10": {"value": 2, "article": "第九条"}},
        }
        d["evaluation"]["scale"][0]["valid_years"] = "excellent_valid_years"

    pack = load_pack_file(_copy("410300-luoyang", tmp_path, edit))
    ctx = compiled(pack).ctx(facts_from_dict({"id": "x"}), D(2021, 1, 1))
    g = facts_from_dict({"id": "x", "grades": [{"year": 2019, "grade": "优秀", "date": "2020-03-01"}]}).grades[0]
    assert ctx.grade_valid_until(g) == D(2022, 2, 28)
    g2 = facts_from_dict({"id": "x", "grades": [{"year": 2019, "grade": "合格"}]}).grades[0]
    assert ctx.grade_valid_until(g2) is None


# ------------------------------------------------------------------------------ law as data
def test_names_and_plaques_come_from_the_packs():
    ly, km = naming("luoyang"), naming("kunming")
    assert ly.name == "洛阳市{topic}产业技术创新战略联盟" and ly.article == "第七条(三)" and ly.plaque_to == "lead_unit"
    assert km.name == "昆明{topic}产业技术创新战略联盟" and km.article == "第十一条"
    assert naming("henan").name is None  # the text names no pattern


def test_a_name_template_without_the_topic_is_refused(tmp_path):
    def edit(d):
        d["naming"]["name"] = "洛阳市产业技术创新战略联盟"

    with pytest.raises(PackError, match="topic"):
        load_pack_file(_copy("410300-luoyang", tmp_path, edit))


def test_report_contents_come_from_the_packs():
    ly = {s.id for s in report_sections("luoyang", "self_evaluation")}
    assert ly == {"plan_execution", "fund_use", "results", "next_year_plan"}  # 第八条(三)
    km = {s.id: s for s in report_sections("kunming", "annual_report")}
    assert km["changes_members"].when == "members_changed" and km["changes_members"].article == "第十五条"
    assert {s.id for s in report_sections("weinan", "annual_report")} == {"summary", "next_year_plan"}  # 14
    assert report_sections("jiangning", "annual_report") == ()


def test_jiangning_targets_are_pack_data():
    t = targets("jiangning")
    assert t is not None and t.article == "第四条" and t.by == D(2020, 12, 31) and t.region == "320115"
    assert {i.id: i.minimum for i in t.items} == {
        "district_alliances": 3,
        "provincial_alliances": 1,
        "national_participants": 5,
    }
    assert "target_participants" in t.readings
    assert targets("kunming") is None


def test_review_by_field_is_pack_data():
    assert review_by("weinan") == "field"
    assert review_by("luoyang") == "panel"
