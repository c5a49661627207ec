"""The facts format, defined once: the validator at the engine's door and the published JSON Schema
(docs/policy/facts.schema.json, ``python -m policy schema facts``) are both read from :data:`ALLIANCE`.

Written with the small specs of :mod:`policy.spec` rather than a JSON Schema library, so that every problem
comes back with its exact path (``members[3].joined``) and a Chinese and an English message. Only the door
validates: the batch path (policy/batch.py, policy/vector/) is fed facts that already passed here.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import Problem
from .spec import (
    DATE_RE,
    FIRST_DAY,
    LAST_DAY,
    MAX_YEAR,
    MIN_YEAR,
    MONEY_MAX,
    MONEY_RE,
    Bool,
    Date,
    ListOf,
    Money,
    Obj,
    OneOf,
    Problems,
    Spec,
    Text,
    Year,
)
from .types import LEVELS, MEMBER_KINDS

REGION_RE = r"^([0-9]{6})?$"

__all__ = ["ALLIANCE", "EVENT", "MAX_YEAR", "MIN_YEAR", "Date", "json_schema", "problems", "schema_text"]


# ------------------------------------------------------------------------------------------ the format
def _code(en: str, nullable: bool = False) -> Text:
    return Text(en=en, nullable=nullable, numbers=True, max_length=200)


def _region(en: str) -> Text:
    return Text(
        en=en,
        numbers=True,
        pattern=REGION_RE,
        int_range=(100000, 999999),
        zh_pattern="六位 GB/T 2260 行政区划代码（或空）",
        en_pattern="a six-digit GB/T 2260 region code (or empty)",
    )


_FLAGS = ListOf(item=Text(max_length=100), en="flags: facts and documents present (see docs/policy/facts.md)")
_OPT_TEXT = Text(nullable=True)

MEMBER = Obj(
    required=("org_id",),
    en="one period of one organisation's membership",
    fields={
        "org_id": _code("organisation id"),
        "name": Text(en="organisation name"),
        "kind": OneOf(values=MEMBER_KINDS, en="kind of organisation (default other)"),
        "region": _region("GB/T 2260 code where the organisation is registered"),
        "region_path": ListOf(
            item=_code("region code"), nullable=True, en="ancestor codes incl. itself; derived from region when absent"
        ),
        "legal_person": Bool(en="independent legal person (default true)"),
        "chain_position": OneOf(values=("up", "mid", "down"), nullable=True, en="industry-chain position"),
        "role": OneOf(values=("lead", "core", "member"), en="role in the alliance (default member)"),
        "joined": Date(nullable=True, en="first day of membership"),
        "left": Date(nullable=True, en="first day no longer a member"),
        "flags": ListOf(
            item=Text(max_length=100), en="this member's own facts, e.g. signed_by_legal_rep (checked by all_members)"
        ),
    },
)
LEVEL = Obj(
    required=("level",),
    either=("since", "from"),
    en="one recognition of the alliance at a level",
    fields={
        "level": OneOf(values=LEVELS, en="level recognised"),
        "since": Date(en="date of recognition"),
        "from": Date(en="older spelling of since"),
        "jurisdiction": _region("code of the recognising authority (100000 for national)"),
        "doc_no": Text(nullable=True, en="document number"),
        "until": Date(nullable=True, en="end of recognition"),
        "recommended_by": Text(nullable=True, en="who recommended, e.g. city_bureau"),
    },
)
ACHIEVEMENT = Obj(
    required=("kind",),
    en="an achievement",
    fields={
        "id": _code("achievement id"),
        "kind": OneOf(values=("ip", "standard", "result", "industrialisation_project"), en="kind of achievement"),
        "date": Date(nullable=True, en="date achieved"),
        "level": OneOf(
            values=("international", "national", "industry", "local", "group"), nullable=True, en="level of a standard"
        ),
        "matter": Text(nullable=True, en="matter key (never paid twice)"),
        "title": Text(nullable=True, max_length=200, en="what people call it (explanations name it by this)"),
    },
)
REPORT = Obj(
    required=("kind",),
    en="a report filed",
    fields={
        "kind": Text(en="annual_report, self_evaluation, work_plan, major_event_report, re_review …"),
        "year": Year(nullable=True, en="year reported on"),
        "filed": Date(nullable=True, en="date filed"),
    },
)
GRADE = Obj(
    required=("year", "grade"),
    en="a grade given",
    fields={
        "year": Year(en="year graded"),
        "grade": Text(en="the pack's scale id or its Chinese label (优秀/合格/不合格 …)"),
        "kind": OneOf(values=("yearly", "cycle", "re_review"), en="kind of evaluation (default yearly)"),
        "date": Date(nullable=True, en="date graded"),
    },
)
EVENT = Obj(
    required=("kind",),
    extra=True,
    en="a claim or dated happening; other keys are kept as data",
    fields={
        "id": _code("event id"),
        "kind": Text(en="event kind the packs read (exchange_activity, rd_project …)"),
        "date": Date(nullable=True, en="date"),
        "year": Year(nullable=True, en="year"),
        "base": Money(nullable=True, en="amount a rate applies to (万元)"),
        "decided": Money(nullable=True, en="amount a decision picked (万元)"),
        "matter": _OPT_TEXT,
        "payee": _code("payee org id", nullable=True),
        "level": Text(nullable=True, en="level of the project or platform"),
        "flags": ListOf(item=Text(max_length=100), en="e.g. filed, led_by_alliance, platform_recognised"),
    },
)
PAYMENT = Obj(
    required=("amount",),
    en="an earlier payment",
    fields={
        "id": _code("payment id"),
        "article": Text(en="article paid under"),
        "amount": Money(en="amount paid (万元)"),
        "date": Date(nullable=True, en="date paid"),
        "matter": _OPT_TEXT,
        "payee": _code("payee org id", nullable=True),
        "rule": Text(nullable=True, en="<pack>#<rule id> when paid under a pack rule"),
        "source": Text(nullable=True, en="another policy, when not a pack"),
        "year": Year(nullable=True, en="year"),
    },
)
RECTIFICATION = Obj(
    required=("ordered",),
    en="an order to rectify",
    fields={
        "ordered": Date(en="date ordered"),
        "due": Date(nullable=True, en="date due"),
        "result": OneOf(values=("pass", "fail"), nullable=True, en="pass, fail or null (pending)"),
        "year": Year(nullable=True, en="year of the grade that led to it"),
    },
)
OBJECTION = Obj(
    required=("raised",),
    en="an objection to a public notice (公示异议)",
    fields={
        "raised": Date(en="date the objection was received"),
        "notice": Text(nullable=True, en="which notice (id or procedure)"),
        "resolved": Date(nullable=True, en="date the bureau resolved it"),
        "result": OneOf(values=("upheld", "dismissed"), nullable=True, en="upheld, dismissed or null (unresolved)"),
    },
)
ALLIANCE = Obj(
    required=("id",),
    en="the facts of one alliance",
    fields={
        "id": _code("alliance id"),
        "name": Text(en="alliance name"),
        "field": Text(nullable=True, en="industry field"),
        "kind": OneOf(values=("rd", "platform"), en="R&D alliance or platform/service alliance (default rd)"),
        "founded": Date(nullable=True, en="founding date"),
        "operating_since": Date(nullable=True, en="date it started operating, when not its founding date"),
        "region": _region("GB/T 2260 code of the alliance"),
        "lead": _code("org id of the lead unit", nullable=True),
        "members": ListOf(item=MEMBER),
        "levels": ListOf(item=LEVEL),
        "flags": _FLAGS,
        "achievements": ListOf(item=ACHIEVEMENT),
        "reports": ListOf(item=REPORT),
        "grades": ListOf(item=GRADE),
        "events": ListOf(item=EVENT),
        "payments": ListOf(item=PAYMENT),
        "rectifications": ListOf(item=RECTIFICATION),
        "objections": ListOf(item=OBJECTION),
    },
)


def problems(doc: Any, path: str = "", spec: Spec = ALLIANCE) -> list[Problem]:
    """Every problem of one alliance's facts (or of one part, given its ``spec``), in document order."""
    out: Problems = []
    spec.check(doc, path, out)
    return out


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of a facts file: one alliance, a list of them, or ``{alliances: [...]}``."""
    one = {"$ref": "#/$defs/alliance"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Alliance facts for the policy engine",
        "description": "Generated from policy/facts_schema.py (python -m policy schema facts); see "
        "docs/policy/facts.md. Money is in 万元 written as strings; dates are ISO.",
        "anyOf": [
            one,
            {"type": "array", "items": one},
            {
                "type": "object",
                "properties": {"alliances": {"type": "array", "items": one}},
                "required": ["alliances"],
                "additionalProperties": False,
            },
        ],
        "$defs": {
            "alliance": ALLIANCE.schema(),
            "date": {
                "type": "string",
                "format": "date",
                "pattern": DATE_RE.pattern,
                "description": f"ISO date, a real calendar day {FIRST_DAY}–{LAST_DAY}",
            },
            "money": {
                "type": ["string", "integer"],
                "pattern": MONEY_RE.pattern,
                "minimum": 0,
                "maximum": int(MONEY_MAX) - 1,
                "description": '万元, written as a string of digits ("12.5"), never a float',
            },
        },
    }


def schema_text() -> str:
    """The schema as committed in docs/policy/facts.schema.json (a test keeps the two equal)."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
