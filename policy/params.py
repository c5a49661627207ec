"""Parameter values on a date, each with its citation; what-if overrides.

No citation, no value: a value exists only as a :class:`ParameterValue` carrying the article.
Overrides are keyed by full parameter name ("jiangning.recognition_award.district").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .loader import Pack, PackError, parse_value
from .numbers import check_bound, parse_typed
from .types import Parameter, ParameterValue


class ParameterError(LookupError):
    pass


class ParameterNotInForce(ParameterError):
    """Asked before the parameter's first value: not in force then — never its first value."""

    def __init__(self, name: str, on: dt.date, first: dt.date):
        super().__init__(f"{name}: not in force on {on} (its first value applies from {first})")
        self.name, self.on, self.first = name, on, first


def value_at(param: Parameter, on: dt.date) -> ParameterValue | None:
    """The value in effect on ``on`` (the latest start ≤ on), or None before the first."""
    current = None
    for v in param.values:
        if v.start is None or v.start <= on:
            current = v
        else:
            break
    return current


class ParamSet:
    """A pack's parameters with optional overrides, read on a date."""

    def __init__(self, pack: Pack, overrides: Mapping[str, Any] | None = None):
        self.pack = pack
        self.overrides: dict[str, Any] = {}
        for name, raw in (overrides or {}).items():
            prefix = pack.key + "."
            if not name.startswith(prefix):
                continue  # an override for another pack
            local = name[len(prefix):]
            if local not in pack.parameters:
                raise ParameterError(f"{name}: no such parameter in {pack.id}")
            unit = pack.parameters[local].unit
            try:  # typed text (``--set``) is bounded before it is parsed; values from code are bounded after
                if isinstance(raw, str | float):
                    self.overrides[local] = parse_typed(unit, str(raw))
                else:
                    self.overrides[local] = check_bound(unit, parse_value(unit, raw, name))
            except (PackError, ValueError, ArithmeticError) as e:
                raise ParameterError(f"{name}: {e}") from None

    def get(self, local: str, on: dt.date) -> ParameterValue:
        param = self.pack.parameters.get(local)
        if param is None:
            raise ParameterError(f"{self.pack.key}.{local}: no such parameter")
        # Before the first start the public ``parameter`` answers "not in force"; inside the engine (which refuses
        # such dates by the text's status first) the first value keeps the arithmetic total.
        v = value_at(param, on) or param.values[0]
        if local in self.overrides:
            return ParameterValue(start=v.start, value=self.overrides[local], citation=v.citation, overridden=True)
        return v

    def value(self, local: str, on: dt.date) -> Any:
        return self.get(local, on).value

    def param(self, local: str) -> Parameter:
        return self.pack.parameters[local]


def parameter(pack: Pack | str, name: str, on: dt.date | str,
              overrides: Mapping[str, Any] | None = None) -> ParameterValue:
    """Value of a parameter (local or full name) on a date (or ISO string), with its citation."""
    from .dates import parse_date
    from .loader import get_pack

    pack = get_pack(pack)
    day = parse_date(on)
    if day is None:
        raise ValueError("a date is required (nothing reads the clock)")
    local = name[len(pack.key) + 1:] if name.startswith(pack.key + ".") else name
    ps = ParamSet(pack, overrides)
    param = pack.parameters.get(local)
    if param is not None and param.values and value_at(param, day) is None:
        raise ParameterNotInForce(param.name, day, param.values[0].start)
    return ps.get(local, day)
