"""Aggregation by hand: mean, trimmed mean, dispersion, majorities and ties (pure functions)."""

from __future__ import annotations

from decimal import Decimal as D

from itisa.reviews.aggregation import majority, summarise_answers, summarise_scores


def test_it_drops_the_highest_and_lowest_from_five_sheets_on():
    s = summarise_scores([D(60), D(70), D(80), D(90), D(100)], trim_from=5)
    assert (s.count, s.mean, s.trimmed_mean, s.trimmed) == (5, D("80.00"), D("80.00"), True)
    skewed = summarise_scores([D(10), D(70), D(80), D(90), D(100)], trim_from=5)
    assert skewed.mean == D("70.00") and skewed.trimmed_mean == D("80.00")


def test_it_does_not_trim_below_five_sheets():
    s = summarise_scores([D(10), D(70), D(80), D(90)], trim_from=5)
    assert s.trimmed is False and s.trimmed_mean == s.mean == D("62.50")


def test_it_flags_dispersion_by_range():
    s = summarise_scores([D(50), D(90)], max_range=D(30), max_stdev=D(100))
    assert s.mean == D("70.00") and s.range == D("40.00") and s.stdev == D("20.00")
    assert s.dispersed and s.dispersion_reasons == ("range",)


def test_it_flags_dispersion_by_standard_deviation():
    s = summarise_scores([D(50), D(90)], max_range=D(100), max_stdev=D(15))
    assert s.dispersed and s.dispersion_reasons == ("stdev",)


def test_a_spread_at_the_threshold_is_not_dispersed():
    s = summarise_scores([D(60), D(90)], max_range=D(30), max_stdev=D(15))
    assert not s.dispersed


def test_no_sheets_no_scores():
    s = summarise_scores([])
    assert (s.count, s.mean, s.trimmed_mean, s.dispersed) == (0, None, None, False)


def test_each_question_is_decided_by_majority_and_ties_are_flagged():
    sheets = [{"a": True, "b": True}, {"a": True, "b": False}, {"a": False}]
    a, b = summarise_answers(sheets, ["a", "b"], [{"b": "协议缺任务分工"}])
    assert (a.yes, a.no, a.majority, a.tie) == (2, 1, True, False)
    assert (b.yes, b.no, b.majority, b.tie) == (1, 1, None, True)
    assert b.comments == ("协议缺任务分工",)
    assert majority([True, False]) is None and majority([False, False, True]) is False
