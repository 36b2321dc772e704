"""The year-end projection of every scored indicator of the agencies shown, read from the database and
judged by ``pramoen.insights.projection`` (the maths).  Thresholds come from ``framework.criteria`` only
(the year-end criteria, and the period's plan share from the indicator's PlanPoint curve); the past
years' patterns from the budget movements and the complaint tickets by month."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from pramoen.core.thai import fiscal_year_bounds
from pramoen.framework.criteria import PLAN_CURVE, criteria_table, resolve
from pramoen.framework.models import FiscalYear, Indicator, Period, Target
from pramoen.insights.projection import (
    LABELS,
    MONTHS,
    Case,
    Projection,
    Season,
    fiscal_month,
    monthly,
    project,
)
from pramoen.scoring.models import ScoreResult
from pramoen.scoring.selectors import code_key

BUDGET, COMPLAINTS = "budget_disbursement", "complaints"
WORST = 30  # lines projected to miss listed when no single agency is chosen


@dataclass(frozen=True)
class Line:
    """One agency's indicator and its projection."""

    score_id: int
    agency_code: str
    agency_name_th: str
    agency_name_en: str
    indicator_code: str
    indicator_name_th: str
    unit: str
    p: Projection


@dataclass
class IndicatorSummary:
    code: str
    name_th: str
    unit: str
    projected: int = 0
    missing: int = 0
    methods: list[str] = field(default_factory=list)  # the methods' short names, in the active language


@dataclass
class Forecast:
    lines: list[Line]  # worst shortfall first, then those on course
    indicators: list[IndicatorSummary]

    @property
    def missing(self) -> list[Line]:
        return [x for x in self.lines if x.p.misses]

    @property
    def worst(self) -> list[Line]:
        return self.missing[:WORST]

    def shown(self, *, one_agency: bool, indicator: str) -> tuple[str, list[Line]]:
        """What the page lists: one indicator for every agency shown ("indicator"), every indicator of
        the one agency chosen ("agency"), or the worst misses ("worst")."""
        if indicator and any(s.code == indicator for s in self.indicators):
            return "indicator", [x for x in self.lines if x.indicator_code == indicator]
        if one_agency:
            return "agency", self.lines
        return "worst", self.worst


def _year_end(fiscal_year: FiscalYear) -> Period:
    """The period that ends with the year (FY when there is one), or an unsaved stand-in."""
    found = Period.objects.filter(fiscal_year=fiscal_year, end__gte=fiscal_year.end).order_by("-kind").first()
    return found or Period(fiscal_year=fiscal_year, code="FY", start=fiscal_year.start, end=fiscal_year.end)


