"""Year-end projection of one indicator result: the pace so far, the projected year-end value, its level
on the year-end criteria, and whether it will miss the year's target.  Pure: no database (the inputs are
read by ``pramoen.insights.forecast``), so every figure can be checked by hand.

The method is the first of ``METHODS`` that applies (a registry, in this order):

    final            the period ends with the year: the result is the year's
    budget_season    KPI 3.2: actual ÷ the share of a past year's disbursement done by this fiscal month
    complaint_season complaints: the remaining months' tickets from a past year's monthly counts, scaled to
                     this year's volume, resolved as in the same months of that year
    complaint_rate   complaints without a past year: the resolution rate so far holds to the year's end
    plan_curve       the indicator's cumulative plan (framework PlanPoint): actual ÷ the plan's share now
    targets          the assignment's own targets: actual ÷ (this period's target ÷ the year's target)
    hold             lower-is-better without a plan or targets: the latest value holds
    straight_line    actual ÷ (days gone ÷ days in the year)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pramoen.framework.criteria import Criteria

HUNDRED = Decimal(100)
PLACES = Decimal("0.01")
FRACTION_PLACES = Decimal("0.0001")
MONTHS = 12


def q(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Season:
    """A past fiscal year's monthly pattern: ``monthly`` holds the 12 fiscal months' volumes (October
    first); ``resolved`` the tickets of those months resolved (complaints only)."""

    year: int  # the past fiscal year (BE) the pattern is from
    monthly: tuple[Decimal, ...]
    resolved: tuple[Decimal, ...] = ()
    scope: str = "agency"  # "agency": this agency's own past year; "all": every agency's together

    def done_by(self, month: int) -> Decimal | None:
        """The share (0–1) of the year's volume done by the end of fiscal month ``month``."""
        total = sum(self.monthly, Decimal(0))
        if total <= 0:
            return None
        return (sum(self.monthly[:month], Decimal(0)) / total).quantize(FRACTION_PLACES, ROUND_HALF_UP)


@dataclass(frozen=True)
class Case:
    """What is known of one assignment at the end of a period."""

    method: str  # the indicator's calculation method (budget_disbursement, complaints, ratio, …)
    actual: Decimal
    higher_is_better: bool
    criteria: Criteria  # the year-end criteria (framework.criteria: the one threshold source)
    days_gone: int  # from the first day of the fiscal year to the period's last day, inclusive
    days_in_year: int
    month: int  # fiscal months complete at the period's end (1 = October … 12 = September)
    plan_share: Decimal | None = None  # the plan curve's cumulative share (%) at the period's end
    period_target: Decimal | None = None
    year_target: Decimal | None = None
    season: Season | None = None  # budget: disbursement; complaints: counted tickets by month
    counted: int = 0  # complaints: counted tickets from the year's start to the period's end
    resolved: int = 0  # … of which resolved


@dataclass(frozen=True)
class Projection:
    method: str  # the key of the method used
    how_th: str  # one line, Thai: how the projection was made
    actual: Decimal
    expected_now: Decimal | None  # where the year's target puts this period on the method's path
    pace: Decimal | None  # actual ÷ expected_now × 100
    projected: Decimal
    level: int
    score: Decimal
    target: Decimal  # the year's target the projection is judged against
    misses: bool  # "จะไม่ถึงเป้า"

    @property
    def shortfall(self) -> Decimal:
        """How far the projection falls short of the target, as % of the target (0 when it does not)."""
        if not self.misses or self.target == 0:
            return Decimal(0)
        gap = self.target - self.projected if self.target > self.projected else self.projected - self.target
        return q(gap / abs(self.target) * HUNDRED)


@dataclass(frozen=True)
class Estimate:
    projected: Decimal
    fraction: Decimal | None  # the share (0–1) of the year's result the path expects by now
    how_th: str


Rule = Callable[[Case], Estimate | None]


def _scaled(case: Case, fraction: Decimal | None, how: str, *, cap: bool = False) -> Estimate | None:
    if fraction is None or fraction <= 0:
        return None
    projected = case.actual / fraction
    if cap:
        projected = min(projected, HUNDRED)
    return Estimate(q(projected), fraction, how)


def _final(case: Case) -> Estimate | None:
    if case.month < MONTHS and case.days_gone < case.days_in_year:
        return None
    return Estimate(case.actual, Decimal(1), _("The year is over: its result needs no projection."))


def _budget_season(case: Case) -> Estimate | None:
    if case.method != "budget_disbursement" or case.season is None:
        return None
    done = case.season.done_by(case.month)
    if case.season.scope == "agency":
        text = _(
            "Seasonality of this agency's disbursement in FY %(year)s: "
            "%(share)s %% of that year's by this month."
        )
    else:
        text = _(
            "Seasonality of all agencies' disbursement in FY %(year)s: "
            "%(share)s %% of that year's by this month."
        )
    return _scaled(case, done, text % {"year": case.season.year, "share": _pct(done)}, cap=True)


