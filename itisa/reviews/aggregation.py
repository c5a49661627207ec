"""Aggregating the experts' scores and answers: pure functions of Decimals and booleans.

Rules (stated in docs/reviews.md):

* mean: the arithmetic mean of the sheets' scores;
* trimmed mean: with ``trim_from`` (default 5) or more sheets, the single highest and the single
  lowest score are dropped and the rest averaged; with fewer sheets it equals the mean;
* dispersion: flagged when the range (max − min) or the population standard deviation exceeds its
  threshold (strictly greater);
* questions: for each question the majority answer; an equal number of yes and no is a tie, flagged
  and never read as yes.

Results are quantised to 0.01, rounding half up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ScoreSummary:
    count: int
    mean: Decimal | None
    trimmed_mean: Decimal | None
    trimmed: bool
    minimum: Decimal | None
    maximum: Decimal | None
    range: Decimal | None
    stdev: Decimal | None
    dispersed: bool
    dispersion_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionSummary:
    condition_id: str
    yes: int
    no: int
    majority: bool | None  # None: a tie (or nobody answered)
    tie: bool
    comments: tuple[str, ...] = field(default=())


def summarise_scores(scores: Sequence[Decimal], *, trim_from: int = 5, max_range: Decimal | None = None,
                     max_stdev: Decimal | None = None) -> ScoreSummary:
    values = sorted(Decimal(s) for s in scores)
    n = len(values)
    if n == 0:
        return ScoreSummary(0, None, None, False, None, None, None, None, False)
    mean = sum(values, Decimal(0)) / n
    trimmed = n >= trim_from
    kept = values[1:-1] if trimmed else values
    trimmed_mean = sum(kept, Decimal(0)) / len(kept)
    spread = values[-1] - values[0]
    variance = sum(((v - mean) ** 2 for v in values), Decimal(0)) / n
    stdev = variance.sqrt()
    reasons = []
    if max_range is not None and spread > max_range:
        reasons.append("range")
    if max_stdev is not None and stdev > max_stdev:
        reasons.append("stdev")
    return ScoreSummary(n, q(mean), q(trimmed_mean), trimmed, values[0], values[-1], q(spread), q(stdev),
                        bool(reasons), tuple(reasons))


def summarise_answers(answers: Iterable[Mapping[str, bool]], question_ids: Sequence[str],
                      comments: Iterable[Mapping[str, str]] = ()) -> list[QuestionSummary]:
    """``answers``: one mapping per sheet, condition id → yes/no."""
    answers = list(answers)
    notes: dict[str, list[str]] = {qid: [] for qid in question_ids}
    for sheet_comments in comments:
        for qid, text in sheet_comments.items():
            if text and qid in notes:
                notes[qid].append(text)
    out = []
    for qid in question_ids:
        given = [a[qid] for a in answers if qid in a]
        yes = sum(1 for a in given if a)
        no = len(given) - yes
        tie = bool(given) and yes == no
        majority = None if (tie or not given) else yes > no
        out.append(QuestionSummary(qid, yes, no, majority, tie, tuple(notes[qid])))
    return out


def majority(values: Sequence[bool]) -> bool | None:
    """True/False by simple majority; None on a tie or when empty."""
    yes = sum(1 for v in values if v)
    no = len(values) - yes
    return None if yes == no else yes > no
