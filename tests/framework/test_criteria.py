"""Criteria over time (framework.criteria): year-end criteria, a period's own, a cumulative plan curve —
and that a cumulative plan's thresholds never fall over time (property test)."""

from __future__ import annotations

import itertools
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pramoen.core.thai import fiscal_year_bounds
from pramoen.framework.criteria import (
    PERIOD,
    PLAN_CURVE,
    YEAR_END,
    Criteria,
    criteria_for,
    plan_share_on,
    resolve,
)
from pramoen.framework.models import Indicator, Period, PeriodCriteria
from pramoen.framework.periods import fiscal_periods
from pramoen.scoring.criteria import criteria_score, level_reached
from tests.feeds.criteria import feed_indicator

START, END = fiscal_year_bounds(2567)
PERIODS = [Period(code=p.code, start=p.start, end=p.end) for p in fiscal_periods(2567)]
BY_CODE = {p.code: p for p in PERIODS}


def test_a_plan_curve_scales_the_year_end_criteria_by_the_plan_at_the_period_end(db):
    kpi = feed_indicator(
        year=2567, code="3.2", method="budget_disbursement", thresholds=[80, 85, 90, 95, 100],
        plan={"Q1": 20, "Q2": 45, "Q3": 70, "Q4": 100},
    )  # fmt: skip
    period = {p.code: p for p in Period.objects.filter(fiscal_year=kpi.fiscal_year)}
    h1 = criteria_for(kpi, period["H1"])
    assert h1.source == PLAN_CURVE and h1.plan_share == 45
    assert h1.thresholds == (D(36), D("38.25"), D("40.5"), D("42.75"), D(45))
    # สำนักการคลัง's 49.7 % against a 45 % plan: level 5 at H1, not 0 against 80–100
    assert h1.score(D("49.7")) == (D(5), 5)
    assert h1.score(D(40)) == (D("2.7778"), 2)
    assert criteria_for(kpi, period["Q2"]).thresholds == h1.thresholds  # Q2 ends with H1
    for code in ("Q4", "H2", "FY"):
        year_end = criteria_for(kpi, period[code])
        assert year_end.source == YEAR_END and year_end.thresholds == (D(80), D(85), D(90), D(95), D(100))
    m01 = criteria_for(kpi, period["M01"])  # 31 of Q1's 92 days: 20 × 31/92 = 6.7391 % of the year-end
    assert m01.plan_share == D("6.7391") and m01.thresholds[0] == D("80") * D("6.7391") / 100
    assert "45" in h1.source_label and h1.as_json()["source"] == "plan_curve"
    assert Criteria.from_json(h1.as_json()) == h1


def test_a_period_s_own_criteria_win_over_the_plan_and_the_year_end(db):
    kpi = feed_indicator(
        year=2567, code="3.2", method="budget_disbursement", thresholds=[80, 85, 90, 95, 100],
        plan={"Q2": 45},
    )  # fmt: skip
    h1 = Period.objects.get(fiscal_year=kpi.fiscal_year, code="H1")
    PeriodCriteria.objects.create(indicator=kpi, period=h1, t1=30, t2=35, t3=40, t4=45, t5=50, is_demo=True)
    own = criteria_for(kpi, h1)
    assert own.source == PERIOD and own.thresholds == (30, 35, 40, 45, 50) and own.is_demo
    assert "ครึ่งปีแรก" in own.source_label  # the period in words, not its code
    q2 = criteria_for(kpi, Period.objects.get(fiscal_year=kpi.fiscal_year, code="Q2"))
    assert q2.source == PLAN_CURVE and q2.thresholds[4] == 45  # only H1 has criteria of its own


def test_without_a_plan_every_period_uses_the_year_end_criteria(db):
    kpi = feed_indicator(year=2567, code="3.1", method="online_services", thresholds=[10, 20, 30, 40, 50])
    for period in Period.objects.filter(fiscal_year=kpi.fiscal_year):
        c = criteria_for(kpi, period)
        assert (c.source, c.thresholds) == (YEAR_END, (10, 20, 30, 40, 50))


def test_the_plan_share_is_a_straight_line_by_date_between_points():
    points = [(BY_CODE["Q1"].end, D(20)), (BY_CODE["Q2"].end, D(45))]
    assert plan_share_on(points, year_start=START, year_end=END, day=BY_CODE["Q1"].end) == 20
    assert plan_share_on(points, year_start=START, year_end=END, day=BY_CODE["Q3"].end) == D(
        "72.3497"
    )  # 45 + 55 × 91/183
    assert plan_share_on(points, year_start=START, year_end=END, day=END) == 100
    assert plan_share_on([], year_start=START, year_end=END, day=BY_CODE["H1"].end) == 50  # 183 of 366 days


# ------------------------------------------------------------------ property: never falls over time

shares = st.lists(st.decimals(min_value=D("0.01"), max_value=D(100), places=2), min_size=1, max_size=6)
codes = st.lists(
    st.sampled_from([p.code for p in PERIODS if p.end < END]), min_size=1, max_size=6, unique=True
)
steps = st.lists(st.decimals(min_value=D("0.0001"), max_value=D(1000), places=4), min_size=5, max_size=5)


@settings(max_examples=300, deadline=None)
@given(codes=codes, shares=shares, first=st.decimals(0, 500, places=4), steps=steps, higher=st.booleans())
def test_a_cumulative_plan_s_thresholds_never_fall_over_time(codes, shares, first, steps, higher):
    # a plan curve: shares that never fall, on periods ordered by their end
    ends = sorted({BY_CODE[c].end for c in codes})
    rising = sorted(shares)[: len(ends)]
    rising += [rising[-1]] * (len(ends) - len(rising))
    points = list(zip(ends, rising, [False] * len(ends), strict=True))
    # year-end criteria, not negative, strictly monotone in the indicator's direction
    ascending = [first + sum(steps[: k + 1], D(0)) for k in range(5)]
    year = ascending if higher else ascending[::-1]
    ind = Indicator(higher_is_better=higher, floor=D(0), **{f"t{k}": t for k, t in enumerate(year, start=1)})
    in_order = sorted(PERIODS, key=lambda p: (p.end, p.start))
    found = [resolve(ind, p, own=None, points=points, year_start=START, year_end=END) for p in in_order]
    for before, after in itertools.pairwise(found):
        assert all(a <= b for a, b in zip(before.thresholds, after.thresholds, strict=True))
    for c in found:  # every period's criteria score like any criteria: strictly monotone
        x = c.thresholds[2]
        assert c.score(x) == (criteria_score(x, c.thresholds, higher_is_better=higher), 3)
        assert level_reached(x, c.thresholds, higher_is_better=higher) == 3
    assert found[-1].thresholds == tuple(year) and found[-1].source == YEAR_END


@pytest.mark.parametrize("seed", range(3))
def test_the_property_holds_for_the_demo_curves_too(seed):
    points = [(BY_CODE[c].end, D(s), True) for c, s in (("Q1", 20), ("Q2", 45), ("Q3", 70))]
    ind = Indicator(higher_is_better=True, floor=D(0), t1=80 + seed, t2=85, t3=90, t4=95, t5=100)
    found = [
        resolve(ind, p, own=None, points=points, year_start=START, year_end=END)
        for p in sorted(PERIODS, key=lambda p: p.end)
    ]
    assert all(c.is_demo for c in found if c.source == PLAN_CURVE)
    assert [c.thresholds[0] for c in found] == sorted(c.thresholds[0] for c in found)
