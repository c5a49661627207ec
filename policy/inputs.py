"""Door checks for the engine's other arguments: pack names, dates and what-if overrides.

Each raises a typed :class:`policy.errors.InputError` naming the argument, in Chinese and English, before
anything is parsed into a Decimal (an override such as ``1e30000000`` is refused by its spelling).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .errors import DateError, OverrideError, Problem, UnknownPackError
from .facts_schema import MAX_YEAR, MIN_YEAR, Date
from .loader import Pack, all_packs, get_pack, pack_errors

NUMBER_RE = re.compile(r"^[+-]?[0-9]{1,15}(\.[0-9]{1,12})?$")
RATIO_RE = re.compile(r"^[0-9]{1,15}/[0-9]{1,15}$")
LIMITS = {
    "wan_yuan": Decimal("1e12"),
    "fraction": Decimal(1000),
    "count": Decimal(10**6),
    "months": Decimal(12000),
    "days": Decimal(366000),
    "years": Decimal(1000),
}


def known_packs() -> list[str]:
    return sorted(all_packs())


def pack_arg(ref: Any, path: str = "pack") -> Pack:
    """The pack named by id, key, folder or region code; :class:`UnknownPackError` lists the known ones."""
    if isinstance(ref, Pack):
        return ref
    if isinstance(ref, str):
        try:
            return get_pack(ref)
        except KeyError:
            pass
    keys = sorted({p.key for p in all_packs().values()})
    near = difflib.get_close_matches(ref, keys + known_packs(), 1) if isinstance(ref, str) else []
    refused = f"{ref}" in pack_errors()
    why_zh = "该政策包未能通过校验（python -m policy packs 显示原因）" if refused else "没有这个政策包"
    why_en = "that pack was refused by the loader (python -m policy packs says why)" if refused else "no such pack"
    hint_zh, hint_en = (f"（是否想写 {near[0]!r}？）", f" (did you mean {near[0]!r}?)") if near else ("", "")
    raise UnknownPackError(
        [
            Problem(
                path,
                f"{why_zh}：{ref!r:.60}{hint_zh}；已知的政策包：{'、'.join(known_packs())}（也可用简称 {'、'.join(keys)} "
                "或行政区划代码）",
                f"{why_en}: {ref!r:.60}{hint_en}; known packs: {', '.join(known_packs())} (or their keys "
                f"{', '.join(keys)}, or a region code)",
            )
        ]
    )


def date_arg(value: Any, path: str = "on") -> dt.date:
    """A date given as a ``datetime.date`` or an ISO string; :class:`DateError` otherwise."""
    out: list[Problem] = []
    if value is None or value == "":
        out.append(
            Problem(
                path,
                "需要一个日期（YYYY-MM-DD）：引擎不读时钟",
                "a date is required (YYYY-MM-DD): nothing reads the clock",
            )
        )
    else:
        Date().check(value, path, out)
    if out:
        raise DateError(out)
    return (
        value
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        else (value.date() if isinstance(value, dt.datetime) else dt.date.fromisoformat(value))
    )


def year_arg(value: Any, path: str = "year") -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_YEAR <= value <= MAX_YEAR:
        raise DateError(
            [
                Problem(
                    path,
                    f"应为 {MIN_YEAR}–{MAX_YEAR} 之间的年份（整数），实际是 {value!r:.40}",
                    f"expected a year {MIN_YEAR}–{MAX_YEAR} (an integer), got {value!r:.40}",
                )
            ]
        )
    return value


def _value(unit: str, raw: Any, kind: str) -> tuple[Any, str, str]:
    """(value, zh problem, en problem) — the value in the parameter's unit, or why it is refused."""
    if raw is None:
        if kind == "bureau_set":
            return None, "", ""
        return (
            None,
            "只有由主管部门设定的参数可以不设值（null）",
            "only a bureau-set parameter may be left unset (null)",
        )
    if isinstance(raw, float):
        return (
            None,
            f'请把 {raw!r} 写成字符串 "{raw!r}"：二进制浮点数不精确',
            f'write {raw!r} as a string "{raw!r}": a binary float is not exact',
        )
    if isinstance(raw, str):
        s = raw.strip()
        if RATIO_RE.match(s) and unit == "fraction" and int(s.split("/")[1]) != 0:
            num: Any = Fraction(s)
        elif NUMBER_RE.match(s):
            num = Decimal(s)
        else:
            return (
                None,
                (
                    f"不是数字：{raw!r:.40}（写作 40、12.5"
                    + ("、1/3" if unit == "fraction" else "")
                    + "；不接受科学计数法）"
                ),
                (
                    f"not a number: {raw!r:.40} (write 40, 12.5"
                    + (", 1/3" if unit == "fraction" else "")
                    + "; no exponents)"
                ),
            )
    elif isinstance(raw, bool) or not isinstance(raw, (int, Decimal, Fraction)):
        return None, f"不是数字：{raw!r:.40}", f"not a number: {raw!r:.40}"
    elif isinstance(raw, Decimal) and (not raw.is_finite() or not -12 <= raw.adjusted() <= 15):
        return None, f"不是合理的数字：{raw!r:.40}", f"not a sensible number: {raw!r:.40}"
    else:
        num = raw
    limit = LIMITS.get(unit, Decimal(10**6))
    if num < 0 or num >= limit:
        return None, f"超出范围：{num}（应在 0 与 {limit} 之间）", f"out of range: {num} (expected 0 up to {limit})"
    if unit == "wan_yuan":
        if isinstance(num, Fraction):
            return None, "金额应写成小数，如 12.5", "an amount is written as a decimal, e.g. 12.5"
        return Decimal(num), "", ""
    if unit == "fraction":
        return Fraction(num), "", ""
    if num != int(num):
        return None, f"应为整数（单位 {unit}），实际是 {num}", f"expected a whole number ({unit}), got {num}"
    return int(num), "", ""


def overrides_arg(overrides: Any, path: str = "overrides") -> dict[str, Any]:
    """What-if overrides, each ``<pack key>.<parameter>`` of a known pack with a value its unit can hold.

    Strings are read in the parameter's unit (Decimal 万元, Fraction rates, integer counts)."""
    if overrides is None:
        return {}
    if not isinstance(overrides, Mapping):
        raise OverrideError([Problem(path, "应为 参数名 → 值 的映射", "expected a mapping of parameter name → value")])
    params = {
        f"{p.key}.{n}": param
        for p in sorted(all_packs().values(), key=lambda p: p.in_force or dt.date.min)
        for n, param in p.parameters.items()
    }  # names are per pack key; the newest text's unit wins
    names = sorted(params)
    problems, out = [], {}
    for name, raw in overrides.items():
        where = f"{path}[{name!r:.60}]" if path != "--set" else f"--set {name:.60}"
        param = params.get(name) if isinstance(name, str) else None
        if param is None:
            near = difflib.get_close_matches(str(name), names, 1)
            hint_zh, hint_en = (f"（是否想写 {near[0]}？）", f" (did you mean {near[0]}?)") if near else ("", "")
            problems.append(
                Problem(
                    where,
                    f"没有这个参数：{name!r:.60}{hint_zh}；参数名写作 <政策包简称>.<参数>，"
                    f"如 {names[0] if names else ''}",
                    f"no such parameter: {name!r:.60}{hint_en}; write <pack key>.<parameter>, e.g. "
                    f"{names[0] if names else ''}",
                )
            )
            continue
        value, zh, en = _value(param.unit, raw, param.kind)
        if zh or en:
            problems.append(Problem(where, zh, en))
        else:
            out[name] = value
    if problems:
        raise OverrideError(problems)
    return out
