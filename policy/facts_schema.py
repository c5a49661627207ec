"""The facts format, defined once: the validator at the engine's door and the published JSON Schema
(docs/policy/facts.schema.json, ``python -m policy schema facts``) are both read from :data:`ALLIANCE`.

A small declarative spec rather than a JSON Schema library, so that every problem comes back with its exact
path (``members[3].joined``) and a Chinese and an English message, and so that YAML's own dates and Python's
Decimals (what the register hands over) are accepted where JSON has strings. Only the door validates: the
batch path (policy/batch.py, policy/vector/) is fed facts that already passed here.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .errors import Problem
from .types import LEVELS, MEMBER_KINDS

FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
MIN_YEAR, MAX_YEAR = FIRST_DAY.year, LAST_DAY.year
MONEY_RE = re.compile(r"^[0-9]{1,12}(\.[0-9]{1,6})?$")  # 万元: up to 10¹² with 6 decimals (0.0001 万元 = 1 元)
MONEY_MAX = Decimal("1e12")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
REGION_RE = r"^([0-9]{6})?$"

Problems = list[Problem]


def _show(v: Any) -> str:
    s = repr(v)
    return s if len(s) <= 40 else s[:37] + "…"


def _kind(v: Any) -> tuple[str, str]:
    """What a value is, in Chinese and English, for "expected X, got Y"."""
    for t, zh, en in (
        (type(None), "空值 null", "null"),
        (bool, "布尔值", "a boolean"),
        (int, "整数", "an integer"),
        (float, "浮点数", "a float"),
        (Decimal, "小数", "a decimal"),
        (str, "字符串", "a string"),
        (dt.date, "日期", "a date"),
        (list, "列表", "a list"),
        (tuple, "列表", "a list"),
        (Mapping, "映射（键值对）", "a mapping"),
    ):
        if isinstance(v, t):
            return zh, en
    return type(v).__name__, type(v).__name__


@dataclass(frozen=True, kw_only=True)
class Spec:
    """One value of the format: how to check it (``check``) and how JSON Schema says it (``schema``)."""

    en: str = ""  # description in the published schema
    nullable: bool = False
    zh_type: str = "值"
    en_type: str = "a value"

    def check(self, v: Any, path: str, out: Problems) -> None:
        if v is None:
            if not self.nullable:
                out.append(Problem(path, f"不能为空，应为{self.zh_type}", f"must not be null: expected {self.en_type}"))
            return
        self._check(v, path, out)

    def _check(self, v: Any, path: str, out: Problems) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def wrong_type(self, v: Any, path: str, out: Problems, zh_hint: str = "", en_hint: str = "") -> None:
        zh, en = _kind(v)
        out.append(
            Problem(
                path,
                f"应为{self.zh_type}，实际是{zh} {_show(v)}{zh_hint}",
                f"expected {self.en_type}, got {en} {_show(v)}{en_hint}",
            )
        )

    def schema(self) -> dict[str, Any]:
        s = self._schema()
        if self.nullable:
            s = {"anyOf": [s, {"type": "null"}]}
        return {**s, "description": self.en} if self.en else s

    def _schema(self) -> dict[str, Any]:  # pragma: no cover - overridden
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class Text(Spec):
    zh_type: str = "字符串"
    en_type: str = "a string"
    pattern: str | None = None
    zh_pattern: str = ""
    en_pattern: str = ""
    numbers: bool = False  # ids and codes: YAML reads `region: 320115` as a number; accepted and read as text
    max_length: int = 1000

    def _check(self, v: Any, path: str, out: Problems) -> None:
        if self.numbers and isinstance(v, int) and not isinstance(v, bool):
            v = str(v)
        if not isinstance(v, str):
            return self.wrong_type(v, path, out)
        if len(v) > self.max_length:
            out.append(
                Problem(
                    path,
                    f"过长：{len(v)} 个字符，最多 {self.max_length} 个",
                    f"too long: {len(v)} characters, at most {self.max_length}",
                )
            )
        elif self.pattern and not re.match(self.pattern, v):
            out.append(Problem(path, f"{_show(v)} 不是{self.zh_pattern}", f"{_show(v)} is not {self.en_pattern}"))
        return None

    def _schema(self) -> dict[str, Any]:
        s: dict[str, Any] = {"type": ["string", "integer"] if self.numbers else "string", "maxLength": self.max_length}
        return {**s, "pattern": self.pattern} if self.pattern else s


@dataclass(frozen=True, kw_only=True)
class OneOf(Spec):
    values: tuple[str, ...] = ()

    def _check(self, v: Any, path: str, out: Problems) -> None:
        if isinstance(v, str) and v in self.values:
            return
        near = difflib.get_close_matches(v, self.values, 1) if isinstance(v, str) else []
        zh_hint = f"（是否想写 {near[0]!r}？）" if near else ""
        en_hint = f" (did you mean {near[0]!r}?)" if near else ""
        out.append(
            Problem(
                path,
                f"{_show(v)} 不是可选值之一：{'、'.join(self.values)}{zh_hint}",
                f"{_show(v)} is not one of: {', '.join(self.values)}{en_hint}",
            )
        )

    def _schema(self) -> dict[str, Any]:
        return {"enum": list(self.values)}


@dataclass(frozen=True, kw_only=True)
class Bool(Spec):
    zh_type: str = "布尔值（true 或 false）"
    en_type: str = "a boolean (true or false)"

    def _check(self, v: Any, path: str, out: Problems) -> None:
        if not isinstance(v, bool):
            self.wrong_type(v, path, out)

    def _schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True, kw_only=True)
class Year(Spec):
    zh_type: str = "年份（整数）"
    en_type: str = "a year (an integer)"

    def _check(self, v: Any, path: str, out: Problems) -> None:
        if isinstance(v, bool) or not isinstance(v, int):
            digits = v.strip() if isinstance(v, str) and v.strip().isdigit() else ""
            return self.wrong_type(
                v,
                path,
                out,
                f"（请写作不带引号的 {digits}）" if digits else "",
                f" (write {digits} without quotes)" if digits else "",
            )
        if not MIN_YEAR <= v <= MAX_YEAR:
            out.append(
                Problem(
                    path, f"年份 {v} 超出范围 {MIN_YEAR}–{MAX_YEAR}", f"year {v} is out of range {MIN_YEAR}–{MAX_YEAR}"
                )
            )
        return None

    def _schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}


@dataclass(frozen=True, kw_only=True)
class Date(Spec):
    zh_type: str = "日期（YYYY-MM-DD）"
    en_type: str = "a date (YYYY-MM-DD)"

    def _check(self, v: Any, path: str, out: Problems) -> None:
        if isinstance(v, str):
            if not DATE_RE.match(v):
                out.append(
                    Problem(
                        path,
                        f"不是日期：{_show(v)}（应写作 YYYY-MM-DD，如 2019-06-01）",
                        f"not a date: {_show(v)} (write YYYY-MM-DD, e.g. 2019-06-01)",
                    )
                )
                return
            try:
                v = dt.date.fromisoformat(v)
            except ValueError:
                out.append(
                    Problem(
                        path,
                        f"不是日期：{_show(v)} 在日历上不存在（月份 01–12，日须在该月之内）",
                        f"not a date: {_show(v)} does not exist (month 01–12, day within the month)",
                    )
                )
                return
        if not isinstance(v, dt.date):
            return self.wrong_type(v, path, out)
        if not FIRST_DAY <= v <= LAST_DAY:
            out.append(
                Problem(
                    path,
                    f"日期 {v.isoformat()} 超出范围 {FIRST_DAY}–{LAST_DAY}",
                    f"date {v.isoformat()} is out of range {FIRST_DAY}–{LAST_DAY}",
                )
            )

    def _schema(self) -> dict[str, Any]:
        return {"$ref": "#/$defs/date"}


@dataclass(frozen=True, kw_only=True)
class Money(Spec):
    zh_type: str = '金额（万元，写成字符串，如 "12.5"）'
    en_type: str = 'an amount (万元, written as a string such as "12.5")'

    def _check(self, v: Any, path: str, out: Problems) -> None:
        if isinstance(v, float):
            out.append(
                Problem(
                    path,
                    f'金额须写成字符串（"{v!r}" 而不是 {v!r}）：二进制浮点数不能精确表示金额',
                    f'money is written as a string ("{v!r}", not {v!r}): a binary float is not exact',
                )
            )
            return
        if isinstance(v, str):
            if v.startswith("-") and MONEY_RE.match(v[1:]):
                v = Decimal(v)
            elif not MONEY_RE.match(v):
                out.append(
                    Problem(
                        path,
                        f'不是金额：{_show(v)}（数字，可带小数点，最多 12 位整数、6 位小数，如 "12.5"）',
                        f"not an amount: {_show(v)} (digits with an optional decimal point, at most "
                        f'12 before and 6 after it, e.g. "12.5")',
                    )
                )
                return
            else:
                return
        if isinstance(v, bool) or not isinstance(v, (int, Decimal)):
            return self.wrong_type(v, path, out)
        if isinstance(v, Decimal) and not v.is_finite():
            out.append(Problem(path, f"不是金额：{v}", f"not an amount: {v}"))
        elif v < 0:
            out.append(Problem(path, f"金额不能为负：{v}", f"an amount cannot be negative: {v}"))
        elif v >= MONEY_MAX or (isinstance(v, Decimal) and v.as_tuple().exponent < -6):  # type: ignore[operator]
            out.append(
                Problem(
                    path,
                    f"金额超出范围：{_show(v)}（小于 10¹² 万元，最多 6 位小数）",
                    f"amount out of range: {_show(v)} (below 10¹² 万元, at most 6 decimals)",
                )
            )

    def _schema(self) -> dict[str, Any]:
        return {"$ref": "#/$defs/money"}


@dataclass(frozen=True, kw_only=True)
class ListOf(Spec):
    item: Spec
    zh_type: str = "列表"
    en_type: str = "a list"

    def _check(self, v: Any, path: str, out: Problems) -> None:
        if not isinstance(v, (list, tuple)):
            return self.wrong_type(v, path, out)
        for i, x in enumerate(v):
            self.item.check(x, f"{path}[{i}]", out)
        return None

    def _schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.item.schema()}


@dataclass(frozen=True, kw_only=True)
class Obj(Spec):
    fields: dict[str, Spec]
    required: tuple[str, ...] = ()
    extra: bool = False  # other keys are kept as data (events)
    zh_type: str = "映射（键值对）"
    en_type: str = "a mapping (key: value)"

    def _check(self, v: Any, path: str, out: Problems) -> None:
        if not isinstance(v, Mapping):
            return self.wrong_type(v, path, out)
        pre = f"{path}." if path else ""
        for k in self.required:
            if k not in v and not (k == "since" and "from" in v):  # levels: `from` is the older spelling
                out.append(Problem(pre + k, "缺少必填项", "required, missing"))
        for k, x in v.items():
            if not isinstance(k, str):
                out.append(
                    Problem(
                        f"{pre}{k}",
                        f"键须为字符串，实际是{_kind(k)[0]} {_show(k)}",
                        f"a key must be a string, got {_kind(k)[1]} {_show(k)}",
                    )
                )
            elif k in self.fields:
                self.fields[k].check(x, pre + k, out)
            elif not self.extra:
                near = difflib.get_close_matches(k, self.fields, 1)
                out.append(
                    Problem(
                        pre + k,
                        f"未知的键 {k!r}"
                        + (f"（是否想写 {near[0]!r}？）" if near else "")
                        + f"；可用的键：{'、'.join(self.fields)}",
                        f"unknown key {k!r}"
                        + (f" (did you mean {near[0]!r}?)" if near else "")
                        + f"; known keys: {', '.join(self.fields)}",
                    )
                )
        return None

    def _schema(self) -> dict[str, Any]:
        s: dict[str, Any] = {
            "type": "object",
            "properties": {k: f.schema() for k, f in self.fields.items()},
            "additionalProperties": self.extra,
        }
        return {**s, "required": list(self.required)} if self.required else s


# ------------------------------------------------------------------------------------------ the format
def _code(en: str, nullable: bool = False) -> Text:
    return Text(en=en, nullable=nullable, numbers=True, max_length=200)


def _region(en: str) -> Text:
    return Text(
        en=en,
        numbers=True,
        pattern=REGION_RE,
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
    },
)
LEVEL = Obj(
    required=("level", "since"),
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
ALLIANCE = Obj(
    required=("id",),
    en="the facts of one alliance",
    fields={
        "id": _code("alliance id"),
        "name": Text(en="alliance name"),
        "field": Text(nullable=True, en="industry field"),
        "kind": OneOf(values=("rd", "platform"), en="R&D alliance or platform/service alliance (default rd)"),
        "founded": Date(nullable=True, en="founding date"),
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
