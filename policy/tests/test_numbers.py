"""Typed numbers (what-if overrides, ``--set``) are bounded before they are parsed: no exponent, no sign,
short, and within a bound per unit, so no text can pin a worker or overflow the vectorised columns."""

import time
from decimal import Decimal as D
from fractions import Fraction as F
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy.cli import main
from policy.numbers import LIMITS, parse_typed

EX = Path(__file__).resolve().parents[2] / "docs" / "policy" / "examples"
HOSTILE = [
    "1e30000000",
    "1e999999",
    "9" * 30,
    "-1",
    "NaN",
    "Infinity",
    "sNaN",
    "1/0",
    "0x10",
    "１２",
    "1_000",
    " ",
    "",
    "4\x000",
    "1e2",
    "+5",
    ".5",
    "5.",
    "1/2/3",
    "x" * 60_000,
]


@pytest.mark.parametrize("unit", ["wan_yuan", "fraction", "count", "months", "years", "days"])
@pytest.mark.parametrize("raw", HOSTILE)
def test_hostile_text_is_a_value_error_at_once(unit, raw):
    started = time.monotonic()
    with pytest.raises(ValueError):
        parse_typed(unit, raw)
    assert time.monotonic() - started < 0.05


def test_plain_numbers_parse_exactly():
    assert parse_typed("wan_yuan", " 12.5 ") == D("12.5")
    assert parse_typed("fraction", "3/10") == F(3, 10) and parse_typed("fraction", "0.3") == F(3, 10)
    assert parse_typed("count", "20") == 20
    assert parse_typed("wan_yuan", str(LIMITS["wan_yuan"])) == LIMITS["wan_yuan"]
    with pytest.raises(ValueError):
        parse_typed("wan_yuan", str(LIMITS["wan_yuan"] + 1))


@given(st.decimals(min_value=0, max_value=10**8, places=4, allow_nan=False, allow_infinity=False))
def test_every_amount_within_the_bound_round_trips(amount):
    text = format(amount, "f")
    assert parse_typed("wan_yuan", text) == amount


@pytest.mark.parametrize("value", ["1e30000000", "9" * 30, "abc"])
def test_set_on_the_command_line_is_a_usage_error_not_a_traceback(value, capsys):
    started = time.monotonic()
    code = main(
            [
                "simulate",
                str(EX / "jiangning.yaml"),
                "--pack",
                "jiangning",
                "--on",
                "2020-12-01",
                "--set",
                f"jiangning.recognition_award.provincial={value}",
            ]
        )
    assert code == 2 and time.monotonic() - started < 2  # the problems, exit status 2 (docs/policy/facts.md)
    assert "recognition_award.provincial" in capsys.readouterr().err
