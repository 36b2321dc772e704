"""Reads of the budget feed: each line's figures as of a date, why a line is left out, the KPI 3.2 figure,
the planned curve (the indicator's, framework.criteria), the projection to year end,
the lines stuck in procurement, all agencies side by side."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Prefetch, Sum
from django.utils.translation import gettext_lazy

from pramoen.feeds.budget.models import (
    BudgetLine,
    BudgetMovement,
    BudgetRules,
    BudgetType,
    FundSource,
    MovementKind,
    ProcurementEvent,
    ProcurementKind,
)
from pramoen.framework.criteria import Criteria, PlanCurve, indicator_criteria, plan_curve
from pramoen.framework.periods import period_bounds
from pramoen.orgs.models import Agency

PLACES = Decimal("0.0001")
ZERO = Decimal(0)
HUNDRED = Decimal(100)
METHOD = "budget_disbursement"  # KPI 3.2's calculation method: its indicator holds the criteria and plan
# The note of the defaults, used when the evaluation office has not set a fiscal year's rules (docs/budget.md)
DEFAULT_NOTE = gettext_lazy("pramoen's defaults (not from the seed)")
REASONS = ("appeal", "personnel", "welfare", "supplementary", "government_subsidy", "carried_over")


def rules_for(fiscal_year: int) -> BudgetRules:
    """The fiscal year's saved rules, or the defaults (not saved)."""
    return BudgetRules.objects.filter(fiscal_year=fiscal_year).first() or BudgetRules(
        fiscal_year=fiscal_year, note=str(DEFAULT_NOTE)
    )


def criteria_for_period(fiscal_year: int, period_code: str) -> Criteria | None:
    """KPI 3.2's criteria for a period, from the one source (framework.criteria): the year's indicator
    computed by ``budget_disbursement`` (its year-end criteria, its plan curve or the period's own);
    None when the year has no such indicator (no level or score shown)."""
    found = indicator_criteria(fiscal_year, METHOD, period_code)
    return found[1] if found else None


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    return (part * 100 / whole).quantize(PLACES, rounding=ROUND_HALF_UP) if whole > 0 else None


@dataclass
class LineFigures:
    line: BudgetLine
    transfer_in: Decimal = ZERO
    transfer_out: Decimal = ZERO
    committed: Decimal = ZERO
    disbursed: Decimal = ZERO
    excluded: str | None = None  # the reason the KPI leaves the line out

    @property
    def base(self) -> Decimal:
        """Approved + transfers in − transfers out: the budget the KPI divides by."""
        return self.line.approved + self.transfer_in - self.transfer_out

    @property
    def percent(self) -> Decimal | None:
        return _percent(self.disbursed, self.base)


def exclusion_reason(line: BudgetLine, excluded: Mapping[str, bool], appealed: bool) -> str | None:
    if appealed:
        return "appeal"
    checks = {
        "personnel": line.budget_type == BudgetType.PERSONNEL,
        "welfare": line.budget_type == BudgetType.CENTRAL and line.welfare,
        "supplementary": line.source == FundSource.SUPPLEMENTARY,
        "government_subsidy": line.source == FundSource.GOVERNMENT_SUBSIDY,
        "carried_over": line.source == FundSource.CARRIED_OVER,
    }
    return next((reason for reason, hit in checks.items() if hit and excluded.get(reason)), None)


