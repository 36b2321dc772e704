"""The year-end projection's maths, each expected value worked out by hand in the comment beside it.

FY2567 runs 1 Oct 2023 – 30 Sep 2024: 366 days; H1 ends on 31 Mar 2024, day 183, fiscal month 6.
The year-end criteria are 20/35/50/65/80 (higher is better) unless a test says otherwise; with no
target of its own an assignment's target is level 5 (80)."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from django.utils import translation

from pramoen.framework.criteria import Criteria
from pramoen.insights.projection import Case, Season, fiscal_month, monthly, project

FIVE = Criteria((D(20), D(35), D(50), D(65), D(80)), True, D(0), "year_end", "FY")


def case(**kw: Any) -> Case:
    base: dict[str, Any] = {
        "method": "value", "actual": D(30), "higher_is_better": True, "criteria": FIVE,
        "days_gone": 183, "days_in_year": 366, "month": 6,
    }  # fmt: skip
    return Case(**{**base, **kw})


def test_straight_line_by_time():
    p = project(case())
    assert p.method == "straight_line"
    assert p.projected == D("60.00")  # 30 ÷ (183 / 366 = 0.5)
    assert p.expected_now == D("40.00")  # target 80 × 0.5
    assert p.pace == D("75.00")  # 30 ÷ 40
    assert (p.level, p.score) == (3, D("3.6667"))  # 3 + (60 − 50) ÷ 15
    assert p.misses and p.target == D(80)
    assert p.shortfall == D("25.00")  # (80 − 60) ÷ 80
    with translation.override("th"):
        assert "183 จาก 366 วัน" in project(case()).how_th


def test_the_plan_curve_comes_before_the_straight_line():
    p = project(case(plan_share=D(45)))
    assert p.method == "plan_curve"
    assert p.projected == D("66.67")  # 30 ÷ 0.45 = 66.666…
    assert p.expected_now == D("36.00")  # 80 × 0.45
    assert p.pace == D("83.33")  # 30 ÷ 36
    assert (p.level, p.score) == (4, D("4.1113"))  # 4 + (66.67 − 65) ÷ 15
    # a disbursement cannot pass 100 % of the budget
    capped = project(case(method="budget_disbursement", plan_share=D(20)))
    assert capped.projected == D(100)  # 30 ÷ 0.2 = 150, capped
    assert not capped.misses and capped.level == 5


def test_budget_follows_a_past_years_disbursement_by_month():
    past = Season(2566, monthly([(m, D(10)) for m in range(1, 13)] + [(6, D(40)), (12, D(40))]))
    assert past.done_by(6) == D("0.5")  # (5 × 10 + 50) ÷ 200
    p = project(case(method="budget_disbursement", actual=D(25), season=past, plan_share=D(45)))
    assert p.method == "budget_season"  # the past year wins over the plan curve
    assert p.projected == D("50.00")  # 25 ÷ 0.5
    assert p.expected_now == D("40.00") and p.pace == D("62.50")  # 80 × 0.5; 25 ÷ 40
    assert (p.level, p.score) == (3, D("3.0000")) and p.misses
    with translation.override("th"):
        text = project(case(method="budget_disbursement", actual=D(25), season=past)).how_th
        assert "ของหน่วยงานนี้" in text and "2566" in text and "ร้อยละ 50" in text
        pooled = Season(2566, past.monthly, scope="all")
        assert "ทุกหน่วยงาน" in project(case(method="budget_disbursement", season=pooled)).how_th


def test_budget_without_a_past_year_falls_back_to_the_straight_line():
    p = project(case(method="budget_disbursement", actual=D(25)))
    assert (p.method, p.projected) == ("straight_line", D("50.00"))  # 25 ÷ 0.5
    # a past year that disbursed nothing by this month cannot be divided by: straight line again
    empty = Season(2566, monthly([(12, D(100))]))
    assert project(case(method="budget_disbursement", actual=D(25), season=empty)).method == "straight_line"


def test_complaints_follow_a_past_years_tickets_by_month():
    past = Season(2566, (D(10),) * 12, (D(8),) * 6 + (D(5),) * 6)
    p = project(case(method="complaints", actual=D(80), counted=30, resolved=24, season=past))
    assert p.method == "complaint_season"
    # 60 counted by March last year, 30 this year: scale 0.5; the rest of the year brings 60 × 0.5 = 30
    # tickets of which 30 × 0.5 = 15 resolved → (24 + 15) ÷ (30 + 30) = 65 %
    assert p.projected == D("65.00")
    assert (p.level, p.score) == (4, D("4.0000")) and p.misses
    assert p.expected_now is None and p.pace is None


def test_complaints_without_a_past_year_keep_the_rate_so_far():
    p = project(case(method="complaints", actual=D(82), counted=50, resolved=41))
    assert (p.method, p.projected, p.level) == ("complaint_rate", D(82), 5)
    assert not p.misses
    # a past year but nothing counted this year: the rate so far (none) holds
    past = Season(2566, (D(10),) * 12, (D(8),) * 12)
    assert project(case(method="complaints", actual=D(0), counted=0, season=past)).method == "complaint_rate"


def test_the_agencys_own_targets():
    p = project(case(actual=D(20), period_target=D(30), year_target=D(60)))
    assert p.method == "targets"
    assert p.projected == D("40.00")  # 20 ÷ (30 ÷ 60)
    assert p.expected_now == D("30.00") and p.pace == D("66.67")  # 60 × 0.5; 20 ÷ 30
    assert (p.level, p.score) == (2, D("2.3333"))  # 2 + (40 − 35) ÷ 15
    assert p.target == D(60) and p.misses
    # a rate with the same target every period is projected as it stands
    level = project(case(actual=D(70), period_target=D(60), year_target=D(60)))
    assert (level.projected, level.misses) == (D("70.00"), False)


def test_lower_is_better_holds_and_the_year_end_needs_no_projection():
    lower = Criteria((D(80), D(65), D(50), D(35), D(20)), False, D(0), "year_end", "FY")
    p = project(case(higher_is_better=False, criteria=lower))
    assert (p.method, p.projected, p.level) == ("hold", D(30), 4)  # 35 ≥ 30 > 20
    assert p.target == D(20) and p.misses  # 30 is above the level-5 threshold 20
    final = project(case(month=12, days_gone=366, actual=D(81)))
    assert (final.method, final.projected, final.level, final.misses) == ("final", D(81), 5, False)


def test_fiscal_months_and_monthly_totals():
    assert fiscal_month(10, 2023, 10, 2023) == 1
    assert fiscal_month(3, 2024, 10, 2023) == 6
    assert fiscal_month(9, 2024, 10, 2023) == 12
    assert fiscal_month(11, 2024, 10, 2023) == 12  # after the year: its last month
    assert monthly([(1, D(2)), (1, D(3)), (12, D(1))]) == (D(5),) + (D(0),) * 10 + (D(1),)
    assert Season(2566, (D(0),) * 12).done_by(6) is None
