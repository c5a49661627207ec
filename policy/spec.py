"""Declarative specs of plain data: each checks a value (every problem with its path, in Chinese and English)
and says itself as JSON Schema, so one definition serves both the door and the published schema
(the facts format is written with these in :mod:`policy.facts_schema`).

Accepted beside JSON's own types: YAML's dates and Python's Decimals (what the register hands over).
"""

from __future__ import annotations

import datetime as dt
import difflib
import operator
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .errors import Problem

FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
MIN_YEAR, MAX_YEAR = FIRST_DAY.year, LAST_DAY.year
MONEY_RE = re.compile(r"^[0-9]{1,12}(\.[0-9]{1,6})?$")  # 万元: up to 10¹² with 6 decimals (0.0001 万元 = 1 元)
MONEY_MAX = Decimal("1e12")
_EXPONENT = operator.attrgetter("exponent")
DATE_RE = re.compile(r"^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$")  # in the schema: the years FIRST_DAY–LAST_DAY
DATE_SHAPE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")  # at the door: the shape, then the range with its message

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
    int_range: tuple[int, int] | None = None  # with a pattern: the numbers it allows
    max_length: int = 1000

    def _check(self, v: Any, path: str, out: Problems) -> None:
        if self.numbers and isinstance(v, int) and not isinstance(v, bool):
            if self.pattern and not re.match(self.pattern, str(v)):
                out.append(Problem(path, f"{v} 不是{self.zh_pattern}", f"{v} is not {self.en_pattern}"))
            return None
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
        s: dict[str, Any] = {"type": "string", "maxLength": self.max_length}
        if self.pattern:
            s["pattern"] = self.pattern
        if not self.numbers:
            return s
        n: dict[str, Any] = {"type": "integer"}
        if self.int_range:  # the pattern, said of numbers
            n.update(minimum=self.int_range[0], maximum=self.int_range[1])
        return {"anyOf": [s, n]}


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
            if not DATE_SHAPE.match(v):
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

    def passes_all(self, values: Collection[Any]) -> bool:
        """True when every value is a :class:`Decimal` that :meth:`check` passes (finite, not negative, below
        10¹² 万元, at most 6 decimals), found in C-level passes: the columns' check of thousands of distinct
        amounts (False says only: check them one by one)."""
        if not values or set(map(type, values)) != {Decimal}:
            return False
        return (all(map(Decimal.is_finite, values)) and min(values) >= 0 and max(values) < MONEY_MAX
                and min(map(_EXPONENT, map(Decimal.as_tuple, values))) >= -6)

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
    either: tuple[str, ...] = ()  # one of these is required (levels: `since`, or `from`, its older spelling)
    extra: bool = False  # other keys are kept as data (events)
    zh_type: str = "映射（键值对）"
    en_type: str = "a mapping (key: value)"

    def _check(self, v: Any, path: str, out: Problems) -> None:
        if not isinstance(v, Mapping):
            return self.wrong_type(v, path, out)
        pre = f"{path}." if path else ""
        for k in self.required:
            if k not in v:
                out.append(Problem(pre + k, "缺少必填项", "required, missing"))
        if self.either and not any(k in v for k in self.either):
            out.append(Problem(pre + self.either[0], "缺少必填项", "required, missing"))
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
                        + (f"（是否想写 {near[0]!r}？）" if near else f"；可用的键：{'、'.join(self.fields)}"),
                        f"unknown key {k!r}"
                        + (f" (did you mean {near[0]!r}?)" if near else f"; known keys: {', '.join(self.fields)}"),
                    )
                )
        return None

    def _schema(self) -> dict[str, Any]:
        s: dict[str, Any] = {
            "type": "object",
            "properties": {k: f.schema() for k, f in self.fields.items()},
            "additionalProperties": self.extra,
        }
        if self.either:
            s["anyOf"] = [{"required": [k]} for k in self.either]
        return {**s, "required": list(self.required)} if self.required else s
