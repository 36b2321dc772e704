"""The criteria in force for an indicator and period: the one source every score, page and "what it takes
to reach level k" reads.

An indicator's T1..T5 are its year-end criteria.  A period may have criteria of its own
(``PeriodCriteria``), or the indicator a cumulative plan curve (``PlanPoint``: e.g. 20/45/70/100 % by
Q1/Q2/Q3/Q4), from which a period's thresholds follow: the year-end thresholds × the plan's share at the
period's last day ÷ 100.  The plan's share between two points is a straight line by date, from 0 on the
day before the fiscal year starts to 100 on its last day (unless a point says otherwise earlier).
Precedence: the period's own criteria, then the plan curve, then the year-end criteria.

    criteria_for(indicator, period)           # one Criteria: thresholds, direction, floor, where from
    criteria_table(indicator_ids, periods)    # {(indicator id, period id): Criteria}, three queries
    indicator_criteria(2567, "budget_disbursement", "H1")   # the feed pages: by method and period code
    plan_curve(2567, "budget_disbursement").share_on(day)   # the plan's share on any day (budget pages)
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pramoen.core.thai import fiscal_year_bounds
from pramoen.framework.models import FiscalYear, Indicator, Period, PeriodCriteria, PlanPoint
from pramoen.framework.periods import name_of_code
from pramoen.scoring.criteria import scorer

YEAR_END, PERIOD, PLAN_CURVE = "year_end", "period", "plan_curve"
SOURCES = {
    YEAR_END: _("year-end criteria"),
    PERIOD: _("criteria set for this period"),
    PLAN_CURVE: _("year-end criteria scaled by the cumulative plan"),
}
HUNDRED = Decimal(100)
SHARE_PLACES = Decimal("0.0001")  # a plan share between two points, rounded half up


@dataclass(frozen=True)
class Criteria:
    """Five thresholds in force for one period, and where they came from."""

    thresholds: tuple[Decimal, ...]
    higher_is_better: bool
    floor: Decimal
    source: str  # YEAR_END | PERIOD | PLAN_CURVE
    period_code: str
    plan_share: Decimal | None = None  # the plan's cumulative share (%) at the period's end
    is_demo: bool = False  # the period's criteria or plan curve are demo values (shown as "demo")

    @property
    def period_name(self) -> str:
        """The period in words (ครึ่งปีแรก, not H1), in the active language."""
        return name_of_code(self.period_code)

    @property
    def source_label(self) -> str:
        """Where the thresholds came from, in the active language (for pages and trails)."""
        if self.source == PLAN_CURVE and self.plan_share is not None:
            return gettext(
                "year-end criteria × the cumulative plan of %(period)s (%(share)s %% of the year)"
            ) % {"period": self.period_name, "share": _tidy(self.plan_share)}
        if self.source == PERIOD:
            return gettext("criteria set for period %(period)s") % {"period": self.period_name}
        return str(SOURCES[YEAR_END])

    def score(self, actual: Decimal) -> tuple[Decimal, int]:
        """(score, level) of ``actual`` against these thresholds: the engine's arithmetic exactly."""
        return scorer(self.thresholds, higher_is_better=self.higher_is_better, floor=self.floor)(actual)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Criteria:
        """The criteria a score row stored (rows from before criteria over time: the year-end ones)."""
        share = data.get("plan_share")
        return cls(
            thresholds=tuple(Decimal(str(t)) for t in data.get("thresholds", [])),
            higher_is_better=bool(data.get("higher_is_better", True)),
            floor=Decimal(str(data.get("floor", "0"))),
            source=str(data.get("source", YEAR_END)),
            period_code=str(data.get("period", "")),
            plan_share=Decimal(str(share)) if share is not None else None,
            is_demo=bool(data.get("demo", False)),
        )

    def as_json(self) -> dict[str, Any]:
        """What a score row stores as the criteria it used."""
        data: dict[str, Any] = {
            "thresholds": [str(t) for t in self.thresholds],
            "higher_is_better": self.higher_is_better,
            "floor": str(self.floor),
            "source": self.source,
            "period": self.period_code,
        }
        if self.plan_share is not None:
            data["plan_share"] = str(self.plan_share)
        if self.is_demo:
            data["demo"] = True
        return data


def _tidy(value: Decimal) -> Decimal:
    """A Decimal without trailing zeros and never in exponent form (36.0000 → 36, 38.2500 → 38.25)."""
    return Decimal(format(value.normalize(), "f"))


def plan_share_on(
    points: Sequence[tuple[dt.date, Decimal]], *, year_start: dt.date, year_end: dt.date, day: dt.date
) -> Decimal:
    """The plan's cumulative share (%) on ``day``: the points (period end, share) joined by straight lines
    from 0 on the day before ``year_start`` to 100 on ``year_end`` (a point on ``year_end`` overrides it)."""
    ordered = sorted(points)
    curve = [(year_start - dt.timedelta(days=1), Decimal(0)), *ordered]
    if not ordered or ordered[-1][0] < year_end:
        curve.append((year_end, HUNDRED))
    if day <= curve[0][0]:
        return Decimal(0)
    for (d0, v0), (d1, v1) in itertools.pairwise(curve):
        if day <= d1:
            if d1 == d0:
                return v1
            share = v0 + (v1 - v0) * Decimal((day - d0).days) / Decimal((d1 - d0).days)
            return _tidy(share.quantize(SHARE_PLACES, rounding=ROUND_HALF_UP))
    return curve[-1][1]


def scaled(thresholds: Sequence[Decimal], share: Decimal) -> tuple[Decimal, ...]:
    """The year-end thresholds at ``share`` % of the plan, exact (no rounding, so strict order is kept)."""
    return tuple(_tidy(t * share / HUNDRED) for t in thresholds)