def _complaint_season(case: Case) -> Estimate | None:
    s = case.season
    if case.method != "complaints" or s is None or case.counted <= 0 or len(s.resolved) != MONTHS:
        return None
    before = sum(s.monthly[: case.month], Decimal(0))
    rest_counted = sum(s.monthly[case.month :], Decimal(0))
    if before <= 0:
        return None
    scale = Decimal(case.counted) / before
    counted = Decimal(case.counted) + scale * rest_counted
    resolved = Decimal(case.resolved) + scale * sum(s.resolved[case.month :], Decimal(0))
    if s.scope == "agency":
        text = _(
            "Seasonality of this district's tickets in FY %(year)s: the remaining months' tickets as in "
            "that year, scaled to this year, resolved as in the same months then."
        )
    else:
        text = _(
            "Seasonality of all districts' tickets in FY %(year)s: the remaining months' tickets as in "
            "that year, scaled to this year, resolved as in the same months then."
        )
    return Estimate(q(resolved / counted * HUNDRED), None, text % {"year": s.year})


def _complaint_rate(case: Case) -> Estimate | None:
    if case.method != "complaints":
        return None
    text = _("Straight line: the resolution rate so far holds to the year's end (no tickets of a past year).")
    return Estimate(case.actual, None, text)


def _plan_curve(case: Case) -> Estimate | None:
    if case.plan_share is None:
        return None
    how = _("The indicator's cumulative plan: %(share)s %% of the year by the end of this period.") % {
        "share": _pct(case.plan_share / HUNDRED)
    }
    return _scaled(case, case.plan_share / HUNDRED, how, cap=case.method == "budget_disbursement")


def _targets(case: Case) -> Estimate | None:
    if not case.period_target or not case.year_target or case.period_target <= 0 or case.year_target <= 0:
        return None
    fraction = (case.period_target / case.year_target).quantize(FRACTION_PLACES, ROUND_HALF_UP)
    how = _("The agency's own targets: %(period)s this period, %(year)s for the year.") % {
        "period": number(case.period_target),
        "year": number(case.year_target),
    }
    return _scaled(case, fraction, how, cap=case.method == "budget_disbursement")


def _hold(case: Case) -> Estimate | None:
    if case.higher_is_better:
        return None
    text = _("Lower is better and there is no plan or period target: the latest value holds.")
    return Estimate(case.actual, None, text)


def _straight_line(case: Case) -> Estimate | None:
    fraction = (Decimal(case.days_gone) / Decimal(case.days_in_year)).quantize(FRACTION_PLACES, ROUND_HALF_UP)
    how = _(
        "Straight line by time: %(gone)s of %(days)s days gone (no plan, period targets or past year)."
    ) % {"gone": case.days_gone, "days": case.days_in_year}
    return _scaled(case, fraction, how, cap=case.method == "budget_disbursement")


METHODS: dict[str, Rule] = {
    "final": _final,
    "budget_season": _budget_season,
    "complaint_season": _complaint_season,
    "complaint_rate": _complaint_rate,
    "plan_curve": _plan_curve,
    "targets": _targets,
    "hold": _hold,
    "straight_line": _straight_line,
}

# short names of the methods, for the summary per indicator
LABELS = {
    "final": gettext_lazy("the year's result"),
    "budget_season": gettext_lazy("a past year's disbursement by month"),
    "complaint_season": gettext_lazy("a past year's tickets by month"),
    "complaint_rate": gettext_lazy("the resolution rate so far"),
    "plan_curve": gettext_lazy("the cumulative plan"),
    "targets": gettext_lazy("the agency's period targets"),
    "hold": gettext_lazy("the latest value"),
    "straight_line": gettext_lazy("a straight line by time"),
}


def _pct(fraction: Decimal | None) -> str:
    return "—" if fraction is None else number(q(fraction * HUNDRED))


def number(value: Decimal | None) -> str:
    """A figure for a sentence: thousands separated, 2 places, none when whole."""
    if value is None:
        return "—"
    text = f"{value:,.2f}"
    return text[:-3] if text.endswith(".00") else text


def year_target(case: Case) -> Decimal:
    """The year's target: the assignment's own, or the year-end criteria's level 5."""
    return case.year_target if case.year_target is not None else case.criteria.thresholds[-1]


def project(case: Case) -> Projection:
    """The first method of ``METHODS`` that applies (straight_line always does, days_gone > 0)."""
    for key, rule in METHODS.items():
        estimate = rule(case)
        if estimate is not None:
            return _judge(case, key, estimate)
    raise ValueError("no projection method applies")  # pragma: no cover - straight_line always does


def _judge(case: Case, key: str, estimate: Estimate) -> Projection:
    target = year_target(case)
    expected = None if estimate.fraction is None else q(target * estimate.fraction)
    pace = q(case.actual / expected * HUNDRED) if expected else None
    score, level = case.criteria.score(estimate.projected)
    misses = estimate.projected < target if case.higher_is_better else estimate.projected > target
    return Projection(
        key, estimate.how_th, case.actual, expected, pace, estimate.projected, level, score, target, misses
    )


def fiscal_month(day_month: int, day_year: int, start_month: int, start_year: int) -> int:
    """The fiscal month (1–12) of a date given the fiscal year's first month, clamped to the year."""
    return min(MONTHS, max(1, (day_year - start_year) * 12 + day_month - start_month + 1))


def monthly(values: Sequence[tuple[int, Decimal]]) -> tuple[Decimal, ...]:
    """Twelve fiscal-month totals from (fiscal month, amount) pairs."""
    out = [Decimal(0)] * MONTHS
    for month, amount in values:
        out[month - 1] += amount
    return tuple(out)