def line_figures(
    *, agency_ids: Iterable[int] | None, fiscal_year: int, as_of: dt.date, excluded: Mapping[str, bool]
) -> list[LineFigures]:
    """Every line of the agencies' fiscal year with its movements dated up to ``as_of``; two queries."""
    lines = (
        BudgetLine.objects.filter(fiscal_year=fiscal_year)
        .select_related("exclusion")
        .order_by("agency_id", "code")
    )
    if agency_ids is not None:
        lines = lines.filter(agency_id__in=list(agency_ids))
    sums = (
        BudgetMovement.objects.filter(line__in=lines, date__lte=as_of)
        .values("line_id", "kind")
        .annotate(total=Sum("amount"))
    )
    by_line: dict[int, dict[str, Decimal]] = {}
    for s in sums:
        by_line.setdefault(s["line_id"], {})[s["kind"]] = s["total"] or ZERO
    result = []
    for line in lines:
        got = by_line.get(line.pk, {})
        appealed = hasattr(line, "exclusion")
        result.append(
            LineFigures(
                line,
                transfer_in=got.get(MovementKind.TRANSFER_IN, ZERO),
                transfer_out=got.get(MovementKind.TRANSFER_OUT, ZERO),
                committed=got.get(MovementKind.COMMITMENT, ZERO),
                disbursed=got.get(MovementKind.DISBURSEMENT, ZERO),
                excluded=exclusion_reason(line, excluded, appealed),
            )
        )
    return result


@dataclass
class Disbursement:
    lines: list[LineFigures]
    approved: Decimal = ZERO
    transfer_in: Decimal = ZERO
    transfer_out: Decimal = ZERO
    committed: Decimal = ZERO
    disbursed: Decimal = ZERO
    exclusions: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def base(self) -> Decimal:
        return self.approved + self.transfer_in - self.transfer_out

    @property
    def percent(self) -> Decimal | None:
        return _percent(self.disbursed, self.base)


def summarise(lines: list[LineFigures]) -> Disbursement:
    """disbursed ÷ (approved + transfers in − transfers out) × 100 over the lines not excluded."""
    result = Disbursement(lines=lines)
    for f in lines:
        if f.excluded:
            group = result.exclusions.setdefault(
                f.excluded, {"count": 0, "lines": [], "budget": ZERO, "disbursed": ZERO}
            )
            group["count"] += 1
            group["lines"].append(f.line.code)
            group["budget"] += f.base
            group["disbursed"] += f.disbursed
            continue
        result.approved += f.line.approved
        result.transfer_in += f.transfer_in
        result.transfer_out += f.transfer_out
        result.committed += f.committed
        result.disbursed += f.disbursed
    return result


def disbursement(
    *,
    agency_id: int,
    fiscal_year: int,
    as_of: dt.date,
    rules: BudgetRules,
    overrides: Mapping[str, bool] | None = None,
) -> Disbursement:
    excluded = {**rules.excluded_reasons(), **(overrides or {})}
    return summarise(
        line_figures(agency_ids=[agency_id], fiscal_year=fiscal_year, as_of=as_of, excluded=excluded)
    )


def quarter_ends(fiscal_year: int) -> list[dt.date]:
    return [period_bounds(fiscal_year, quarter)[1] for quarter in ("Q1", "Q2", "Q3", "Q4")]


@dataclass(frozen=True)
class Plan:
    """KPI 3.2's planned cumulative curve and year-end criteria, both read from the year's indicator of
    method ``budget_disbursement`` (framework.criteria): the budget feed keeps no plan of its own."""

    curve: PlanCurve
    year_end: Criteria | None  # the criteria of period FY; None when the year has no such indicator

    def planned_on(self, day: dt.date) -> Decimal:
        return self.curve.share_on(day)


def plan_for(fiscal_year: int) -> Plan:
    """The year's plan: the indicator's plan points, or the straight line 0 → 100 % when it has none."""
    found = indicator_criteria(fiscal_year, METHOD, "FY")
    return Plan(plan_curve(fiscal_year, METHOD), found[1] if found else None)


@dataclass(frozen=True)
class Projection:
    planned_now: Decimal
    pace: Decimal | None  # actual ÷ planned so far
    year_end: Decimal | None  # projected % at 30 September at this pace
    behind: bool  # at this pace the year ends below level 1 of the year-end criteria
    target: Decimal | None = None  # level 1 of the year-end criteria (None without an indicator)


def projection(*, actual: Decimal | None, plan: Plan, as_of: dt.date) -> Projection:
    planned = plan.planned_on(as_of)
    target = plan.year_end.thresholds[0] if plan.year_end else None
    if actual is None or planned <= 0:
        return Projection(planned, None, None, False, target)
    pace = (actual / planned).quantize(PLACES)
    year_end = min(HUNDRED, pace * plan.planned_on(plan.curve.year_end)).quantize(Decimal("0.01"))
    behind = plan.year_end is not None and plan.year_end.score(year_end)[1] == 0
    return Projection(planned, pace, year_end, behind, target)