def resolve(
    indicator: Indicator,
    period: Period,
    *,
    own: tuple[Sequence[Decimal], bool] | None,
    points: Sequence[tuple[dt.date, Decimal, bool]],
    year_start: dt.date,
    year_end: dt.date,
) -> Criteria:
    """The criteria of ``indicator`` for ``period`` given its period's own thresholds and its plan curve."""
    higher, floor, code = indicator.higher_is_better, indicator.floor, period.code
    if own is not None:
        return Criteria(tuple(own[0]), higher, floor, PERIOD, code, is_demo=own[1])
    year = tuple(indicator.thresholds)
    if points and period.end < year_end:
        curve = [(day, share) for day, share, _demo in points]
        share = plan_share_on(curve, year_start=year_start, year_end=year_end, day=period.end)
        if 0 < share < HUNDRED:
            demo = any(demo for *_rest, demo in points)
            return Criteria(scaled(year, share), higher, floor, PLAN_CURVE, code, share, demo)
    return Criteria(year, higher, floor, YEAR_END, code)


def criteria_table(
    indicators: Iterable[Indicator], periods: Iterable[Period]
) -> dict[tuple[int, int], Criteria]:
    """The criteria of every indicator for every period (of the indicator's fiscal year); two queries
    besides the indicators and periods given."""
    inds = list(indicators)
    pers = list(periods)
    ids = [i.pk for i in inds]
    own: dict[tuple[int, int], tuple[Sequence[Decimal], bool]] = {
        (c.indicator_id, c.period_id): (c.thresholds, c.is_demo)
        for c in PeriodCriteria.objects.filter(indicator_id__in=ids)
    }
    curves: dict[int, list[tuple[dt.date, Decimal, bool]]] = defaultdict(list)
    for ind_id, end, share, demo in PlanPoint.objects.filter(indicator_id__in=ids).values_list(
        "indicator_id", "period__end", "share", "is_demo"
    ):
        curves[ind_id].append((end, share, demo))
    bounds = _year_bounds({i.fiscal_year_id for i in inds})
    table: dict[tuple[int, int], Criteria] = {}
    for ind in inds:
        start, end = bounds[ind.fiscal_year_id]
        for period in pers:
            if period.fiscal_year_id != ind.fiscal_year_id:
                continue
            table[(ind.pk, period.pk)] = resolve(
                ind,
                period,
                own=own.get((ind.pk, period.pk)),
                points=curves.get(ind.pk, []),
                year_start=start,
                year_end=end,
            )
    return table


def _year_bounds(fiscal_year_ids: set[int]) -> dict[int, tuple[dt.date, dt.date]]:
    return {
        pk: (s, e)
        for pk, s, e in FiscalYear.objects.filter(pk__in=fiscal_year_ids).values_list("pk", "start", "end")
    }


def criteria_for(indicator: Indicator, period: Period) -> Criteria:
    """The thresholds in force for ``indicator`` in ``period``, and where they came from."""
    return criteria_table([indicator], [period])[(indicator.pk, period.pk)]


def indicator_of(fiscal_year: int, method: str) -> Indicator | None:
    """The indicator of ``fiscal_year`` computed by ``method`` (a feed's KPI: ``online_services``,
    ``budget_disbursement``); the first by code when there are several."""
    return Indicator.objects.filter(fiscal_year__year=fiscal_year, method=method).order_by("code").first()


def indicator_criteria(fiscal_year: int, method: str, period_code: str) -> tuple[Indicator, Criteria] | None:
    """The indicator of ``fiscal_year`` computed by ``method`` and its criteria for ``period_code``; None
    when the year has no such indicator or period (the feed pages then show no level or score)."""
    indicator = indicator_of(fiscal_year, method)
    period = Period.objects.filter(fiscal_year__year=fiscal_year, code=period_code).first()
    if indicator is None or period is None:
        return None
    return indicator, criteria_for(indicator, period)


@dataclass(frozen=True)
class PlanCurve:
    """The cumulative plan of a fiscal year's indicator, as the criteria read it: its points (period code,
    period end, share %), or none — then the straight line from 0 to 100 % across the year."""

    fiscal_year: int
    year_start: dt.date
    year_end: dt.date
    indicator: Indicator | None
    points: tuple[tuple[str, dt.date, Decimal], ...] = ()
    is_demo: bool = False  # the points are demo values (shown as "demo")

    def share_on(self, day: dt.date) -> Decimal:
        """The planned cumulative share (%) on ``day``: ``plan_share_on`` over the points."""
        curve = [(end, share) for _code, end, share in self.points]
        return plan_share_on(curve, year_start=self.year_start, year_end=self.year_end, day=day)

    @property
    def from_indicator(self) -> bool:
        return bool(self.points)


def plan_curve(fiscal_year: int, method: str) -> PlanCurve:
    """The plan curve of the indicator of ``fiscal_year`` computed by ``method``; without such an
    indicator or without plan points, the straight line (the same fallback ``resolve`` uses)."""
    fy = FiscalYear.objects.filter(year=fiscal_year).values_list("start", "end").first()
    start, end = fy if fy else fiscal_year_bounds(fiscal_year)
    indicator = indicator_of(fiscal_year, method)
    if indicator is None:
        return PlanCurve(fiscal_year, start, end, None)
    rows = list(
        PlanPoint.objects.filter(indicator=indicator).values_list(
            "period__code", "period__end", "share", "is_demo"
        )
    )
    points = tuple(sorted(((code, day, share) for code, day, share, _d in rows), key=lambda p: p[1]))
    return PlanCurve(fiscal_year, start, end, indicator, points, any(demo for *_rest, demo in rows))
