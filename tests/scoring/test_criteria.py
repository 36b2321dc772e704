"""criteria_score: parametrised tables and hypothesis properties (monotone, continuous, bounded, mirrored)."""

from decimal import Decimal as D

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pramoen.scoring.criteria import criteria_score, level_reached, percent_of_max, scorer, weighted_mean

UP = [D(60), D(70), D(80), D(90), D(100)]
DOWN = [D(50), D(40), D(30), D(20), D(10)]


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (D(-5), D("0.0000")),
        (D("59.99"), D("0.0000")),
        (D(60), D("1.0000")),
        (D(65), D("1.5000")),
        (D(70), D("2.0000")),
        (D("87.5"), D("3.7500")),
        (D("99.99"), D("4.9990")),
        (D(100), D("5.0000")),
        (D(250), D("5.0000")),
        (D("73.33333"), D("2.3333")),
        (D("73.3335"), D("2.3334")),  # half up at the fifth place
    ],
)
def test_higher_is_better(actual, expected):
    assert criteria_score(actual, UP) == expected


@pytest.mark.parametrize(
    ("actual", "expected"),
    [(D(60), D(0)), (D(50), D(1)), (D(45), D("1.5")), (D(30), D(3)), (D(10), D(5)), (D(0), D(5))],
)
def test_lower_is_better(actual, expected):
    assert criteria_score(actual, DOWN, higher_is_better=False) == expected


def test_floor_applies_below_t1():
    assert criteria_score(D(10), UP, floor=D(1)) == D("1.0000")
    assert criteria_score(D(65), UP, floor=D(1)) == D("1.5000")


def test_the_seed_budget_example_scores():
    # 15.03 % disbursed against criteria 10/15/20/25/30 %
    assert criteria_score(D("15.03"), [D(10), D(15), D(20), D(25), D(30)]) == D("2.0060")


@pytest.mark.parametrize(
    ("thresholds", "higher", "message"),
    [
        ([D(1), D(2), D(2), D(3), D(4)], True, "T2=2 and T3=2"),
        ([D(5), D(4), D(3), D(2), D(1)], True, "strictly increase"),
        ([D(1), D(2), D(3), D(4), D(5)], False, "strictly decrease"),
        ([D(1), D(2), D(3)], True, "five thresholds"),
    ],
)
def test_thresholds_must_be_strictly_monotone(thresholds, higher, message):
    with pytest.raises(ValueError, match=message):
        criteria_score(D(1), thresholds, higher_is_better=higher)


def test_it_wants_decimals():
    with pytest.raises(TypeError):
        criteria_score(1.5, UP)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="finite"):
        criteria_score(D("NaN"), UP)


decimals = st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False, allow_infinity=False)
ascending = st.lists(decimals, min_size=5, max_size=5, unique=True).map(sorted)


@given(ascending, decimals, decimals)
def test_monotone(thresholds, a, b):
    low, high = min(a, b), max(a, b)
    assert criteria_score(low, thresholds) <= criteria_score(high, thresholds)


@given(ascending, decimals)
def test_bounded(thresholds, actual):
    assert D(0) <= criteria_score(actual, thresholds) <= D(5)


@given(ascending, decimals)
def test_mirror_symmetry(thresholds, actual):
    mirrored = [-t for t in thresholds]
    assert criteria_score(actual, thresholds) == criteria_score(-actual, mirrored, higher_is_better=False)


@given(ascending, st.integers(min_value=0, max_value=4))
def test_continuous_at_every_inner_threshold(thresholds, k):
    # approaching T_{k+1} from below comes within one rounding step of its score
    t = thresholds[k]
    epsilon = D("0.000001")
    assume(k == 0 or t - epsilon > thresholds[k - 1])
    if k == 0:
        return  # below T1 the floor applies: a deliberate jump
    assert abs(criteria_score(t, thresholds) - criteria_score(t - epsilon, thresholds)) <= D("0.0011")


def test_levels_and_roll_ups():
    assert level_reached(D(85), UP) == 3
    assert level_reached(D(10), UP) == 0
    assert level_reached(D(25), DOWN, higher_is_better=False) == 3
    assert weighted_mean([(D(10), D(5)), (D(30), D(1))]) == D("2.0000")
    assert weighted_mean([]) is None
    assert weighted_mean([(D(0), D(3))]) is None
    assert percent_of_max(D("3.7500")) == D("75.00")


@given(ascending, decimals, st.booleans())
def test_the_engines_precompiled_scorer_agrees_with_the_public_functions(thresholds, actual, higher):
    ordered = thresholds if higher else list(reversed(thresholds))
    compiled = scorer(ordered, higher_is_better=higher, floor=D(1))
    assert compiled(actual) == (
        criteria_score(actual, ordered, higher_is_better=higher, floor=D(1)),
        level_reached(actual, ordered, higher_is_better=higher),
    )


def test_the_precompiled_scorer_checks_its_thresholds_once_up_front():
    with pytest.raises(ValueError, match="strictly increase"):
        scorer([D(1), D(1), D(2), D(3), D(4)])


@given(ascending, decimals, st.booleans())
def test_the_engines_precompiled_sentences_agree_with_score_sentence(thresholds, actual, higher):
    from pramoen.scoring.explain import score_sentence, score_sentences

    ordered = thresholds if higher else list(reversed(thresholds))
    score, level = scorer(ordered, higher_is_better=higher, floor=D(1))(actual)
    sentence = score_sentences(ordered, higher_is_better=higher, floor=D(1))
    assert sentence(actual, score, level) == score_sentence(
        actual, ordered, score, higher_is_better=higher, floor=D(1)
    )