@dataclass(frozen=True)
class QuarterRow:
    quarter: int
    end: dt.date
    planned: Decimal
    actual: Decimal | None  # None for quarters not yet over on the as-of date

    @property
    def code(self) -> str:
        """The quarter's period code (its name comes from ``framework.periods.name_of_code``)."""
        return f"Q{self.quarter}"


def quarter_table(
    *,
    agency_id: int,
    rules: BudgetRules,
    plan: Plan,
    as_of: dt.date,
    overrides: Mapping[str, bool] | None = None,
) -> list[QuarterRow]:
    rows = []
    for q, end in enumerate(quarter_ends(rules.fiscal_year), start=1):
        actual = None
        if end <= as_of:
            actual = disbursement(
                agency_id=agency_id,
                fiscal_year=rules.fiscal_year,
                as_of=end,
                rules=rules,
                overrides=overrides,
            ).percent
        rows.append(QuarterRow(q, end, plan.planned_on(end), actual))
    return rows


def stuck_in_procurement(*, agency_id: int, fiscal_year: int, as_of: dt.date) -> list[BudgetLine]:
    """Lines with procurement events whose latest event (up to ``as_of``) is not a signed contract."""
    events = ProcurementEvent.objects.filter(date__lte=as_of).order_by("date", "pk")
    lines = (
        BudgetLine.objects.filter(
            agency_id=agency_id, fiscal_year=fiscal_year, procurement_events__date__lte=as_of
        )
        .distinct()
        .prefetch_related(Prefetch("procurement_events", queryset=events, to_attr="events_so_far"))
        .order_by("code")
    )
    return [
        line
        for line in lines
        if line.events_so_far and line.events_so_far[-1].kind != ProcurementKind.CONTRACT
    ]


@dataclass(frozen=True)
class OverviewRow:
    agency: Agency
    figure: Disbursement
    projection: Projection
    level: int | None
    score: Decimal | None


def overview(
    *,
    fiscal_year: int,
    as_of: dt.date,
    criteria: Criteria | None,
    agency_ids: frozenset[int] | None,
    plan: Plan | None = None,
) -> list[OverviewRow]:
    """Every agency with budget lines in the year (or those in ``agency_ids``); three queries besides the
    rules and the year's plan (read here unless the caller has it)."""
    rules, plan = rules_for(fiscal_year), plan or plan_for(fiscal_year)
    figures = line_figures(
        agency_ids=agency_ids, fiscal_year=fiscal_year, as_of=as_of, excluded=rules.excluded_reasons()
    )
    by_agency: dict[int, list[LineFigures]] = {}
    for f in figures:
        by_agency.setdefault(f.line.agency_id, []).append(f)
    agencies = Agency.objects.in_bulk(list(by_agency))
    rows = []
    for agency_id, lines in by_agency.items():
        figure = summarise(lines)
        actual = figure.percent
        score, level = criteria.score(actual) if criteria and actual is not None else (None, None)
        rows.append(
            OverviewRow(
                agencies[agency_id], figure, projection(actual=actual, plan=plan, as_of=as_of), level, score
            )
        )
    rows.sort(key=lambda r: (r.agency.kind, r.agency.name_th))
    return rows


def movements_for_download(*, agency_id: int, fiscal_year: int, as_of: dt.date) -> Iterable[BudgetMovement]:
    return (
        BudgetMovement.objects.filter(
            line__agency_id=agency_id, line__fiscal_year=fiscal_year, date__lte=as_of
        )
        .select_related("line")
        .order_by("date", "line__code", "kind", "ref")
    )


def has_demo_lines(*, agency_ids: Iterable[int] | None = None) -> bool:
    qs = BudgetLine.objects.filter(batch__is_demo=True)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=list(agency_ids))
    return qs.exists()
