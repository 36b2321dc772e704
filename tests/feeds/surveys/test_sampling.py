"""Sample sizes against the published tables of Yamane (1967, e = 0.05) and Krejcie & Morgan (1970)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pramoen.feeds.surveys.sampling import krejcie_morgan, sample_size, yamane


@pytest.mark.parametrize(
    ("population", "expected"),
    [
        (10, 10),
        (50, 44),
        (100, 80),
        (200, 132),
        (500, 217),
        (1000, 278),
        (5000, 357),
        (10000, 370),
        (75000, 382),
        (1000000, 384),
    ],
)
def test_krejcie_morgan_matches_their_table(population, expected):
    assert krejcie_morgan(population) == expected


@pytest.mark.parametrize(
    ("population", "expected"), [(500, 222), (1000, 286), (5000, 370), (10000, 385), (100000, 398)]
)
def test_yamane_matches_his_table(population, expected):
    assert yamane(population, 0.05) == expected


@given(st.integers(min_value=1, max_value=10_000_000))
def test_a_sample_is_never_larger_than_the_population_and_grows_with_it(n):
    for rule in (yamane, krejcie_morgan):
        assert 1 <= rule(n) <= n
        assert rule(n) <= rule(n + 1000)
    assert yamane(n) <= 400 and krejcie_morgan(n) <= 385


def test_a_wider_margin_needs_fewer_people_and_no_population_means_no_size():
    assert yamane(10000, 0.1) == 99
    assert sample_size("krejcie_morgan", None, 0.05) is None
    assert sample_size("yamane", 1000, 0.05) == 286
