"""The pack format as a JSON Schema, generated from the loader's own tables (one definition).

``python -m policy schema`` writes ``docs/policy/pack.schema.json``; a test checks the committed file is
current. The schema says what keys exist and their shapes; the loader and ``python -m policy lint`` add what
a schema cannot (parameter references resolve, grades exist, every article is covered …).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from . import loader as L
from . import sections as S
from .types import LEVELS, MEMBER_KINDS, ROLES

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "docs" / "policy" / "pack.schema.json"
STR = {"type": "string"}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
ARTICLE = {"type": "string", "minLength": 1}
BOOL = {"type": "boolean"}
READING_REF = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]}
STR_LIST = {"type": "array", "items": STR}
# the shape of keys that appear in several tables (everything else: any JSON value)
SHAPES: dict[str, dict[str, Any]] = {
    **{k: STR for k in L.PARAM_REF_KEYS},
    "article": ARTICLE,
    "quote": STR,
    "zh": STR,
    "en": STR,
    "note": STR,
    "id": STR,
    "reading": READING_REF,
    "legal_person": BOOL,
    "in_region": BOOL,
    "open": BOOL,
    "terminal": BOOL,
    "blocks_money": BOOL,
    "paid_after": BOOL,
    "kinds": STR_LIST,
    "roles": STR_LIST,
    "grades": STR_LIST,
    "levels": STR_LIST,
    "all": STR_LIST,
    "flags": STR_LIST,
    "since": {"enum": ["founded", "operating_since"]},
    "any": STR_LIST,
    "positions": STR_LIST,
    "effects": {"type": "array", "items": {"enum": sorted(L.EFFECTS)}},
    "groups": {"type": "array", "items": {"type": "array", "items": {"enum": list(MEMBER_KINDS)}}},
    "month": {"type": "integer", "minimum": 1, "maximum": 12},
    "day": {"type": "integer", "minimum": 1, "maximum": 31},
    "op": {"enum": ["ge", "gt"]},
    "date": {"oneOf": [DATE, {"type": "null"}]},
    "question": {
        "type": "object",
        "required": ["zh", "en"],
        "properties": {"zh": STR, "en": STR},
        "additionalProperties": False,
    },
    "ceilings": {"type": "object", "additionalProperties": STR},
    "rates": {"type": "object", "additionalProperties": STR},
    "amounts": {"type": "object", "additionalProperties": STR},
}


def obj(keys: set[str], required: tuple[str, ...] = (), **props: Any) -> dict[str, Any]:
    """A closed object: exactly these keys, shaped by SHAPES unless given."""
    properties = {k: props.get(k, SHAPES.get(k, {})) for k in sorted(keys)}
    out: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        out["required"] = list(required)
    return out


def typed(
    table: dict[str, set[str]], tkey: str, common: set[str], required: tuple[str, ...] = (), **props: Any
) -> dict[str, Any]:
    """An object whose ``tkey`` picks the allowed keys (one ``if/then`` per type)."""
    all_keys = set().union(*table.values()) | common | {tkey}
    base = obj(all_keys, (tkey, *required), **{tkey: {"enum": sorted(table)}}, **props)
    base.pop("additionalProperties")
    base["allOf"] = [
        {
            "if": {"properties": {tkey: {"const": t}}, "required": [tkey]},
            "then": {"propertyNames": {"enum": sorted(keys | common | {tkey})}},
        }
        for t, keys in sorted(table.items())
    ]
    return base


def pack_schema() -> dict[str, Any]:
    dated = obj(L.DATED_KEYS, ("article",))
    value = obj(L.VALUE_KEYS, ("value", "article"), value={"type": ["string", "integer", "null"]})
    parameter = obj(
        L.PARAM_KEYS,
        ("label", "unit", "kind", "values"),
        unit={"enum": sorted(L.UNITS)},
        kind={"enum": sorted(L.PARAM_KINDS)},
        label=STR,
        label_en=STR,
        values={
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": r"^\d{4}-\d{2}-\d{2}$"},
            "additionalProperties": value,
        },
    )
    identity = obj(
        L.IDENTITY_KEYS,
        ("key", "title", "region", "level", "in_force"),
        key={"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        region={"type": "string", "pattern": r"^\d{6}$"},
        level={"enum": list(LEVELS)},
        recognises={"type": "array", "items": {"enum": list(LEVELS)}},
        issuers=STR_LIST,
        doc_no={"type": ["string", "null"]},
        cite_as={"type": ["string", "null"]},
        adopted={"oneOf": [DATE, {"type": "null"}]},
        published={"oneOf": [DATE, {"type": "null"}]},
        in_force=dated,
        lapses={"oneOf": [dated, {"type": "null"}]},
        supersedes={"type": "array", "items": obj(L.SUPERSEDES_KEYS, ("doc_no", "article"))},
        fields={"oneOf": [obj(L.FIELDS_KEYS, values=STR_LIST), {"type": "null"}]},
    )
    condition = obj(
        L.CONDITION_KEYS,
        ("id", "article", "zh", "en", "check"),
        check={"enum": ["machine", "expert"]},
        test=typed(L.TESTS, "type", set()),
    )
    condition["allOf"] = [
        {"if": {"properties": {"check": {"const": "machine"}}}, "then": {"required": ["test"]}},
        {"if": {"properties": {"check": {"const": "expert"}}}, "then": {"required": ["question"]}},
    ]
    role = {"enum": list(ROLES)}
    procedure = obj(
        L.PROCEDURE_KEYS,
        ("id", "initial", "states", "transitions"),
        initial=STR,
        intake=obj({"mode", "article", "quote"}, ("mode",), mode={"enum": sorted(L.INTAKE_MODES)}),
        states={"type": "array", "minItems": 1, "items": obj(L.STATE_KEYS, ("id",))},
        transitions={
            "type": "array",
            "items": obj(
                L.TRANSITION_KEYS,
                ("from", "to", "action", "role", "article"),
                role=role,
                guard=STR,
                also={"type": "array", "items": STR, "minItems": 1},
                produces=obj(
                    L.PRODUCES_KEYS, ("recommended_by", "level"), recommended_by=STR, level={"enum": list(LEVELS)}
                ),
                action=STR,
                **{"from": STR, "to": STR},
            ),
        },
        materials={"type": "array", "items": obj(L.MATERIAL_KEYS, ("id", "article"))},
        periods={
            "type": "array",
            "items": obj(L.PERIOD_KEYS, ("id", "param", "unit", "article"), unit={"enum": sorted(L.PERIOD_UNITS)}),
        },
    )
    duty = obj(
        L.DUTY_KEYS,
        ("id", "kind", "article", "zh", "en", "schedule"),
        actor=role,
        schedule=typed(
            L.SCHEDULES,
            "type",
            set(),
            first={"enum": ["recognition_year", "next_year"]},
            unit={"enum": sorted(L.PERIOD_UNITS)},
        ),
    )
    grade = obj({"id", "zh", "en", "valid_years", "article"}, ("id",))
    evaluation = obj(
        L.EVALUATION_KEYS,
        scale={"type": "array", "items": grade},
        dimensions={"type": "array", "items": obj({"id", "zh", "en", "article"}, ("id",))},
    )
    consequence = obj(
        L.CONSEQUENCE_KEYS,
        ("id", "article", "zh", "en", "when", "effects"),
        when=typed(L.WHENS, "type", set()),
        scope={"enum": ["alliance", "alliance_and_members"]},
    )
    rule = typed(
        L.MECHANISMS,
        "mechanism",
        L.RULE_COMMON,
        ("id", "article", "trigger", "payee", "zh", "en"),
        trigger=typed(L.TRIGGERS, "type", set()),
        payee={"enum": sorted(L.PAYEES)},
        requires={"type": "array", "items": typed(L.REQUIRES, "type", set())},
        payee_filter=obj(L.PAYEE_FILTER_KEYS),
        fiscal_split=obj({"article", "district_share", "note", "quote", "zh", "en"}),
        matching_required=obj({"ratio", "article", "quote"}),
        cap_scope={"enum": ["claim", "matter", "year"]},
        level_words={"type": "object", "additionalProperties": obj({"zh", "en"}, ("zh",))},
    )
    cited = obj({"zh", "en", "article", "quote"}, ("article",))
    money = obj(
        L.MONEY_KEYS,
        fund={"oneOf": [cited, {"type": "null"}]},
        no_double_funding={"oneOf": [cited, {"type": "null"}]},
        rules={"type": "array", "items": rule},
        precedence={
            "type": "array",
            "items": obj(
                {"rules", "winner", "article", "reason"},
                ("rules", "winner", "article", "reason"),
                rules=STR_LIST,
                winner=STR,
                reason=STR,
            ),
        },
    )
    reading = obj(
        L.READING_KEYS,
        ("id", "article", "words", "zh", "en", "status"),
        status={"enum": sorted(L.READING_STATUSES)},
        words=STR,
        confirmed_by={"type": ["string", "null"]},
        confirmed_on={"oneOf": [DATE, {"type": "null"}]},
    )
    reading["allOf"] = [
        {
            "if": {"properties": {"status": {"const": "confirmed"}}},
            "then": {
                "properties": {"confirmed_by": STR, "confirmed_on": DATE},
                "required": ["confirmed_by", "confirmed_on"],
            },
        }
    ]
    top = obj(
        L.TOP_KEYS,
        ("schema_version", "pack", "identity"),
        schema_version={"const": 1},
        pack={"type": "string", "pattern": r"^\d{6}-[a-z0-9_-]+/[0-9A-Za-z_-]+$"},
        identity=identity,
        parameters={"type": "object", "additionalProperties": parameter},
        conditions={"type": "array", "items": condition},
        procedures={"type": "array", "items": procedure},
        duties={"type": "array", "items": duty},
        evaluation=evaluation,
        consequences={"type": "array", "items": consequence},
        money=money,
        not_encoded={"type": "array", "items": obj({"article", "reason"}, ("article", "reason"), reason=STR)},
        readings={"type": "array", "items": reading},
        naming=obj(S.NAMING_KEYS, ("article", "name"), name=STR, plaque=STR, plaque_to=role),
        report_contents={
            "type": "array",
            "items": obj(
                S.REPORT_CONTENTS_KEYS,
                ("report", "article", "sections"),
                report=STR,
                sections={
                    "type": "array",
                    "minItems": 1,
                    "items": obj(
                        S.REPORT_SECTION_KEYS,
                        ("id",),
                        id={"enum": list(S.REPORT_SECTIONS)},
                        when={"enum": sorted(S.SECTION_WHENS)},
                    ),
                },
            ),
        },
        targets=obj(
            S.TARGETS_KEYS,
            ("article", "by", "items"),
            by=DATE,
            items={
                "type": "array",
                "minItems": 1,
                "items": obj(
                    S.TARGET_KEYS,
                    ("id", "zh", "en", "min", "measure", "level"),
                    measure={"enum": sorted(S.TARGET_MEASURES)},
                    level={"enum": list(LEVELS)},
                ),
            },
        ),
        review=obj(S.REVIEW_KEYS, ("by", "article"), by={"enum": sorted(S.REVIEW_BY)}),
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "pack.schema.json",
        "title": "Policy pack (schema_version 1)",
        "description": "Generated by `python -m policy schema` from policy/loader.py; see policy/SCHEMA.md.",
        **top,
    }


def schema_text() -> str:
    return json.dumps(pack_schema(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_schema(path: str | Path | None = None) -> Path:
    target = Path(path) if path else SCHEMA_PATH
    target.write_text(schema_text(), encoding="utf-8")
    return target


def as_json(node: Any) -> Any:
    """YAML data as JSON data (dates and date keys as ISO strings) for schema validation."""
    if isinstance(node, dict):
        return {(k.isoformat() if isinstance(k, dt.date) else str(k)): as_json(v) for k, v in node.items()}
    if isinstance(node, list):
        return [as_json(v) for v in node]
    if isinstance(node, dt.date):
        return node.isoformat()
    return node