def forecast(*, fiscal_year: FiscalYear, period: Period, agency_ids: list[int]) -> Forecast:
    results = list(
        ScoreResult.objects.filter(
            period=period,
            assignment__agency_id__in=agency_ids,
            status=ScoreResult.Status.SCORED,
            actual__isnull=False,
        )
        .order_by("assignment__agency__name_th", "assignment__indicator__code")
        .values_list(
            "pk", "actual", "assignment_id", "assignment__agency_id", "assignment__agency__code",
            "assignment__agency__name_th", "assignment__agency__name_en", "assignment__indicator_id",
        )
    )  # fmt: skip
    indicators = Indicator.objects.in_bulk({r[7] for r in results})
    year_end = _year_end(fiscal_year)
    now = criteria_table(indicators.values(), [period])
    if year_end.pk is not None:
        final = criteria_table(indicators.values(), [year_end])
        year_criteria = {i: final[(i, year_end.pk)] for i in indicators}
    else:
        bounds = {"year_start": fiscal_year.start, "year_end": fiscal_year.end}
        year_criteria = {
            i: resolve(ind, year_end, own=None, points=[], **bounds) for i, ind in indicators.items()
        }
    targets = _targets([r[2] for r in results], period, year_end)
    methods = {ind.method for ind in indicators.values()}
    budget = _budget_seasons(fiscal_year.year) if BUDGET in methods else ({}, None)
    tickets = _complaints(fiscal_year, period) if COMPLAINTS in methods else None
    days_gone = (period.end - fiscal_year.start).days + 1
    days_in_year = (fiscal_year.end - fiscal_year.start).days + 1
    month = fiscal_month(period.end.month, period.end.year, fiscal_year.start.month, fiscal_year.start.year)
    lines = []
    for pk, actual, assignment_id, agency_id, code, name_th, name_en, ind_id in results:
        if actual is None:  # filtered out above; for the type checker
            continue
        ind = indicators[ind_id]
        criteria_now = now[(ind_id, period.pk)]
        season: Season | None = None
        counted = resolved = 0
        if ind.method == BUDGET:
            season = _usable_budget(budget[0].get(agency_id), budget[1], month)
        elif ind.method == COMPLAINTS and tickets is not None:
            season, counted, resolved = tickets.for_agency(agency_id, month)
            if counted:
                actual = Decimal(resolved * 100) / Decimal(counted)
        case = Case(
            method=ind.method,
            actual=actual,
            higher_is_better=ind.higher_is_better,
            criteria=year_criteria[ind_id],
            days_gone=days_gone,
            days_in_year=days_in_year,
            month=month,
            plan_share=criteria_now.plan_share if criteria_now.source == PLAN_CURVE else None,
            period_target=targets.get((assignment_id, period.pk)),
            year_target=targets.get((assignment_id, year_end.pk)) if year_end.pk else None,
            season=season,
            counted=counted,
            resolved=resolved,
        )
        lines.append(Line(pk, code, name_th, name_en, ind.code, ind.name_th, ind.unit, project(case)))
    lines.sort(key=lambda x: (not x.p.misses, -x.p.shortfall, x.agency_name_th, x.indicator_code))
    return Forecast(lines, _summaries(lines, indicators))


def _summaries(lines: list[Line], indicators: dict[int, Indicator]) -> list[IndicatorSummary]:
    by_code = {i.code: IndicatorSummary(i.code, i.name_th, i.unit) for i in indicators.values()}
    for x in lines:
        s = by_code[x.indicator_code]
        s.projected += 1
        s.missing += x.p.misses
        label = str(LABELS[x.p.method])
        if label not in s.methods:
            s.methods.append(label)
    return sorted(by_code.values(), key=lambda s: code_key(s.code))


def _targets(assignment_ids: list[int], period: Period, year_end: Period) -> dict[tuple[int, int], Decimal]:
    periods = [p.pk for p in (period, year_end) if p.pk is not None]
    rows = Target.objects.filter(assignment_id__in=assignment_ids, period_id__in=periods).values_list(
        "assignment_id", "period_id", "value"
    )
    return {(a, p): v for a, p, v in rows}


def _usable_budget(own: Season | None, pooled: Season | None, month: int) -> Season | None:
    for season in (own, pooled):
        done = season.done_by(month) if season else None
        if done:
            return season
    return None


