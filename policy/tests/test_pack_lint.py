"""The pack lint, the published JSON Schema and the packs' YAML test cases (every pack, discovered)."""

import copy
from pathlib import Path

import jsonschema
import pytest
import yaml

from policy.cases import case_files, load_cases, run_case
from policy.lint import PACKS_DIR, Finding, item_covered, lint, text_items
from policy.loader import all_packs
from policy.schema import SCHEMA_PATH, as_json, pack_schema, schema_text

PACK_FILES = sorted(PACKS_DIR.glob("*/*.yaml"))
CASES = [c for f in case_files() for c in load_cases(f)]


def test_every_pack_file_is_discovered_and_loads():
    assert len(PACK_FILES) >= 5
    assert {f"{f.parent.name}/{f.stem}" for f in PACK_FILES} == set(all_packs())


def test_committed_schema_is_current():
    assert SCHEMA_PATH.read_text("utf-8") == schema_text(), "run: python -m policy docs"


def test_schema_refuses_what_the_loader_refuses():
    data = as_json(yaml.safe_load((PACKS_DIR / "320115-jiangning" / "2019.yaml").read_text("utf-8")))
    v = jsonschema.Draft202012Validator(pack_schema())
    assert not list(v.iter_errors(data))
    bad = copy.deepcopy(data)
    bad["money"]["rules"][0]["amount"] = "x"  # a key the cumulative_topup mechanism does not have
    assert any("amount" in e.message for e in v.iter_errors(bad))
    bad = copy.deepcopy(data)
    bad["readings"][0]["status"] = "confirmed"  # confirmed needs who and when
    assert list(v.iter_errors(bad))


@pytest.mark.parametrize("path", PACK_FILES, ids=lambda p: p.parent.name)
def test_lint_is_clean(path):
    errors = [str(f) for f in lint(path.parent.name) if f.severity == "error"]
    assert not errors, "\n".join(errors)


def test_numbering_styles_are_all_read():
    assert text_items("第一条 总则。\n第二条 条件：\n（一）甲；\n（二）乙。\n依照第八条办理。\n第三条 附则。") == [
        "第一条",
        "第二条",
        "第二条(一)",
        "第二条(二)",
        "第三条",
    ]
    assert text_items("第一条 扶持：\n1、甲；2、乙。\n10、丙\n第二条") == ["第一条", "第一条1", "第一条2", "第二条"]
    assert text_items("一、思路\n1.定义。\n2.条件：\n（1）甲\n（2）乙\n3.附则") == ["1", "2", "2(1)", "2(2)", "3"]


def test_item_coverage_rules():
    # an item is covered by its own citation, not by a longer number (第十条10 ≠ 第十条1)
    assert item_covered("第十条1", {"第十条1"}, set())
    assert not item_covered("第十条1", {"第十条10"}, set())
    # a whole article listed as not encoded covers its items; an article encoded whole too, unless split
    assert item_covered("第五条(二)", set(), {"第五条"})
    assert item_covered("7(2)", {"7"}, set())
    assert not item_covered("6(2)", {"6", "6(1)"}, set())


def test_lint_finds_an_unused_parameter_a_missing_article_and_an_unknown_guard(tmp_path, monkeypatch):
    import policy.lint as L

    src = PACKS_DIR / "320115-jiangning"
    d = tmp_path / "320115-jiangning"
    d.mkdir()
    data = yaml.safe_load((src / "2019.yaml").read_text("utf-8"))
    data["parameters"]["spare"] = {
        "label": "x",
        "unit": "count",
        "kind": "law",
        "values": {"2019-01-01": {"value": 1, "article": "第六条2"}},
    }
    data["not_encoded"] = [n for n in data["not_encoded"] if n["article"] != "第十一条"]
    data["procedures"][0]["transitions"][0]["guard"] = "moon_is_full"
    data["conditions"][4]["article"] = "第六条9"  # the text's 第六条 has items 1 … 5
    data["conditions"][3]["reading"] = "读作满三个月。 / Read as three months."  # the old free-text way
    (d / "2019.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    monkeypatch.setattr(L, "PACKS_DIR", tmp_path)
    found = {(f.check, f.where) for f in L.lint("320115-jiangning")}
    assert ("parameter", "parameters.spare") in found
    assert ("article", "第十一条") in found
    assert ("transition", "procedures.recognition.transitions[0]") in found
    assert ("citation", "第六条9") in found
    assert any(c == "reading" and w.startswith("读作满三个月") for c, w in found)  # loads, but lint refuses it
    assert isinstance(next(iter(L.lint("320115-jiangning"))), Finding)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_pack_case(case):
    if case.xfail:
        pytest.xfail(case.xfail) if run_case(case) else pytest.fail(f"XPASS, remove xfail: {case.xfail}")
    errors = run_case(case)
    assert not errors, "\n".join(errors)


def test_every_case_file_belongs_to_a_pack():
    for f in case_files():
        assert Path(f).parent.name == "tests" and Path(f).parent.parent.name in {p.parent.name for p in PACK_FILES}


def test_cli_lint_and_test_exit_codes(capsys):
    from policy.cli import main

    assert main(["lint", "kunming"]) == 0
    assert main(["lint", "nowhere"]) == 1
    assert main(["test", "jiangning"]) == 0
    out = capsys.readouterr().out
    assert "ok    320115-jiangning/cases::" in out and "xfail 320115-jiangning/cases::" in out
    assert main(["test", "nowhere"]) == 2


def test_a_case_that_contradicts_the_engine_is_reported(tmp_path):
    from policy.cases import load_cases

    f = tmp_path / "320115-jiangning" / "tests" / "x.yaml"
    f.parent.mkdir(parents=True)
    f.write_text(
        "cases:\n  - {name: wrong, article: 第十条1, date: 2019-09-01,\n"
        "     facts: {levels: [{level: district, since: 2019-07-01}]},\n"
        "     expect: {money: {items: [{rule: recognition_award, amount: '31'}]}}}\n",
        "utf-8",
    )
    [case] = load_cases(f)
    assert case.pack == "320115-jiangning" and case.articles == ("第十条1",)
    assert run_case(case) == ["recognition_award amount: expected Decimal('31'), got Decimal('30')"]
