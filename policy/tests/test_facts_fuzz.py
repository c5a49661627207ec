"""Random and mutated facts documents at every door of the engine: only results or the typed error come back.

Documents start from the valid examples (docs/policy/examples/) with keys deleted, renamed or duplicated and
values replaced by random data or changed in type; a fraction are random data altogether. Each goes to every
public function of :mod:`policy.api` and to the command line. Anything the door lets through must run; anything
it refuses must be refused by the published JSON Schema too.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from policy import api
from policy.cli import main
from policy.errors import FactsError, InputError
from policy.facts_schema import json_schema, problems
from policy.types import LEVELS, MEMBER_KINDS, jsonable

EX = Path(__file__).resolve().parents[2] / "docs" / "policy" / "examples"
EXAMPLES = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(EX.glob("*.yaml"))}
PACKS = {
    "henan": "2019-06-01",
    "jiangning": "2020-12-01",
    "kunming": "2018-12-31",
    "luoyang": "2020-01-15",
    "weinan": "2019-06-01",
}
_S = json_schema()
ALLIANCE = jsonschema.Draft202012Validator(
    {"$ref": "#/$defs/alliance", "$defs": _S["$defs"]}, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)
N = int(os.environ.get("FACTS_FUZZ_EXAMPLES", "40"))  # more for a longer hunt
FUZZ = settings(max_examples=N, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

odd = st.sampled_from(
    [
        "2018-13-40",
        "2019-02-29",
        "2020-02-29",
        "12.5",
        "-3",
        "1e30000000",
        "",
        "320115",
        "NaN",
        "lead",
        "national",
        "enterprise",
        "0",
        "99999999999999",
        "2019-6-1",
        "1899-12-31",
    ]
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**13)
    | st.floats(allow_nan=True)
    | st.text(max_size=8)
    | odd
    | st.dates(dt.date(1800, 1, 1), dt.date(2300, 1, 1))
)
values = st.recursive(
    scalars, lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=6) | odd, c, max_size=3), max_leaves=6
)


def similar(v: Any) -> st.SearchStrategy[Any]:
    """A value of the same shape, mostly valid, to reach the engine with odd but well-formed facts."""
    if isinstance(v, bool):
        return st.booleans()
    if isinstance(v, int):
        return st.integers(1900, 2199)
    if isinstance(v, dt.date) or (isinstance(v, str) and len(v) == 10 and v[4:5] == "-"):
        return st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31)).map(lambda d: d.isoformat())
    if isinstance(v, str) and v.replace(".", "", 1).isdigit():
        return st.decimals(0, 10**9, places=2, allow_nan=False).map(str) | st.sampled_from(["0", "999999999999.999999"])
    if isinstance(v, str):
        return st.sampled_from(
            [
                *LEVELS,
                *MEMBER_KINDS,
                "lead",
                "core",
                "member",
                "up",
                "down",
                "pass",
                "fail",
                "yearly",
                "cycle",
                "re_review",
                "优秀",
                "合格",
                "不合格",
                "standard",
                "ip",
                "320115",
                "530102",
                "410302",
                "610500",
                "410000",
            ]
        ) | st.text(max_size=4)
    return st.just(v)


def spots(doc: Any) -> Iterator[tuple[Any, Any]]:
    """Every (container, key or index) in the document."""
    items = doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    for k, v in list(items):
        yield doc, k
        yield from spots(v)


@st.composite
def documents(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 9)) == 0:
        return draw(values)
    doc = copy.deepcopy(EXAMPLES[draw(st.sampled_from(sorted(EXAMPLES)))])
    for _ in range(draw(st.integers(1, 3))):
        where = list(spots(doc))
        parent, key = where[draw(st.integers(0, len(where) - 1))]
        how = draw(st.sampled_from(["delete", "rename", "replace", "wrap", "text", "copy", "similar", "similar"]))
        if how == "similar":
            parent[key] = draw(similar(parent[key]))
        elif how == "delete":
            del parent[key]
        elif how == "rename" and isinstance(parent, dict):
            parent[draw(st.text(max_size=6) | odd | st.sampled_from([key + "s", key[:-1], key.upper()]))] = parent.pop(
                key
            )
        elif how == "wrap":
            parent[key] = draw(st.sampled_from([[parent[key]], {"value": parent[key]}]))
        elif how == "text":
            parent[key] = str(parent[key])
        elif how == "copy" and isinstance(parent, list) and parent:
            parent.append(copy.deepcopy(parent[key]))
        else:
            parent[key] = draw(values)
    return doc


def _json_form(doc: Any) -> Any:
    """The document as JSON would carry it (dates as ISO strings), or None when JSON cannot (odd keys)."""
    try:
        return json.loads(json.dumps(jsonable(doc), allow_nan=True))
    except (TypeError, ValueError):
        return None


def _integral_float(doc: Any) -> bool:  # JSON Schema counts 2019.0 as an integer; the door refuses all floats
    if isinstance(doc, float):
        return doc == doc and doc not in (float("inf"), float("-inf")) and doc.is_integer()
    items = doc.values() if isinstance(doc, dict) else doc if isinstance(doc, list) else ()
    return any(_integral_float(v) for v in items)


@FUZZ
@given(doc=documents(), pack=st.sampled_from(sorted(PACKS)), claim=st.none() | values)
def test_every_api_function_answers_or_refuses(doc: Any, pack: str, claim: Any) -> None:
    on = PACKS[pack]
    found = problems(doc) if isinstance(doc, dict) else None
    calls = [
        lambda: api.check_eligibility(pack, doc, on),
        lambda: api.entitlements(pack, doc, on),
        lambda: api.entitlements(pack, doc, on, event=claim, year=2020),
        lambda: api.deadlines(pack, doc, on),
        lambda: api.consequences(pack, doc, on),
        lambda: api.compare(doc, on),
        lambda: api.simulate(pack, [doc], on, {}),
    ]
    for call in calls:
        try:
            call().to_dict()
        except FactsError as e:
            assert e.problems and all(p.zh and p.en for p in e.problems)
    event("passed the door" if found == [] else "refused")
    form = _json_form(doc)  # the same document as JSON carries it: the door and the published schema agree
    if isinstance(form, dict) and not _integral_float(form):
        door = problems(form)
        assert ALLIANCE.is_valid(form) == (door == []), (door, list(ALLIANCE.iter_errors(form))[:3])


@FUZZ
@given(
    on=values | odd,
    ref=values | st.sampled_from([*PACKS, "320115", "nowhere", "530100-kunming/2016"]),
    name=st.text(max_size=12) | st.sampled_from(["min_members", "recognition_award.district"]),
    overrides=st.none()
    | st.dictionaries(st.sampled_from(["jiangning.min_members", "jiangning.nope", "x"]), values | odd, max_size=2),
)
def test_the_other_arguments_answer_or_refuse(on: Any, ref: Any, name: Any, overrides: Any) -> None:
    doc = EXAMPLES["jiangning"]
    for call in (
        lambda: api.packs(on),
        lambda: api.governing_text(ref, on),
        lambda: api.parameter(ref, name, on),
        lambda: api.parameter("jiangning", name, "2020-12-01", overrides),
        lambda: api.simulate("jiangning", [doc], on, overrides or {}),
        lambda: api.check_eligibility(ref, doc, "2020-12-01", overrides),
    ):
        try:
            call()
        except InputError as e:
            assert e.problems and all(p.zh and p.en for p in e.problems)


@settings(
    max_examples=max(N // 2, 1), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(
    doc=documents(),
    cmd=st.sampled_from(["check", "entitle", "deadlines", "consequences", "compare", "simulate"]),
    pack=st.sampled_from(sorted(PACKS)),
    as_json=st.booleans(),
    suffix=st.sampled_from([".yaml", ".json"]),
)
def test_the_command_line_answers_or_exits_2(doc: Any, cmd: str, pack: str, as_json: bool, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"facts{suffix}"
        try:
            text = json.dumps(doc, default=str) if suffix == ".json" else yaml.safe_dump(doc, allow_unicode=True)
        except (TypeError, ValueError):
            text = "{not: [valid"
        path.write_text(text, encoding="utf-8")
        argv = [cmd, str(path), "--on", PACKS[pack]] + (["--pack", pack] if cmd != "compare" else [])
        argv += ["--json"] if as_json else []
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = main(argv)
    assert rc in (0, 2)
    if as_json:
        data = json.loads(out.getvalue())
        if rc == 2:
            assert data["problems"] and all(set(p) == {"path", "zh", "en"} for p in data["problems"])
    elif rc == 2:
        assert err.getvalue() and "Traceback" not in err.getvalue()
