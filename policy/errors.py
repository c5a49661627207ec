"""Typed errors for bad input at the engine's door (facts, pack names, dates, what-if overrides).

Each error carries *every* problem found, each with its path (``members[3].joined``) and a Chinese and an
English message, so a person or another system can fix them all at once (docs/policy/facts.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .params import ParameterError


@dataclass(frozen=True)
class Problem:
    path: str  # "members[3].joined"; "" is the document itself; "--on" for a command-line option
    zh: str
    en: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "zh": self.zh, "en": self.en}

    def __str__(self) -> str:
        return f"{self.path or '(document)'}: {self.en} / {self.zh}"


class InputError(ValueError):
    """Bad input to the engine: the common base of the typed errors below."""

    code = "bad_input"
    zh_title = "输入有误"
    en_title = "bad input"

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"{self.en_title}: {n} problem{'s' if n != 1 else ''} / {self.zh_title}：{n} 处问题"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": self.code,
            "zh": self.zh_title,
            "en": self.en_title,
            "problems": [p.to_dict() for p in self.problems],
        }


class FactsError(InputError):
    """The facts document does not follow docs/policy/facts.schema.json."""

    code = "bad_facts"
    zh_title = "事实数据有误"
    en_title = "bad facts"


class UnknownPackError(InputError, KeyError):
    """No pack by that name (a KeyError too, as the loader's lookup always was)."""

    code = "unknown_pack"
    zh_title = "没有这个政策包"
    en_title = "unknown pack"


class DateError(InputError):
    code = "bad_date"
    zh_title = "日期有误"
    en_title = "bad date"


class OverrideError(InputError, ParameterError):
    """A what-if override names no parameter or gives a value the parameter cannot take (a ParameterError too)."""

    code = "bad_override"
    zh_title = "参数设定有误"
    en_title = "bad override"
