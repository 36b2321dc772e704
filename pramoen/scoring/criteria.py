"""The five-level criteria maths (ARCHITECTURE.md, "The scoring model"). Pure: Decimal in, Decimal out.

Higher is better, thresholds T1 < T2 < … < T5:
    x ≥ T5 → 5;  x < T1 → floor;  T_k ≤ x < T_{k+1} → k + (x − T_k) / (T_{k+1} − T_k).
Lower is better, thresholds T1 > T2 > … > T5: the mirror image (x ≤ T5 → 5, x > T1 → floor).
Scores are rounded to 4 places, half up.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal

PLACES = Decimal("0.0001")
MAX_SCORE = Decimal(5)


def _check(thresholds: Sequence[Decimal], higher_is_better: bool) -> None:
    if len(thresholds) != 5:
        raise ValueError(f"five thresholds T1..T5 are needed, got {len(thresholds)}")
    pairs = list(itertools.pairwise(thresholds))
    for k, (a, b) in enumerate(pairs, start=1):
        if (higher_is_better and not a < b) or (not higher_is_better and not a > b):
            order = "increase" if higher_is_better else "decrease"
            raise ValueError(
                f"thresholds must strictly {order} (higher_is_better={higher_is_better}): "
                f"T{k}={a} and T{k + 1}={b}"
            )


def criteria_score(
    actual: Decimal,
    thresholds: Sequence[Decimal],
    *,
    higher_is_better: bool = True,
    floor: Decimal = Decimal(0),
) -> Decimal:
    """The score (floor…5) of ``actual`` against five-level thresholds, by linear interpolation."""
    if not isinstance(actual, Decimal) or not all(isinstance(t, Decimal) for t in thresholds):
        raise TypeError("actual and thresholds must be Decimal")
    if not actual.is_finite():
        raise ValueError(f"actual must be a finite number, got {actual}")
    _check(thresholds, higher_is_better)
    return _score_checked(actual, thresholds, higher_is_better, floor)


def _score_checked(
    actual: Decimal, thresholds: Sequence[Decimal], higher_is_better: bool, floor: Decimal
) -> Decimal:
    if not higher_is_better:
        # Mirror: negate everything and the ascending rule applies unchanged.
        return _score_checked(-actual, [-t for t in thresholds], True, floor)
    if actual >= thresholds[4]:
        return MAX_SCORE.quantize(PLACES)
    if actual < thresholds[0]:
        return Decimal(floor).quantize(PLACES, rounding=ROUND_HALF_UP)
    for k in range(4):
        low, high = thresholds[k], thresholds[k + 1]
        if low <= actual < high:
            score = Decimal(k + 1) + (actual - low) / (high - low)
            return score.quantize(PLACES, rounding=ROUND_HALF_UP)
    raise AssertionError("unreachable: thresholds are monotone")  # pragma: no cover


def level_reached(actual: Decimal, thresholds: Sequence[Decimal], *, higher_is_better: bool = True) -> int:
    """The highest level k (0–5) whose threshold the actual value meets."""
    _check(thresholds, higher_is_better)
    return _level_checked(actual, thresholds, higher_is_better)


def _level_checked(actual: Decimal, thresholds: Sequence[Decimal], higher_is_better: bool) -> int:
    met = [(actual >= t) if higher_is_better else (actual <= t) for t in thresholds]
    return max((k for k, ok in enumerate(met, start=1) if ok), default=0)


def scorer(
    thresholds: Sequence[Decimal], *, higher_is_better: bool = True, floor: Decimal = Decimal(0)
) -> Callable[[Decimal], tuple[Decimal, int]]:
    """``criteria_score`` and ``level_reached`` for one indicator, its thresholds checked once (the
    engine scores thousands of actual values against the same criteria).  The same arithmetic as
    ``criteria_score``: lower-is-better mirrors by negation, the band found once gives score and level."""
    _check(thresholds, higher_is_better)
    ascending = tuple(thresholds) if higher_is_better else tuple(-t for t in thresholds)
    bands = [(Decimal(k + 1), ascending[k], ascending[k + 1], k + 1) for k in range(4)]
    bottom, top = ascending[0], ascending[4]
    at_floor = Decimal(floor).quantize(PLACES, rounding=ROUND_HALF_UP)
    at_top = MAX_SCORE.quantize(PLACES)

    def score(actual: Decimal) -> tuple[Decimal, int]:
        if not actual.is_finite():
            raise ValueError(f"actual must be a finite number, got {actual}")
        x = actual if higher_is_better else -actual
        if x >= top:
            return at_top, 5
        if x < bottom:
            return at_floor, 0
        for base, low, high, level in bands:
            if x < high:
                return (base + (x - low) / (high - low)).quantize(PLACES, rounding=ROUND_HALF_UP), level
        raise AssertionError("unreachable: thresholds are monotone")  # pragma: no cover

    return score


def weighted_mean(pairs: Sequence[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Σ wᵢ·sᵢ / Σ wᵢ over (weight, score) pairs, 4 places; None when there is no weight at all."""
    total = sum((w for w, _ in pairs), Decimal(0))
    if total <= 0:
        return None
    value = sum((w * s for w, s in pairs), Decimal(0)) / total
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


def percent_of_max(score: Decimal) -> Decimal:
    """A 0–5 score as a percentage of 5, 2 places."""
    return (score * 100 / MAX_SCORE).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