def _budget_seasons(year: int) -> tuple[dict[int, Season], Season | None]:
    """The previous fiscal year's disbursements by fiscal month, per agency and for all together, over
    the lines KPI 3.2 counts under that year's rules (budget.selectors.exclusion_reason)."""
    from pramoen.feeds.budget.models import BudgetLine, BudgetMovement, MovementKind
    from pramoen.feeds.budget.selectors import exclusion_reason, rules_for

    past = year - 1
    excluded = rules_for(past).excluded_reasons()
    lines = BudgetLine.objects.filter(fiscal_year=past).select_related("exclusion")
    counted = {
        line.pk: line.agency_id
        for line in lines.only("pk", "agency_id", "budget_type", "source", "welfare", "exclusion")
        if not exclusion_reason(line, excluded, hasattr(line, "exclusion"))
    }
    if not counted:
        return {}, None
    start = fiscal_year_bounds(past)[0]
    rows = (
        BudgetMovement.objects.filter(line__fiscal_year=past, kind=MovementKind.DISBURSEMENT)
        .annotate(month=TruncMonth("date"))
        .values("line_id", "month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    per_agency: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    everyone: list[tuple[int, Decimal]] = []
    for row in rows:
        agency = counted.get(row["line_id"])
        if agency is None:
            continue
        m = fiscal_month(row["month"].month, row["month"].year, start.month, start.year)
        per_agency[agency].append((m, row["total"]))
        everyone.append((m, row["total"]))
    own = {a: Season(past, monthly(v), scope="agency") for a, v in per_agency.items()}
    return own, (Season(past, monthly(everyone), scope="all") if everyone else None)


@dataclass
class _Tickets:
    """Counted and resolved tickets by fiscal month and district office: this year's up to the period's
    end, and the previous year's whole."""

    past_year: int
    office_district: dict[int, int]  # agency id → district id
    now: dict[int, tuple[int, int]]  # district → (counted, resolved) since the year's start
    past: dict[int, tuple[list[Decimal], list[Decimal]]]  # district → (counted, resolved) by month
    pooled: tuple[list[Decimal], list[Decimal]] | None

    def for_agency(self, agency_id: int, month: int) -> tuple[Season | None, int, int]:
        district = self.office_district.get(agency_id)
        if district is None:
            return None, 0, 0
        counted, resolved = self.now.get(district, (0, 0))
        for scope, pattern in (("agency", self.past.get(district)), ("all", self.pooled)):
            if pattern and sum(pattern[0][:month], Decimal(0)) > 0:
                return Season(self.past_year, tuple(pattern[0]), tuple(pattern[1]), scope), counted, resolved
        return None, counted, resolved


def _complaints(fiscal_year: FiscalYear, period: Period) -> _Tickets:
    from pramoen.orgs.models import District

    past = fiscal_year.year - 1
    p_start, p_end = fiscal_year_bounds(past)
    now: dict[int, tuple[int, int]] = {}
    so_far = _ticket_months(fiscal_year.start, period.end, fiscal_year.year)
    for district, _month, counted, resolved in so_far:
        c, r = now.get(district, (0, 0))
        now[district] = (c + counted, r + resolved)
    before: dict[int, tuple[list[Decimal], list[Decimal]]] = {}
    pooled = ([Decimal(0)] * MONTHS, [Decimal(0)] * MONTHS)
    for district, month, counted, resolved in _ticket_months(p_start, p_end, past):
        m = fiscal_month(month.month, month.year, p_start.month, p_start.year)
        c_list, r_list = before.setdefault(district, ([Decimal(0)] * MONTHS, [Decimal(0)] * MONTHS))
        for lists in ((c_list, r_list), pooled):
            lists[0][m - 1] += counted
            lists[1][m - 1] += resolved
    offices = dict(District.objects.filter(office__isnull=False).values_list("office_id", "pk"))
    return _Tickets(past, offices, now, before, pooled if before else None)


def _ticket_months(start: dt.date, end: dt.date, year: int) -> list[tuple[int, dt.datetime, int, int]]:
    """(district, month, counted, resolved) of the attributions created in [start, end] under the KPI's
    rules of ``year`` (complaints.selectors: the same conditions as the score)."""
    from pramoen.feeds.complaints.rules import BANGKOK, rules_for
    from pramoen.feeds.complaints.selectors import attributions_in, exclusion_conditions

    counted = exclusion_conditions(dedup=True)["counted"]
    resolved = counted & Q(ticket__state__in=rules_for(year).resolved_states)
    rows = (
        attributions_in(start, end)
        .annotate(month=TruncMonth("created_at", tzinfo=BANGKOK))
        .values("district_id", "month")
        .annotate(counted=Count("pk", filter=counted), resolved=Count("pk", filter=resolved))
        .order_by()
    )
    return [(r["district_id"], r["month"], r["counted"], r["resolved"]) for r in rows]
