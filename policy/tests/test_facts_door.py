"""Facts, packs, dates and overrides are refused at the door, every problem with its path, in both languages."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from policy import api
from policy.cli import main
from policy.errors import DateError, FactsError, InputError, OverrideError, UnknownPackError
from policy.facts import event_from_dict, facts_from_dict, load_facts
from policy.facts_schema import json_schema, schema_text
from policy.params import ParameterError
from policy.types import jsonable

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "docs" / "policy" / "examples"
SCHEMA = ROOT / "docs" / "policy" / "facts.schema.json"
VALIDATOR = jsonschema.Draft202012Validator(
    json_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def example(name: str = "jiangning") -> dict[str, Any]:
    doc = yaml.safe_load((EX / f"{name}.yaml").read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def refused(doc: Any) -> dict[str, tuple[str, str]]:
    with pytest.raises(FactsError) as e:
        facts_from_dict(doc)
    return {p.path: (p.zh, p.en) for p in e.value.problems}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(list(argv))
    return rc, out.getvalue(), err.getvalue()


def test_committed_schema_is_the_generated_one() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == schema_text(), "run: python -m policy schema facts --out " + str(
        SCHEMA
    )
    jsonschema.Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize("name", ["henan", "jiangning", "kunming", "luoyang", "weinan"])
def test_examples_pass_the_door_and_the_published_schema(name: str) -> None:
    doc = example(name)
    assert load_facts(EX / f"{name}.yaml")[0].id == str(doc["id"])
    assert list(VALIDATOR.iter_errors(jsonable(doc))) == []


def test_every_problem_comes_back_with_its_path_in_both_languages() -> None:
    doc = example()
    doc["memebers"] = doc.pop("members")
    doc["levels"][0]["since"] = "2018-13-40"
    doc["payments"][0]["amount"] = 12.5
    doc["events"][0]["base"] = "1e3"
    doc["flags"] = "charter"
    doc["founded"] = "1 May 2019"
    problems = refused(doc)
    assert set(problems) == {"memebers", "levels[0].since", "payments[0].amount", "events[0].base", "flags", "founded"}
    assert "did you mean 'members'?" in problems["memebers"][1] and "members" in problems["memebers"][0]
    assert "does not exist" in problems["levels[0].since"][1] and "不存在" in problems["levels[0].since"][0]
    assert "written as a string" in problems["payments[0].amount"][1] and "字符串" in problems["payments[0].amount"][0]
    assert "expected a list, got a string" in problems["flags"][1]
    for zh, en in problems.values():
        assert zh and en and zh != en
    assert not VALIDATOR.is_valid(jsonable(doc))  # the published schema refuses it too


@pytest.mark.parametrize(
    ("change", "path", "en"),
    [
        (lambda d: d.update(members="everyone"), "members", "expected a list"),
        (lambda d: d["members"][3].update(joined="2019-02-30"), "members[3].joined", "not a date"),
        (lambda d: d["members"][3].update(joined=20190101), "members[3].joined", "expected a date"),
        (lambda d: d["members"][3].update(kind="enterprize"), "members[3].kind", "did you mean 'enterprise'?"),
        (lambda d: d["members"][3].pop("org_id"), "members[3].org_id", "required"),
        (lambda d: d["members"][3].update(legal_person="yes"), "members[3].legal_person", "expected a boolean"),
        (lambda d: d.update(region="32011"), "region", "six-digit"),
        (lambda d: d.update(founded="1850-01-01"), "founded", "out of range"),
        (lambda d: d["levels"][0].update(level="county"), "levels[0].level", "not one of"),
        (lambda d: d["levels"][0].pop("since"), "levels[0].since", "required"),
        (lambda d: d["payments"][0].update(amount="-30"), "payments[0].amount", "negative"),
        (lambda d: d["payments"][0].update(amount="1234567890123"), "payments[0].amount", "not an amount"),
        (lambda d: d["events"][0].update(year="2020"), "events[0].year", "write 2020 without quotes"),
        (lambda d: d["events"][0].update(year=1066), "events[0].year", "out of range"),
        (lambda d: d.update(grades=[{"year": 2020}]), "grades[0].grade", "required"),
        (
            lambda d: d.update(rectifications=[{"ordered": "2020-01-01", "result": "passed"}]),
            "rectifications[0].result",
            "not one of",
        ),
    ],
)
def test_each_kind_of_problem(change: Any, path: str, en: str) -> None:
    doc = example()
    change(doc)
    problems = refused(doc)
    assert path in problems, problems
    assert en in problems[path][1]
    assert not VALIDATOR.is_valid(jsonable(doc))


def test_what_the_register_hands_over_passes() -> None:
    doc = example()
    doc["levels"][0]["since"] = dt.date(2019, 5, 1)  # YAML and Python dates
    doc["payments"][0]["amount"] = Decimal("30")  # the ledger's Decimals
    doc["events"][0]["base"] = 18  # whole numbers
    doc["region"], doc["lead"] = 320115, "JN-LEAD"  # YAML reads unquoted codes as numbers
    doc["levels"].append({"level": "municipal", "from": "2020-05-01"})  # `from`, the older spelling of since
    f = facts_from_dict(doc)
    assert f.region == "320115" and f.payments[0].amount == Decimal("30") and f.levels[-1].since == dt.date(2020, 5, 1)


def test_events_keep_other_keys_as_data_and_claims_are_checked() -> None:
    e = event_from_dict({"kind": "major_event", "date": "2020-01-02", "change": "joined", "org": "7"})
    assert e.get("change") == "joined"
    with pytest.raises(FactsError) as err:
        event_from_dict({"date": "2020-02-30", "base": 1.5})
    assert {p.path for p in err.value.problems} == {"event.kind", "event.date", "event.base"}


def test_load_facts_names_the_alliance_and_the_file(tmp_path: Path) -> None:
    good, bad = example(), example()
    bad["members"][1]["joined"] = "2018-13-40"
    p = tmp_path / "many.json"
    p.write_text(json.dumps({"alliances": [good, bad]}, default=str), encoding="utf-8")
    with pytest.raises(FactsError) as e:
        load_facts(p)
    assert [x.path for x in e.value.problems] == ["alliances[1].members[1].joined"]
    cases = [
        ("id: [unclosed", "not valid YAML"),
        ("", "empty file"),
        ("- 1\n- 2\n", "[0]"),
        ("[" * 100000, "not valid"),
    ]
    for text, expect in cases:
        (tmp_path / "f.yaml").write_text(text, encoding="utf-8")
        with pytest.raises(FactsError) as e:
            load_facts(tmp_path / "f.yaml")
        assert expect in str(e.value)
    with pytest.raises(FactsError, match="cannot read"):
        load_facts(tmp_path / "missing.yaml")


def test_the_api_refuses_packs_dates_and_overrides_with_typed_errors() -> None:
    doc = example()
    with pytest.raises(UnknownPackError) as e:
        api.check_eligibility("nowhere", doc, "2020-12-01")
    assert isinstance(e.value, KeyError) and "320115-jiangning/2019" in e.value.problems[0].en
    with pytest.raises(DateError):
        api.deadlines("jiangning", doc, "2018-13-40")
    with pytest.raises(DateError):
        api.entitlements("jiangning", doc, "2020-12-01", year="2020")  # type: ignore[arg-type]
    with pytest.raises(OverrideError) as o:
        api.simulate(
            "jiangning",
            [doc],
            "2020-12-01",
            {
                "jiangning.recognition_award.provincial": "1e30000000",
                "jiangning.nope": "1",
                "jiangning.min_members": "2.5",
            },
        )
    assert isinstance(o.value, ParameterError)  # what the finance pages catch
    assert [p.path for p in o.value.problems] == [
        "overrides['jiangning.recognition_award.provincial']",
        "overrides['jiangning.nope']",
        "overrides['jiangning.min_members']",
    ]
    with pytest.raises(FactsError):
        api.compare("not facts", "2020-12-01")
    with pytest.raises(FactsError) as f:
        api.simulate("jiangning", [doc, {"id": "x", "members": "none"}], "2020-12-01", {})
    assert [p.path for p in f.value.problems] == ["[1].members"]
    assert issubclass(FactsError, InputError) and issubclass(InputError, ValueError)


def test_integer_parameters_can_be_set_from_strings() -> None:
    r = api.simulate("jiangning", [example()], "2020-12-01", {"jiangning.min_members": "30"})
    assert r.rows[0]["eligibility_scenario"] == "not_eligible"  # 21 members < 30


def test_cli_prints_problems_and_exits_2() -> None:
    ex = str(EX / "jiangning.yaml")
    rc, out, err = run("check", ex, "--pack", "nowhere", "--on", "2020-12-01")
    assert rc == 2 and out == "" and "known packs: 320115-jiangning/2019" in err and "Traceback" not in err
    rc, _, err = run("check", ex, "--pack", "jiangning", "--on", "2018-13-40")
    assert rc == 2 and "--on" in err and "不是日期" in err
    rc, _, err = run(
        "simulate",
        ex,
        "--pack",
        "jiangning",
        "--on",
        "2020-12-01",
        "--set",
        "jiangning.recognition_award.provincial=1e30000000",
        "--set",
        "jiangning.nope=1",
        "--set",
        "x",
    )
    assert rc == 2 and "no exponents" in err and "no such parameter" in err and "PARAM=VALUE" in err
    rc, _, err = run("check", ex, "--on", "2020-12-01", "--year", "x")
    assert rc == 2 and "unrecognized arguments" in err


def test_cli_json_gives_the_problems_as_data(tmp_path: Path) -> None:
    doc = example()
    doc["members"] = "everyone"
    doc["payments"][0]["amount"] = 30.0
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(doc, default=str), encoding="utf-8")
    rc, out, _ = run("check", str(p), "--pack", "jiangning", "--on", "2020-12-01", "--json")
    data = json.loads(out)
    assert rc == 2 and data["error"] == "bad_facts"
    assert [x["path"] for x in data["problems"]] == ["members", "payments[0].amount"]
    assert all(set(x) == {"path", "zh", "en"} for x in data["problems"])
    rc, out, _ = run("packs", "--on", "2020-02-30", "--json")
    assert rc == 2 and json.loads(out)["error"] == "bad_date"


def test_cli_still_answers_good_input_and_prints_the_schema() -> None:
    rc, out, _ = run("entitle", str(EX / "jiangning.yaml"), "--pack", "jiangning", "--on", "2020-12-01", "--json")
    assert rc == 0 and json.loads(out)["total"] == "205"
    rc, out, _ = run("schema", "facts")
    assert rc == 0 and out == schema_text()
